"""The kørekort pickers (issue #17 §1; `core.combobox`, docs/pickers.md): the unit of a new
kørekort task, and the employee and the resource person (reviewer) of a practice review,
searched as the user types instead of listing every unit or everyone in a forvaltning."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from lederspor.core.access import not_found
from lederspor.core.combobox import picker_object_id, pickers
from lederspor.licences import selectors
from lederspor.licences.access import get_licence_task_for
from lederspor.people.models import OrgUnit, Person
from lederspor.people.pickers import person_picker, unit_picker
from lederspor.people.roles import request_led_unit_ids, roles_for

#: the unit of the new-task form on the kørekort list (no `for`: the set depends on the viewer)
TASK_UNIT = "licences.task_unit"
#: the employee of the practice-review form (`for`: the kørekort task's id)
REVIEW_PERSON = "licences.review_person"
#: the resource person of the practice-review form (`for`: the kørekort task's id)
REVIEWER = "licences.reviewer"


def managed_units(request: HttpRequest) -> QuerySet[OrgUnit]:
    """Units the viewer may create kørekort tasks in: any for consultants/HR staff, else those
    they lead (by name)."""
    if roles_for(request).works_with_programmes:
        return OrgUnit.objects.order_by("name")
    return OrgUnit.objects.filter(pk__in=request_led_unit_ids(request)).order_by("name")


def task_unit_choices(request: HttpRequest, picker_for: str) -> QuerySet[OrgUnit]:
    """The units offered on the new-task form: `managed_units`; Http404 when there are none
    (the list page then shows no form)."""
    units = managed_units(request)
    if not units.exists():
        raise not_found()
    return units


def review_person_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The employees offered on the review form of task `picker_for`: the rule of
    `licences.views.licence_review` (`get_licence_task_for(write=True)`), the people of the
    task's unit and below (`selectors.task_people`)."""
    task = get_licence_task_for(request, picker_object_id(picker_for), write=True).task
    return selectors.task_people(task=task)


def reviewer_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The resource persons offered on the review form of task `picker_for` (the same rule):
    `selectors.resource_people` today."""
    task = get_licence_task_for(request, picker_object_id(picker_for), write=True).task
    today: dt.date = timezone.localdate()
    return selectors.resource_people(task=task, on=today)


def register() -> None:
    """Register the kørekort pickers (called from `LicencesConfig.ready`)."""
    pickers.register(unit_picker(TASK_UNIT, choices=task_unit_choices))
    pickers.register(person_picker(REVIEW_PERSON, choices=review_person_choices))
    pickers.register(person_picker(REVIEWER, choices=reviewer_choices))
