"""The conversations' picker (issue #17 §1; `core.combobox`, docs/pickers.md): the host of a
career conversation on the planning form, searched as the user types instead of listing every
leader and HR employee of the municipality."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.conversations.access import can_plan
from lederspor.conversations.selectors import career_host_choices
from lederspor.core.access import not_found
from lederspor.core.combobox import picker_object_id, pickers
from lederspor.people.models import Person
from lederspor.people.pickers import person_picker
from lederspor.programmes.access import get_enrolment_for

#: the career conversation's host on the planning form (`for`: the enrolment's id)
CAREER_HOST = "conversations.career_host"


def career_host_picker_choices(request: HttpRequest, picker_for: str) -> QuerySet[Person]:
    """The hosts offered when planning a conversation for enrolment `picker_for`: the rule of
    `conversations.views.plan` (a relation that may plan, else Http404),
    `selectors.career_host_choices`."""
    enrolment, relations = get_enrolment_for(request, picker_object_id(picker_for))
    if not can_plan(relations):
        raise not_found()
    return career_host_choices(enrolment=enrolment)


def register() -> None:
    """Register the conversations' picker (called from `ConversationsConfig.ready`)."""
    pickers.register(person_picker(CAREER_HOST, choices=career_host_picker_choices))
