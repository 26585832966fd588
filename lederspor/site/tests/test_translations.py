"""Texts built before a request must still follow the request's language.

A gettext call at module or class level runs once, at import, in the default language (Danish),
so an English user got Danish messages; so did a gettext_lazy text formatted with % there. The
first test finds such calls in the source; the others pin the texts that had the problem.
"""

import ast
from pathlib import Path

from django.utils import translation

import lederspor

EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}
LAZY = {"gettext_lazy", "ngettext_lazy", "pgettext_lazy", "npgettext_lazy"}


def _import_time_translations(path: Path) -> list[str]:
    """The gettext calls in `path` that run at import: an eager one outside any function, or
    a lazy one formatted with % (which evaluates it) outside any function."""
    tree = ast.parse(path.read_text())
    eager, lazy = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                name = alias.asname or alias.name
                if alias.name in EAGER:
                    eager.add(name)
                elif alias.name in LAZY:
                    lazy.add(name)

    def named(node: ast.AST, names: set[str]) -> bool:
        return (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names
        )

    found = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            if named(child, eager) or (
                isinstance(child, ast.BinOp)
                and isinstance(child.op, ast.Mod)
                and named(child.left, lazy)
            ):
                found.append(f"{path}:{child.lineno}")
            visit(child)

    visit(tree)
    return found


def test_no_text_is_translated_at_import_time():
    root = Path(lederspor.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found += _import_time_translations(path)
    assert found == [], "translated at import (use gettext_lazy, or translate in a function)"


def test_the_article_upload_help_follows_the_language():
    from lederspor.clarification.forms import AttachmentForm

    with translation.override("en"):
        assert AttachmentForm()["upload"].help_text.startswith("Maximum 10 MB")
    with translation.override("da"):
        assert AttachmentForm()["upload"].help_text.startswith("Højst 10 MB")


def test_job_visit_messages_follow_the_language():
    from lederspor.visits.views import SECTION_MESSAGES

    with translation.override("en"):
        assert str(SECTION_MESSAGES["observed"]) == "Your observations have been saved."
    with translation.override("da"):
        assert str(SECTION_MESSAGES["observed"]) == "Dine iagttagelser er gemt."


def test_the_building_block_guide_follows_the_language():
    from lederspor.agreements.forms import BLOCK_KIND_GUIDE

    with translation.override("en"):
        assert str(BLOCK_KIND_GUIDE[2][0]) == "Practice element"
    with translation.override("da"):
        assert str(BLOCK_KIND_GUIDE[2][0]) == "Praksiselement"


def test_a_groups_mix_is_described_in_the_language():
    from lederspor.grouping.score import why_diverse

    columns = {"department": ["A", "B", "C"], "workplace": ["x", "x", "y"]}
    modes = {"department": "spread", "workplace": "spread"}
    with translation.override("en"):
        assert why_diverse(columns, modes) == ["3 departments", "2 workplaces"]
    with translation.override("da"):
        assert why_diverse(columns, modes) == ["3 forvaltninger", "2 arbejdspladser"]


def test_a_word_with_two_meanings_is_translated_by_its_context(cast, as_):
    """ "Hold" is the list of cohorts in the menu and on the list page, one cohort in a column."""
    from django.urls import reverse

    from lederspor.core.models import User

    User.objects.filter(pk=cast.consultant.user_id).update(language="en")
    page = as_(cast.consultant).get(reverse("programmes:cohort_list")).content.decode()
    assert "<h1>Cohorts</h1>" in page
    assert '<th scope="col">Cohort</th>' in page


def test_the_error_page_and_object_names_follow_the_language(rf):
    """The 500 page is rendered without a request context, in the active language; object
    names (the admin's lists and selects) are translated too."""
    from django.views.defaults import server_error

    from lederspor.grouping.models import GroupingRound
    from lederspor.programmes.models import Cohort

    with translation.override("en"):
        page = server_error(rf.get("/")).content.decode()
        assert '<html lang="en">' in page and "Something went wrong" in page
        assert str(GroupingRound(cohort=Cohort(name="Hold A"), number=2)) == "Hold A – round 2"
    with translation.override("da"):
        assert "Der opstod en fejl" in server_error(rf.get("/")).content.decode()
        assert str(GroupingRound(cohort=Cohort(name="Hold A"), number=2)) == "Hold A – runde 2"


def test_english_plural_model_names_differ_from_the_singular():
    # Danish writes "forløb", "hold", "jobbesøg" … alike in singular and plural; without a
    # context the English admin said "programme" for the list of programmes
    from django.apps import apps

    models = [m for m in apps.get_models() if m.__module__.startswith("lederspor")]
    with translation.override("da"):
        danish = {m: str(m._meta.verbose_name_plural) for m in models}
    with translation.override("en"):
        wrong = [
            (m._meta.label, str(m._meta.verbose_name_plural))
            for m in models
            if str(m._meta.verbose_name) not in {"attendance", "leader talk feedback"}
            and str(m._meta.verbose_name_plural) in {str(m._meta.verbose_name), danish[m]}
        ]
    assert wrong == []


def test_the_list_of_programmes_is_called_programmes_in_english(cast, as_):
    from django.apps import apps
    from django.urls import reverse

    client = as_(cast.aspirant)
    page = client.get(reverse("programmes:programme_list"), HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Programmes</h1>" in page.content.decode()
    with translation.override("en"):
        assert str(apps.get_app_config("programmes").verbose_name) == "Programmes"
