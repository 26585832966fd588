"""Services behind the conversation reminders (issue #3 §6), run by the worker's tasks
(`tasks.py`): each decides, queues the mail, saves that it was sent and writes the audit row
in one transaction.

- "Not held by its date": the day after a planned conversation's date, if it is still planned,
  its date unchanged and no reminder was sent for that date, the organiser and the participant
  get "Samtalen er ikke registreret som afholdt".
- An agreed action: on its due date, if it is not done, the date unchanged and no reminder was
  sent for that date, its owner gets a reminder naming the due date; sent later than that date
  it says "overskredet". The subject never carries the action's text (it is private to the
  conversation); the body, to the owner, does.

They take the row's id and the date the task was scheduled for and re-check everything, so
moving a date needs no cancellation (the old task finds another date and does nothing) and
nothing is sent twice (`not_held_reminded_on` / `reminded_on` keep the date sent for).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from lederspor.conversations.audit import ConversationAction
from lederspor.conversations.calendar import conversation_url
from lederspor.conversations.models import AgreedAction, Conversation, ConversationStatus
from lederspor.core.audit import audit_record
from lederspor.notifications.services import email_send

SENT, SKIPPED = "sent", "skipped"


@transaction.atomic
def conversation_not_held_remind(*, conversation_id: int, planned_on: str) -> str:
    """Queue "Samtalen er ikke registreret som afholdt" (mail `conversations/email/not_held`)
    to the organiser and the participant, each once, in their language. `planned_on`: ISO date
    the task was scheduled for. Returns "sent" or "skipped" (gone, held/signed/cancelled, moved,
    already reminded). Audit action "conversation.remind_not_held" (no actor: the worker)."""
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .filter(pk=conversation_id)
        .select_related("enrolment__person", "organiser")
        .first()
    )
    if conversation is None or conversation.status != ConversationStatus.PLANNED:
        return SKIPPED
    day = timezone.localdate(conversation.starts_at)
    if day.isoformat() != planned_on or conversation.not_held_reminded_on == day:
        return SKIPPED
    participant = conversation.enrolment.person
    recipients = {p.pk: p for p in (conversation.organiser, participant) if p is not None}
    email_send(
        to=recipients.values(),
        template="conversations/email/not_held",
        context={
            "conversation": conversation,
            "participant": participant,
            "planned_on": day,
            "url": conversation_url(conversation),
        },
        kind="conversations.not_held",
        about=conversation,
        cohort_id=conversation.enrolment.cohort_id,
    )
    conversation.not_held_reminded_on = day
    conversation.save(update_fields=["not_held_reminded_on", "updated_at"])
    audit_record(
        actor=None,
        action=ConversationAction.CONVERSATION_REMIND_NOT_HELD,
        obj=conversation,
        planned_on=planned_on,
        recipients=sorted(recipients),
    )
    return SENT


@transaction.atomic
def action_remind(*, action_id: int, due_on: str) -> str:
    """Queue the due-date reminder (mail `conversations/email/action_due`) for one agreed
    action to its owner, in their language: the conversation's kind and date and a link, never
    the action's text (it is private to the conversation; issue #15 §4). `due_on`: ISO date the
    task was scheduled for. Returns "sent" or "skipped" (gone, done, moved, already reminded, conversation cancelled).
    Audit action "conversation.remind_action" (no actor: the worker)."""
    action = (
        AgreedAction.objects.select_for_update(of=("self",))
        .filter(pk=action_id)
        .select_related("owner", "conversation__enrolment__person")
        .first()
    )
    if (
        action is None
        or action.done_at is not None
        or action.due_on is None
        or action.due_on.isoformat() != due_on
        or action.reminded_on == action.due_on
        or action.conversation.status == ConversationStatus.CANCELLED
    ):
        return SKIPPED
    conversation, due = action.conversation, action.due_on
    email_send(
        to=[action.owner],
        template="conversations/email/action_due",
        context=lambda person: {
            "action": action,
            "kind": conversation.get_kind_display().lower(),
            "participant": conversation.enrolment.person,
            # never the action's text (issue #15 §4): the date of the conversation and a link
            "held_on": timezone.localdate(conversation.starts_at),
            "overdue": timezone.localdate() > due,  # the worker was down that day
            "url": conversation_url(conversation),
        },
        kind="conversations.action_due",
        about=action,
        cohort_id=conversation.enrolment.cohort_id,
    )
    action.reminded_on = action.due_on
    action.save(update_fields=["reminded_on", "updated_at"])
    audit_record(
        actor=None, action=ConversationAction.CONVERSATION_REMIND_ACTION, obj=action, due_on=due_on
    )
    return SENT
