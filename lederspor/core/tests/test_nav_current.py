"""`{% nav_current %}`: the menu marks the page's own entry with aria-current="page"."""

from types import SimpleNamespace

import pytest
from django.template import Context, Template


def _render(view_name: str, args: str) -> str:
    request = SimpleNamespace(resolver_match=SimpleNamespace(view_name=view_name))
    template = Template("{% load lederspor %}<a{% nav_current " + args + " %}>")
    return template.render(Context({"request": request}))


@pytest.mark.parametrize(
    ("view_name", "args", "current"),
    [
        ("site:home", '"site:home"', True),
        ("site:my_reports", '"site:home"', False),
        ("reports:diversity", '"reports:"', True),
        ("reportsx:diversity", '"reports:"', False),
        ("programmes:cohort_archive", '"programmes:cohort_*"', True),
        ("programmes:cohort_detail", '"programmes:cohort_*"', True),
        ("programmes:schedule", '"programmes:cohort_*"', False),
        ("privacy:overview", '"privacy:" exclude="privacy:my_data privacy:notice"', True),
        ("privacy:my_data", '"privacy:" exclude="privacy:my_data privacy:notice"', False),
        ("visits:mine", '"site:home" "visits:mine"', True),
    ],
)
def test_nav_current_marks_the_pages_own_entry(view_name, args, current):
    assert (_render(view_name, args) == '<a aria-current="page">') is current


def test_nav_current_without_a_resolved_view_marks_nothing():
    template = Template('{% load lederspor %}<a{% nav_current "site:home" %}>')
    assert template.render(Context({})) == "<a>"
