"""The competence planner's pickers (issue #17 §1; `core.combobox`, docs/pickers.md): the unit
of a new or copied plan, searched as the user types instead of listing every unit of the
municipality (consultants may plan for all of them), and a plan's people (a participant, who is
responsible for an anchoring), searched among the people of the plan's unit and below."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.competence.access import can_plan_competence, get_plan_for
from lederspor.core.access import not_found
from lederspor.core.combobox import picker_object_id, pickers
from lederspor.people.models import OrgUnit, Person
from lederspor.people.pickers import person_picker, unit_picker
from lederspor.people.roles import request_led_unit_ids, roles_for
from lederspor.people.selectors import unit_people

#: the unit of the new-plan and copy-plan forms (no `for`: the set depends on the viewer only)
PLAN_UNIT = "competence.plan_unit"
#: a participant row and an anchoring's "Hvem" on a plan's pages (`for`: the plan's id)
PLAN_PERSON = "competence.plan_person"


def plannable_units(request: HttpRequest) -> QuerySet[OrgUnit]:
    """Units the viewer may create plans for: all for consultants, else the units they lead
    (by name)."""
    if roles_for(request).works_with_programmes:
        return OrgUnit.objects.order_by("name")
    return OrgUnit.objects.filter(pk__in=request_led_unit_ids(request)).order_by("name")


def plan_unit_choices(request: HttpRequest, picker_for: str) -> QuerySet[OrgUnit]:
    """The units offered on the new-plan and copy-plan forms: `plannable_units`, for those who
    may plan (`can_plan_competence`, the rule of both views); Http404 for anyone else."""
    if not can_plan_competence(request):
        raise not_found()
    return plannable_units(request)


def plan_people(*, unit_id: int | None) -> QuerySet[Person]:
    """The people a plan may name (participants, who is responsible): the active persons of
    the plan's unit `unit_id` and below, by name (`people.selectors.unit_people`); none
    without a unit."""
    return unit_people(unit_id=unit_id) if unit_id else Person.objects.none()


def plan_person_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The people offered on plan `picker_for`'s participant and anchoring rows: the rule of
    those pages (`get_plan_for(write=True)`: Http404 without a relation, 403 read-only, which
    the endpoint answers as 404), `plan_people`."""
    plan = get_plan_for(request, picker_object_id(picker_for), write=True).plan
    return plan_people(unit_id=plan.unit_id)


def register() -> None:
    """Register the planner's pickers (called from `CompetenceConfig.ready`)."""
    pickers.register(unit_picker(PLAN_UNIT, choices=plan_unit_choices))
    pickers.register(person_picker(PLAN_PERSON, choices=plan_person_choices))
