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
            unit=cast.workplace, title="Medicin", description="", valid_months=24, by=cast.leader.user
        )
        return str(task.pk)
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
