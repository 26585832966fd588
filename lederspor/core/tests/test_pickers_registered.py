"""Every registered picker (issue #17 §1; core.combobox, docs/pickers.md) answers those who
may use its form and nobody else (404), finds by name, and is documented in docs/pickers.md."""

from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.combobox import pickers
from lederspor.people.models import OrgUnit

#: key → (the object `for` names, the search, who may, who may not)
CASES = {
    "catalogue.task_host": ("enrolment", "Hanne", ["leader", "chef", "aspirant"], ["host"]),
    "catalogue.task_host_edit": ("assignment", "Hanne", ["leader", "aspirant"], ["host"]),
    "conversations.career_host": ("enrolment", "Lene", ["leader", "aspirant"], ["host"]),
    "programmes.cohort_consultants": ("cohort", "Kim", ["consultant"], ["leader"]),
    "programmes.cohort_consultants:new": ("", "Kim", ["consultant"], ["leader"]),
    "competence.plan_unit": ("", "Arbejdsplads", ["leader", "consultant"], ["aspirant"]),
    "licences.task_unit": ("", "Arbejdsplads", ["leader", "consultant"], ["aspirant"]),
    "licences.review_person": ("licence_task", "Anna", ["leader"], ["aspirant", "host"]),
    "licences.reviewer": ("licence_task", "Lars", ["leader"], ["aspirant", "host"]),
    "mailings.unit": ("", "Arbejdsplads", ["consultant"], ["leader", "aspirant"]),
    "competence.plan_person": ("plan", "Carl", ["leader"], ["aspirant", "other_leader"]),
}


def _object_id(cast, kind: str) -> str:
    if kind == "enrolment":
        return str(cast.enrolment.pk)
    if kind == "cohort":
        return str(cast.cohort.pk)
    if kind == "assignment":
        assignment = TaskAssignment.objects.create(
            enrolment=cast.enrolment, title="Opgave", proposed_by=cast.leader, learning_goal="Mål"
        )
        return str(assignment.pk)
    if kind == "licence_task":
        from lederspor.licences import services

        task = services.licence_task_create(
            unit=cast.workplace,
            title="Medicin",
            description="",
            valid_months=24,
            by=cast.leader.user,
        )
        return str(task.pk)
    if kind == "plan":
        from lederspor.competence.services import plan_create

        plan = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
        return str(plan.pk)
    return ""


def test_every_registered_picker_is_tested_here():
    assert set(pickers.keys()) == {case.split(":")[0] for case in CASES}


def test_every_picker_is_documented():
    page = (Path(settings.BASE_DIR) / "docs" / "pickers.md").read_text(encoding="utf-8")
    missing = [key for key in pickers.keys() if f"`{key}`" not in page]
    assert not missing, f"docs/pickers.md does not name {missing}"


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_picker_answers_who_may_use_its_form_and_404_for_others(cast, as_, case):
    kind, q, may, may_not = CASES[case]
    key = case.split(":")[0]
    url = reverse("core:picker", args=[key])
    params = {"for": _object_id(cast, kind), "q": q}
    for who in may:
        response = as_(getattr(cast, who)).get(url, params)
        assert response.status_code == 200, (who, response.status_code)
        assert response.json()["results"], (who, "found nothing")
    for who in may_not:
        response = as_(getattr(cast, who)).get(url, params)
        assert response.status_code == 404, (who, response.status_code)


def test_inactive_units_are_never_offered(cast, as_):
    OrgUnit.objects.filter(pk=cast.workplace.pk).update(is_active=False)
    url = reverse("core:picker", args=["mailings.unit"])
    found = as_(cast.consultant).get(url, {"q": "Arbejdsplads"}).json()["results"]
    names = [item["name"] for item in found]
    assert cast.other_workplace.name in names
    assert cast.workplace.name not in names


def test_a_search_in_an_empty_formset_row_shows_the_matches_and_saves_nothing(cast, as_):
    """The plan's participant rows (competence): "Søg" in an extra row is a search, not a save
    that would drop the empty-looking row."""
    from lederspor.competence.models import PlanParticipant
    from lederspor.competence.services import plan_create

    plan = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
    url = reverse("competence:plan_participants", args=[plan.pk])
    data = {
        "participants-TOTAL_FORMS": "3",
        "participants-INITIAL_FORMS": "0",
        "participants-MIN_NUM_FORMS": "0",
        "participants-MAX_NUM_FORMS": "1000",
        "participants-0-person__q": "Carl",
        "participants-0-person__search": "1",
        "version": plan.version,
    }
    response = as_(cast.leader).post(url, data)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'type="radio" name="participants-0-person" value="{cast.colleague.pk}"' in html
    assert not PlanParticipant.objects.filter(plan=plan).exists()

    data["participants-0-person"] = cast.colleague.pk
    del data["participants-0-person__search"]
    response = as_(cast.leader).post(url, data)
    assert response.status_code == 302
    assert PlanParticipant.objects.get(plan=plan).person == cast.colleague
