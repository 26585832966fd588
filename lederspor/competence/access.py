"""Who may see and edit competence plans and kørekort (issue #5 §4).

- A plan: leaders of its unit (their own unit, their reports' units and below) and consultants /
  HR staff see and edit it; its participants read it (403 on a write); everyone else gets 404.
- The six examples: anyone signed in reads them; nobody edits them (they copy them instead).
- A kørekort task: leaders of its unit and consultants manage it; once the holder list is
  published, everyone in the unit reads it; everyone else gets 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lederspor.competence.models import CompetencePlan, LicenceTask
from lederspor.core.access import not_found
from lederspor.people.models import Person
from lederspor.people.roles import request_manages_unit, roles_for
from lederspor.people.selectors import load_units, unit_subtree_ids


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


@dataclass(frozen=True)
class LicenceTaskAccess:
    """What the viewer may do with a kørekort task: `manage` or read the published list."""

    task: LicenceTask
    manage: bool
    me: Person | None


def get_licence_task_for(
    request: HttpRequest, pk: int, *, write: bool = False
) -> LicenceTaskAccess:
    """The kørekort task `pk` for its unit's leaders and consultants (manage) or, once
    published, for everyone in the unit (read; 403 on write). Http404 for anyone else."""
    roles = roles_for(request)
    task = LicenceTask.objects.filter(pk=pk).select_related("unit").first()
    if task is None:
        raise not_found()
    if request_manages_unit(request, task.unit_id):
        return LicenceTaskAccess(task, True, roles.person)
    me = roles.person
    if (
        me is not None
        and task.published_at is not None
        and me.unit_id in unit_subtree_ids({task.unit_id}, load_units())
    ):
        if write:
            raise PermissionDenied
        return LicenceTaskAccess(task, False, me)
    raise not_found()
