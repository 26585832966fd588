"""The competence planner's pickers (issue #17 §1; `core.combobox`, docs/pickers.md): the unit
of a new or copied plan, searched as the user types instead of listing every unit of the
municipality (consultants may plan for all of them)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.competence.access import can_plan_competence
from lederspor.core.access import not_found
from lederspor.core.combobox import pickers
from lederspor.people.models import OrgUnit
from lederspor.people.pickers import unit_picker
from lederspor.people.roles import request_led_unit_ids, roles_for

#: the unit of the new-plan and copy-plan forms (no `for`: the set depends on the viewer only)
PLAN_UNIT = "competence.plan_unit"


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


def register() -> None:
    """Register the planner's pickers (called from `CompetenceConfig.ready`)."""
    pickers.register(unit_picker(PLAN_UNIT, choices=plan_unit_choices))
