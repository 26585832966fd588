"""Calendar invitations for conversations (issue #3 §6): METHOD:REQUEST with a stable UID and
SEQUENCE bumped on change, METHOD:CANCEL on cancellation. A conversation is private
(CLASS:PRIVATE), and a conversation that has already ended (recorded after it was held) gets no
invitation (issue #14 §2).

CONTRACT: the conversation services call `conversation_invite` after planning, rescheduling or
cancelling, inside their transaction. Nothing is sent here: the e-mails are queued and the
worker (`lederspor worker`) delivers them.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.conversations.models import Conversation
from lederspor.notifications import ics
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person


def conversation_url(conversation: Conversation) -> str:
    """Absolute URL of the conversation's page (`conversations:detail`)."""
    return absolute_url(reverse("conversations:detail", args=[conversation.pk]))


def conversation_invitation(conversation: Conversation, attendees: list[Person]) -> ics.Invitation:
    """The calendar entry of `conversation` for `attendees` (UID `stable_uid(conversation)`,
    SEQUENCE `conversation.ics_sequence`, CLASS:PRIVATE)."""
    participant = conversation.enrolment.person
    return ics.Invitation(
        uid=ics.stable_uid(conversation),
        sequence=conversation.ics_sequence,
        summary=_("%(kind)s – %(name)s")
        % {"kind": conversation.get_kind_display(), "name": participant.full_name},
        starts_at=conversation.starts_at,
        ends_at=conversation.ends_at,
        location=conversation.place,
        description=_("Deltagere: %(names)s.")
        % {"names": ", ".join(p.full_name for p in attendees)},
        url=conversation_url(conversation),
        attendees=[(p.full_name, p.email) for p in attendees if p.email],
        private=True,
    )


def conversation_invite(conversation: Conversation, *, method: str = "REQUEST") -> None:
    """Queue an e-mail with the .ics for `conversation` to every attendee (REQUEST or CANCEL,
    with `conversation.ics_sequence` as SEQUENCE), each in their language (mail
    `conversations/email/invitation`). Call after saving the conversation.

    `method`: `ics.REQUEST` (planned or moved: the caller bumps `ics_sequence` on a move) or
    `ics.CANCEL` (STATUS:CANCELLED). Attendees without an e-mail address are skipped, and
    nothing is sent for a conversation that has ended (`ics.has_ended`: planned after the fact
    to record it, or cancelled afterwards). Raises ValueError for another method.
    """
    if method not in (ics.REQUEST, ics.CANCEL):
        raise ValueError(f"method must be REQUEST or CANCEL, got {method!r}")
    if ics.has_ended(conversation.ends_at):
        return
    attendees = [
        a.person
        for a in conversation.attendees.select_related("person").order_by("role", "pk")
        if a.person.email
    ]
    if not attendees:
        return
    cancelled = method == ics.CANCEL
    email_send(
        to=attendees,
        template="conversations/email/invitation",
        context=lambda person: {
            "conversation": conversation,
            "invitation": conversation_invitation(conversation, attendees),
            "cancelled": cancelled,
            "changed": not cancelled and conversation.ics_sequence > 0,
        },
        kind="conversations.cancel" if cancelled else "conversations.invite",
        about=conversation,
        cohort_id=conversation.enrolment.cohort_id,
        ics=lambda person: ics.build_ics(
            conversation_invitation(conversation, attendees), method=method
        ),
    )
