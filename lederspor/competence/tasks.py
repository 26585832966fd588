"""The worker's task for the reminders at a plan's anchoring dates and its scheduling.

Saving field 5 schedules `anchoring_remind` at 07:00 (`notifications.services.reminder_time`)
on the due date, enqueued when the transaction commits; the task calls the service in
`reminders.py`, which re-checks everything and writes the audit row.
"""

from __future__ import annotations

from lederspor.competence import reminders
from lederspor.competence.models import Anchoring
from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.notifications.services import reminder_time


def anchoring_reminder_schedule(anchoring: Anchoring) -> None:
    """Schedule the reminder for `anchoring.due_on` (call in the saving service's
    transaction; enqueued when it commits). Raises ValueError for an anchoring without a date."""
    if anchoring.due_on is None:
        raise ValueError("an anchoring without a due date gets no reminder")
    enqueue_on_commit(
        anchoring_remind,
        anchoring.pk,
        anchoring.due_on.isoformat(),
        run_after=reminder_time(anchoring.due_on),
    )


@task()
def anchoring_remind(anchoring_id: int, due_on: str) -> str:
    """The worker's side of `reminders.anchoring_remind`: "sent" or "skipped"."""
    return reminders.anchoring_remind(anchoring_id=anchoring_id, due_on=due_on)
