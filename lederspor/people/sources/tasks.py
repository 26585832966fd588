"""The nightly OS2mo sync in the worker (docs/os2mo.md "Hver nat").

`lederspor worker` (the long-running worker, not `--batch`) calls `os2mo_sync_schedule()` when
it starts, as it does `privacy.tasks.retention_schedule()`: when OS2mo is configured it enqueues
`os2mo_sync_nightly` for the next LEDERSPOR_OS2MO_SYNC_HOUR o'clock unless one is waiting. Each
run queues the next night's first, then syncs, so the chain keeps going even when OS2mo fails
one night; a worker restart finds the waiting run and adds none. Where the worker does not run,
a systemd timer runs `lederspor sync_org --source os2mo` instead.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.people.sources.os2mo import os2mo_configured, sync_organisation


def next_sync_time(now: dt.datetime | None = None) -> dt.datetime:
    """The next LEDERSPOR_OS2MO_SYNC_HOUR o'clock local time after `now` (aware datetimes)."""
    local = timezone.localtime(now or timezone.now())
    hour = dt.time(settings.LEDERSPOR_OS2MO_SYNC_HOUR)
    run = timezone.make_aware(dt.datetime.combine(local.date(), hour))
    if run <= local:
        run = timezone.make_aware(dt.datetime.combine(local.date() + dt.timedelta(days=1), hour))
    return run


def sync_waiting() -> bool:
    """Whether a nightly sync is already queued and not yet started."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return bool(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=os2mo_sync_nightly.module_path
        ).exists()
    )


def os2mo_sync_schedule(*, now: dt.datetime | None = None) -> bool:
    """Enqueue the next nightly sync (at `next_sync_time(now)`) when OS2mo is configured and
    none is waiting. Returns whether it enqueued one."""
    if not os2mo_configured() or sync_waiting():
        return False
    when = next_sync_time(now)
    enqueue_on_commit(os2mo_sync_nightly, when.date().isoformat(), run_after=when)
    return True


@task()
def os2mo_sync_nightly(day: str) -> dict[str, str | int]:
    """The worker's nightly sync for `day` (the ISO date it was scheduled for): queue the next
    night's run first, then sync. Returns {"run": OrgLoadRun id, "status": its status}."""
    os2mo_sync_schedule()
    run = sync_organisation()
    return {"run": run.pk, "status": run.status}
