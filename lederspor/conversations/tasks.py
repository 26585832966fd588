"""Reminders for conversations and agreed actions (issue #3 §6), run by `lederspor worker`.

CONTRACT: the conversation services call the two `*_schedule` functions after saving, inside
their transaction.

- "Not held by its date": at 07:00 (`notifications.services.reminder_time`, shared with the plans'
  reminders) the day after a planned conversation's date, if it is still planned, its date
  unchanged and no reminder was sent for that date, the organiser and the participant get
  "Samtalen er ikke registreret som afholdt".
- An agreed action: at the same hour on its due date, if it is not done, the date unchanged
  and no reminder was sent for that date, its owner gets a reminder naming the due date
  ("frist 21. november"); when the worker runs it after that date, it says "overskredet".

The tasks take the row's id and the date they were scheduled for and re-check everything at run
time, so moving a date needs no cancellation (the old task finds another date and does nothing)
and nothing is sent twice (`not_held_reminded_on` / `reminded_on` keep the date sent for).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.conversations.calendar import conversation_url
from lederspor.conversations.models import AgreedAction, Conversation, ConversationStatus
from lederspor.notifications.services import email_queue, reminder_time

try:  # Django 6 has the Tasks API built in; on 5.2 the django-tasks backport provides it
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


def conversation_reminders_schedule(conversation: Conversation) -> None:
    """Enqueue the "not held by its date" reminder for `conversation` (call after planning or
    rescheduling): it runs at 07:00 local time the day after `starts_at`'s local date."""
    day = timezone.localdate(conversation.starts_at)
    conversation_not_held_remind.using(run_after=reminder_time(day + dt.timedelta(days=1))).enqueue(
        conversation.pk, day.isoformat()
    )


def action_reminder_schedule(action: AgreedAction) -> None:
    """Enqueue the due-date reminder for `action` (call after creating it or moving its date):
    it runs at 07:00 local time on `due_on`. An action without a due date gets none."""
    if action.due_on is None:
        return
    action_remind.using(run_after=reminder_time(action.due_on)).enqueue(
        action.pk, action.due_on.isoformat()
    )


@task()
def conversation_not_held_remind(conversation_id: int, planned_on: str) -> str:
    """Queue "Samtalen er ikke registreret som afholdt" to the organiser and the participant
    (each once). `planned_on`: ISO date the task was scheduled for. Returns "sent" or "skipped"
    (gone, held/signed/cancelled, moved, already reminded)."""
    with transaction.atomic():
        conversation = (
            Conversation.objects.select_for_update(of=("self",))
            .filter(pk=conversation_id)
            .select_related("enrolment__person", "organiser")
            .first()
        )
        if conversation is None or conversation.status != ConversationStatus.PLANNED:
            return "skipped"
        day = timezone.localdate(conversation.starts_at)
        if day.isoformat() != planned_on or conversation.not_held_reminded_on == day:
            return "skipped"
        participant = conversation.enrolment.person
        recipients = {p.pk: p for p in (conversation.organiser, participant) if p is not None}
        subject = _("Samtalen er ikke registreret som afholdt: %(kind)s – %(name)s") % {
            "kind": conversation.get_kind_display(),
            "name": participant.full_name,
        }
        for person in recipients.values():
            body = _(
                "Kære %(first)s\n\n"
                "Samtalen er ikke registreret som afholdt.\n"
                "%(kind)s med %(name)s var planlagt %(date)s.\n\n"
                "Registrér samtalen som afholdt, eller flyt den til en ny dato:\n%(url)s\n"
            ) % {
                "first": person.first_name,
                "kind": conversation.get_kind_display(),
                "name": participant.full_name,
                "date": day.strftime("%d.%m.%Y"),
                "url": conversation_url(conversation),
            }
            email_queue(
                to=person,
                subject=subject,
                body=body,
                kind="conversations.not_held",
                about=conversation,
            )
        conversation.not_held_reminded_on = day
        conversation.save(update_fields=["not_held_reminded_on", "updated_at"])
        return "sent"


@task()
def action_remind(action_id: int, due_on: str) -> str:
    """Queue the due-date reminder for one agreed action to its owner. `due_on`: ISO date the
    task was scheduled for. Returns "sent" or "skipped" (gone, done, moved, already reminded,
    conversation cancelled)."""
    with transaction.atomic():
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
            return "skipped"
        conversation = action.conversation
        overdue = timezone.localdate() > action.due_on
        values = {
            "first": action.owner.first_name,
            "kind": conversation.get_kind_display().lower(),
            "name": conversation.enrolment.person.full_name,
            "day": date_format(action.due_on, "j. F"),
            "date": date_format(action.due_on, "j. F Y"),
            "text": action.text,
            "short": action.text[:80],
            "url": conversation_url(conversation),
        }
        if overdue:  # the worker was down on the due date: say so, not "i dag"
            subject = _("Påmindelse: aftalens frist %(day)s er overskredet – %(short)s")
            lead = _(
                "Fristen for en aftale fra %(kind)s med %(name)s var %(date)s og er overskredet:"
            )
        else:
            subject = _("Påmindelse: aftale med frist %(day)s (i dag) – %(short)s")
            lead = _("Fristen for en aftale fra %(kind)s med %(name)s er i dag, %(date)s:")
        body = (
            _("Kære %(first)s") % values
            + "\n\n"
            + lead % values
            + "\n\n"
            + action.text
            + "\n\n"
            + _("Markér aftalen som udført i Lederspor:\n%(url)s\n") % values
        )
        email_queue(
            to=action.owner,
            subject=subject % values,
            body=body,
            kind="conversations.action_due",
            about=action,
        )
        action.reminded_on = action.due_on
        action.save(update_fields=["reminded_on", "updated_at"])
        return "sent"
