"""The worker's task for the Leder på spring pre-start mailing, and its scheduling.

Saving the mailing, or moving the cohort's start date (`services.mailing_follow_cohort_dates`,
the hub's `cohort_dates_moved` hook), schedules `mailing_send` at 07:00 local time `days_before`
days before `cohort.starts_on` (`mailing.send_time`), with the moment it was scheduled for,
enqueued when the transaction commits. At run time the service (`mailing.mailing_send_due`)
re-checks: if the mailing is gone or its current moment is a different one (a newer task
exists), it does nothing — so moving a date needs no cancellation.
"""

from __future__ import annotations

from lederspor.clarification import mailing as mailing_services
from lederspor.clarification.mailing import send_time
from lederspor.clarification.models import PreStartMailing
from lederspor.core.tasks import enqueue_on_commit, task


def mailing_schedule(mailing: PreStartMailing) -> bool:
    """Schedule `mailing_send` for the mailing's current send time (enqueued when the caller's
    transaction commits) unless that moment is already scheduled. Returns True if it was."""
    when = send_time(mailing)
    if mailing.scheduled_for == when:
        return False
    mailing.scheduled_for = when
    PreStartMailing.objects.filter(pk=mailing.pk).update(scheduled_for=when)
    enqueue_on_commit(mailing_send, mailing.pk, when.isoformat(), run_after=when)
    return True


@task()
def mailing_send(mailing_id: int, scheduled_for: str) -> str:
    """The worker's side of `mailing.mailing_send_due`: "sent", "nobody" or "skipped"."""
    return mailing_services.mailing_send_due(mailing_id=mailing_id, scheduled_for=scheduled_for)
