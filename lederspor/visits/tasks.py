"""The worker's task for the "a visit is missing before the wrap-up" reminder and its scheduling.

CONTRACT: `wrap_up_book` calls `missing_visits_reminder_schedule` after saving, inside its
transaction; the task is enqueued when it commits (`core.tasks.enqueue_on_commit`) and runs at
07:00 (`notifications.services.reminder_time`) `REMIND_DAYS_BEFORE` days before the wrap-up (at
once when the wrap-up is booked later than that). The task takes the group's id and the start it
was scheduled for and calls `reminders.missing_visits_remind`, which re-checks everything (so a
rebooking needs no cancellation) and writes the audit rows.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.notifications.services import reminder_time
from lederspor.visits import reminders
from lederspor.visits.models import WrapUpGroup

#: days before the wrap-up that a pair still missing a visit is reminded (seed 001: "Det er
#: vigtigt, at jobbesøgene er gennemført inden den fælles opsamling")
REMIND_DAYS_BEFORE = 14


def missing_visits_reminder_schedule(group: WrapUpGroup) -> None:
    """Enqueue the reminder for the pairs of `group` (booked: `starts_at` set) at 07:00 local
    time `REMIND_DAYS_BEFORE` days before its start. Raises ValueError for an unbooked group."""
    if group.starts_at is None:
        raise ValueError("an unbooked wrap-up gets no reminder")
    day = timezone.localdate(group.starts_at) - dt.timedelta(days=REMIND_DAYS_BEFORE)
    enqueue_on_commit(
        missing_visits_remind,
        group.pk,
        group.starts_at.isoformat(),
        run_after=reminder_time(day),
    )


@task()
def missing_visits_remind(group_id: int, starts_at: str) -> int:
    """The worker's side of `reminders.missing_visits_remind`: the number of pairs reminded."""
    return reminders.missing_visits_remind(group_id=group_id, starts_at=starts_at)
