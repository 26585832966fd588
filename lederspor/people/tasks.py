"""Background tasks of the organisation floor, run by `lederspor worker` (django-tasks)."""

from __future__ import annotations

from lederspor.core.tasks import task
from lederspor.people.runs import execute_run


@task()
def run_org_load(run_id: int) -> str:
    """Run the queued organisation load `run_id` (`people.runs.execute_run`: one import file,
    all or nothing, with progress and the report on the run). Queued by `runs.start_file_run`
    and `runs.confirm_run` when their transaction commits. Returns the run's final status, or
    "skipped" when it was not queued (already run by another worker)."""
    return execute_run(run_id)
