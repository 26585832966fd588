"""The menu, the phone menu button and the footer (issue #16 §4): menu entries only for what
the person has, a menu button that works under the CSP, the accessibility statement and the
privacy notice in the footer, and the system check that asks for the statement."""

import re

import pytest
from django.core.checks import Warning as CheckWarning
from django.urls import reverse

from lederspor.competence.models import PlanParticipant
from lederspor.competence.services import plan_create
from lederspor.site.checks import accessibility_statement_check

COMPETENCE = f'href="{reverse("competence:plan_list")}"'
CONVERSATIONS = f'href="{reverse("conversations:list")}"'
TEMPLATES = f'href="{reverse("conversations:template_list")}"'
STATEMENT = "https://www.was.digst.dk/testkommune"


def menu(client) -> str:
    page = client.get("/").content.decode()
    start = page.index('<nav class="main-nav"')
    return page[start : page.index("</nav>", start)]


@pytest.mark.parametrize("who", ["consultant", "hr_colleague", "leader", "chef"])
def test_those_who_work_with_plans_have_competence_in_the_menu(cast, as_, who):
    assert COMPETENCE in menu(as_(getattr(cast, who)))


@pytest.mark.parametrize("who", ["host", "outsider", "aspirant", "colleague"])
def test_a_host_or_employee_without_a_plan_has_no_competence_entry(cast, as_, who):
    assert COMPETENCE not in menu(as_(getattr(cast, who)))


def test_a_plans_participant_has_the_competence_entry(cast, as_):
    plan = plan_create(title="Medicin til beboerne", unit=cast.workplace, by=cast.admin)
    PlanParticipant.objects.create(plan=plan, person=cast.colleague)
    assert COMPETENCE in menu(as_(cast.colleague))


@pytest.mark.parametrize("who", ["consultant", "leader", "aspirant"])
def test_those_with_conversations_have_them_in_the_menu(cast, as_, who):
    assert CONVERSATIONS in menu(as_(getattr(cast, who)))


@pytest.mark.parametrize("who", ["host", "outsider"])
def test_no_conversations_entry_for_someone_who_attends_none(cast, as_, who):
    assert CONVERSATIONS not in menu(as_(getattr(cast, who)))


def test_the_conversation_page_links_the_templates_only_to_those_who_may_read_them(cast, as_):
    """The host's "Se samtaleskabelonerne" led to a 404 (issue #16 §4)."""
    for who, shown in [("host", False), ("outsider", False), ("leader", True), ("aspirant", True)]:
        client = as_(getattr(cast, who))
        page = client.get(reverse("conversations:list")).content.decode()
        assert (TEMPLATES in page) is shown, who
        if shown:
            assert client.get(reverse("conversations:template_list")).status_code == 200


def test_every_menu_entry_is_one_line(settings):
    """A helper adding an entry adds one line (merges stay simple)."""
    template = (settings.BASE_DIR / "templates" / "base.html").read_text(encoding="utf-8")
    nav = template[template.index('<nav class="main-nav"') : template.index("</nav>")]
    for line in nav.splitlines():
        if "<li>" in line:
            assert line.count("<li>") == 1 and "</li>" in line, line


def test_the_menu_button_controls_the_menu_and_its_script_is_a_file(cast, as_):
    page = as_(cast.leader).get("/").content.decode()
    button = re.search(r"<button class=\"menu-toggle\"[^>]*>", page).group(0)
    assert 'aria-expanded="false"' in button and 'aria-controls="main-menu"' in button
    assert "hidden" in button  # without JavaScript the menu stays open and the button away
    assert 'id="main-menu"' in page
    assert '<script src="/static/lederspor/menu.js" defer></script>' in page
    assert "<script>" not in page  # nothing inline (CSP: script-src 'self')


def test_the_menu_script_is_served(cast, as_):
    response = as_(cast.leader).get("/static/lederspor/menu.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "aria-expanded" in body and "Escape" in body


# --- the footer -------------------------------------------------------------------------------


def footer(client, path="/") -> str:
    page = client.get(path).content.decode()
    return page[page.index('<footer class="site-footer"') :]


def test_the_footer_links_the_accessibility_statement_and_the_privacy_notice(
    cast, as_, client, settings
):
    settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = STATEMENT
    for page in (footer(as_(cast.host)), footer(client, reverse("login"))):
        assert f'href="{STATEMENT}"' in page
        assert "Tilgængelighedserklæring" in page
        assert f'href="{reverse("privacy:notice")}"' in page


def test_without_a_statement_the_link_is_left_out(cast, as_, settings):
    settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = ""
    page = footer(as_(cast.leader))
    assert "Tilgængelighedserklæring" not in page
    assert f'href="{reverse("privacy:notice")}"' in page
    assert as_(cast.leader).get(reverse("privacy:notice")).status_code == 200


def test_the_check_warns_while_the_statement_is_unset(settings):
    settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = ""
    (warning,) = accessibility_statement_check()
    assert isinstance(warning, CheckWarning) and warning.id == "site.W001"
    assert "web accessibility law" in warning.hint


@pytest.mark.parametrize("value", ["was.digst.dk", "ftp://was.digst.dk/x", "javascript:alert(1)"])
def test_the_check_warns_about_an_address_that_is_not_a_web_page(settings, value):
    settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = value
    (warning,) = accessibility_statement_check()
    assert warning.id == "site.W002"


def test_the_check_is_quiet_with_a_statement(settings):
    settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = STATEMENT
    assert accessibility_statement_check() == []


def test_the_demo_sets_an_example_statement(monkeypatch):
    import os

    from lederspor import cli

    monkeypatch.delenv("LEDERSPOR_ACCESSIBILITY_STATEMENT_URL", raising=False)
    monkeypatch.setattr("django.core.management.execute_from_command_line", lambda args: None)
    cli.main(["lederspor", "demo", "--no-serve"])
    assert (
        os.environ["LEDERSPOR_ACCESSIBILITY_STATEMENT_URL"] == cli.DEMO_ACCESSIBILITY_STATEMENT_URL
    )
    monkeypatch.setenv("LEDERSPOR_ACCESSIBILITY_STATEMENT_URL", STATEMENT)
    cli.main(["lederspor", "demo", "--no-serve"])
    assert os.environ["LEDERSPOR_ACCESSIBILITY_STATEMENT_URL"] == STATEMENT
