"""The worker's tasks for conversation reminders (issue #3 §6) and their scheduling.

CONTRACT: the conversation services call the two `*_schedule` functions after saving, inside
their transaction; the task is enqueued when it commits (`core.tasks.enqueue_on_commit`). The
"not held" reminder runs at 07:00 (`notifications.services.reminder_time`) the day after the
conversation's date, an action's reminder at 07:00 on its due date. Each task takes the row's
id and the date it was scheduled for and calls the service in `reminders.py`, which re-checks
everything (so moving a date needs no cancellation) and writes the audit row.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.conversations import reminders
from lederspor.conversations.models import AgreedAction, Conversation
from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.notifications.services import reminder_time


def conversation_reminders_schedule(conversation: Conversation) -> None:
    """Enqueue the "not held by its date" reminder for `conversation` (call after planning or
    rescheduling): it runs at 07:00 local time the day after `starts_at`'s local date."""
    day = timezone.localdate(conversation.starts_at)
    enqueue_on_commit(
        conversation_not_held_remind,
        conversation.pk,
        day.isoformat(),
        run_after=reminder_time(day + dt.timedelta(days=1)),
    )


def action_reminder_schedule(action: AgreedAction) -> None:
    """Enqueue the due-date reminder for `action` (call after creating it or moving its date):
    it runs at 07:00 local time on `due_on`. An action without a due date gets none."""
    if action.due_on is None:
        return
    enqueue_on_commit(
        action_remind, action.pk, action.due_on.isoformat(), run_after=reminder_time(action.due_on)
    )


@task()
def conversation_not_held_remind(conversation_id: int, planned_on: str) -> str:
    """The worker's side of `reminders.conversation_not_held_remind`: "sent" or "skipped"."""
    return reminders.conversation_not_held_remind(
        conversation_id=conversation_id, planned_on=planned_on
    )


@task()
def action_remind(action_id: int, due_on: str) -> str:
    """The worker's side of `reminders.action_remind`: "sent" or "skipped"."""
    return reminders.action_remind(action_id=action_id, due_on=due_on)
