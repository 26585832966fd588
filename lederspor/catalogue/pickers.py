"""The catalogue's pickers (issue #17 §1; `core.combobox`, docs/pickers.md): the task's host
(opgaveejer/vært) on the propose and edit forms, searched as the user types instead of listing
every person of the municipality."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.catalogue import selectors
from lederspor.catalogue.access import TASK_PROPOSERS, TaskAction, get_assignment_for
from lederspor.core.combobox import picker_object_id, pickers
from lederspor.people.models import Person
from lederspor.people.pickers import person_picker
from lederspor.programmes.access import get_enrolment_for

#: the host on the propose form (`for`: the enrolment's id)
TASK_HOST = "catalogue.task_host"
#: the host on the edit form (`for`: the task assignment's id)
TASK_HOST_EDIT = "catalogue.task_host_edit"


def task_host_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The hosts offered when proposing a task for enrolment `picker_for`: the same rule as
    `catalogue.views.assignment_create` (a `TASK_PROPOSERS` relation, else Http404/403), the
    active persons without the participant (`selectors.host_choices`)."""
    enrolment, _relations = get_enrolment_for(
        request, picker_object_id(picker_for), allowed=TASK_PROPOSERS
    )
    return selectors.host_choices(exclude=enrolment.person)


def task_host_edit_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The hosts offered when editing task assignment `picker_for`: the same rule as
    `catalogue.views.assignment_edit` (`TaskAction.EDIT`, else Http404/403)."""
    assignment, _relations = get_assignment_for(
        request, picker_object_id(picker_for), action=TaskAction.EDIT
    )
    return selectors.host_choices(exclude=assignment.enrolment.person)


def register() -> None:
    """Register the catalogue's pickers (called from `CatalogueConfig.ready`)."""
    pickers.register(person_picker(TASK_HOST, choices=task_host_choices))
    pickers.register(person_picker(TASK_HOST_EDIT, choices=task_host_edit_choices))
