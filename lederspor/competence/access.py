"""Who may see and edit competence plans (issue #5 §4); kørekort: `licences.access`.

- A plan: leaders of its unit (their own unit, their reports' units and below) and consultants /
  HR staff see and edit it; its participants read it (403 on a write); everyone else gets 404.
- The six examples: anyone signed in reads them; nobody edits them (they copy them instead).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lederspor.competence.models import CompetencePlan
from lederspor.core.access import not_found
from lederspor.people.models import Person
from lederspor.people.roles import request_manages_unit, roles_for


@dataclass(frozen=True)
class PlanAccess:
    """What the viewer may do with a plan: `edit` (leaders, consultants) or only read."""

    plan: CompetencePlan
    edit: bool
    me: Person | None


def can_plan_competence(request: HttpRequest) -> bool:
    """May create plans: consultants/HR staff and leaders."""
    roles = roles_for(request)
    return roles.works_with_programmes or roles.is_leader


def get_plan_for(request: HttpRequest, pk: int, *, write: bool = False) -> PlanAccess:
    """The plan `pk` as the signed-in person may use it.

    Raises Http404 when they have no relation to it, PermissionDenied (403) when `write` and
    they may only read (participants; everyone on an example).
    """
    roles = roles_for(request)
    plan = (
        CompetencePlan.objects.filter(pk=pk)
        .select_related("unit", "owner", "licence_task", "copied_from")
        .first()
    )
    if plan is None or (roles.person is None and not roles.is_admin):
        raise not_found()
    if plan.is_example:
        if write:
            raise PermissionDenied
        return PlanAccess(plan, False, roles.person)
    if request_manages_unit(request, plan.unit_id):
        return PlanAccess(plan, True, roles.person)
    if roles.person is not None and plan.participants.filter(person=roles.person).exists():
        if write:
            raise PermissionDenied
        return PlanAccess(plan, False, roles.person)
    raise not_found()
