"""Who may see and manage kørekort (seed 004; issue #5 §4).

A kørekort task: the leaders of its unit (their own unit, their reports' units and below) and
consultants / HR staff manage it; once the holder list is published, everyone in the unit and
below reads it (403 on a write); everyone else gets 404.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.licences.models import LicenceTask
from lederspor.people.models import Person
from lederspor.people.roles import request_manages_unit, roles_for
from lederspor.people.selectors import load_units, unit_subtree_ids


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
