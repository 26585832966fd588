"""Who may see, plan and change a conversation (issue #3 §1; STYLE.md §4).

- An attendee (participant, nearest leader, HR consultant or host) sees the conversation in
  their role and may write to it (their own preparation, the shared record, actions, confirm).
  A host sees only the conversations they attend (seed 002 §4).
- The cohort's consultants read every conversation whose template has `consultants_see`
  (seed 003 makes the HR consultant part of start part 1, the midway and the transition
  conversation, and the personality-test feedback; seed 002 the JTI feedback). Reading only:
  a write is 403 unless they also attend.
- Nobody else: not the chef, not an administrator, not the leader unless an attendee → 404.

Planning a conversation for an enrolment: the participant, the nearest leader and the cohort's
consultants (`programmes.access.enrolment_relations`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, Value
from django.http import HttpRequest

from lederspor.conversations.models import (
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationStatus,
)
from lederspor.core.access import Relation, not_found
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.access import cohort_is_consulted_by

#: enrolment relations that may plan a conversation
PLANNERS = {Relation.PARTICIPANT, Relation.LEADER, Relation.CONSULTANT}


@dataclass(frozen=True)
class ConversationAccess:
    """The viewer's standing at one conversation.

    `attendee`: the viewer's own attendee row (None for a reading consultant). `attendees`: all
    attendee rows with their persons, in role order (loaded once for the page).
    """

    conversation: Conversation
    attendee: ConversationAttendee | None
    attendees: list[ConversationAttendee]

    @property
    def can_write(self) -> bool:
        """Attendees write; a reading consultant only reads."""
        return self.attendee is not None

    @property
    def role(self) -> str | None:
        """The viewer's `AttendeeRole` value, or None."""
        return self.attendee.role if self.attendee else None

    @property
    def is_open(self) -> bool:
        """The record may still change (not signed, not cancelled)."""
        return self.conversation.status in (ConversationStatus.PLANNED, ConversationStatus.HELD)

    @property
    def can_manage(self) -> bool:
        """May reschedule or cancel: attendees other than a host, while planned."""
        return (
            self.attendee is not None
            and self.attendee.role != AttendeeRole.HOST
            and self.conversation.status == ConversationStatus.PLANNED
        )


def visible_q(person: Person) -> Q:
    """Filter on `Conversation` for the conversations `person` may see (attends, or consults
    the cohort and the template has `consultants_see`). Use with `.distinct()`."""
    return Q(attendees__person=person) | Q(
        template_version__template__consultants_see=True,
        enrolment__cohort__consultants=person,
    )


def visible_exists(
    person: Person | None, conversation_ref: str | OuterRef = "pk"
) -> Exists | Value:
    """Annotation for a queryset whose rows point at a conversation (`conversation_ref`, an
    OuterRef or the outer field name): True when `person` may see that conversation
    (`visible_q`), False for no person. For panels that link a conversation only for viewers
    who may open it, in the panel's own query."""
    if person is None:
        return Value(False)
    ref = conversation_ref if isinstance(conversation_ref, OuterRef) else OuterRef(conversation_ref)
    return Exists(Conversation.objects.filter(visible_q(person), pk=ref))


def get_conversation_for(
    request: HttpRequest, pk: int, *, write: bool = False, read_consultants: bool = False
) -> ConversationAccess:
    """Load conversation `pk` for the signed-in person.

    `read_consultants`: the cohort's consultants may read whatever the template says (the
    career conversation's letter to the host, which the course hands out; seed 002 §4).
    Raises Http404 when they neither attend nor may read it as the cohort's consultant (or it
    does not exist), PermissionDenied (403) when `write` and they only read. Queries: 3–4.
    """
    me = roles_for(request).person
    conversation = (
        Conversation.objects.select_related(
            "enrolment__person__manager",
            "enrolment__cohort__programme",
            "template_version__template",
            "task_assignment",
            "organiser",
        )
        .filter(pk=pk)
        .first()
    )
    if conversation is None or me is None:
        raise not_found()
    attendees = list(conversation.attendees.select_related("person"))
    mine = next((a for a in attendees if a.person_id == me.pk), None)
    if mine is None:
        template = conversation.template_version.template
        if not (
            (template.consultants_see or read_consultants)
            and cohort_is_consulted_by(cohort=conversation.enrolment.cohort, person=me)
        ):
            raise not_found()
        if write:
            raise PermissionDenied
    return ConversationAccess(conversation, mine, attendees)


def can_plan(relations: set[Relation]) -> bool:
    """True when the enrolment relations allow planning a conversation."""
    return bool(relations & PLANNERS)
