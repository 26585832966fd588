"""The daily retention run in the worker (docs/privacy.md, docs/operations.md "Retention job").

`lederspor worker` (the long-running worker, not `--batch`) calls `retention_schedule()` when
it starts: it enqueues `retention_daily` for the next `RETENTION_HOUR` o'clock unless a run is
already waiting. Each run applies the retention schedule (`services.apply_retention`) and
enqueues the next day's run, so the chain keeps itself going; a worker restart finds the
waiting run and adds none. Where the worker does not run, a systemd timer runs
`lederspor apply_retention` instead.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.privacy.services import apply_retention

#: the local hour the daily retention run starts (at night, away from office hours)
RETENTION_HOUR = 3


def next_run_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next `RETENTION_HOUR` o'clock local time after `now` (aware datetimes)."""
    local = timezone.localtime(now or timezone.now())
    run = timezone.make_aware(dt.datetime.combine(local.date(), dt.time(RETENTION_HOUR)))
    if run <= local:
        run = timezone.make_aware(
            dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(RETENTION_HOUR))
        )
    return run


def retention_waiting() -> bool:
    """Whether a retention run is already queued and not yet started."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return bool(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=retention_daily.module_path
        ).exists()
    )


def retention_schedule(*, now: dt.datetime | None = None) -> bool:
    """Enqueue the next daily retention run (at `next_run_time(now)`) unless one is waiting.
    Returns whether it enqueued one."""
    if retention_waiting():
        return False
    when = next_run_time(now)
    enqueue_on_commit(retention_daily, when.date().isoformat(), run_after=when)
    return True


@task()
def retention_daily(day: str) -> dict[str, int]:
    """The worker's daily retention run for `day` (ISO date it was scheduled for): schedule the
    next day's run first (so a failing rule does not end the chain), then apply every retention
    rule (audited in counts). Returns {rule key: records expired}."""
    retention_schedule()
    result = apply_retention(apply=True)
    return {rule.key: count for rule, count in result}
