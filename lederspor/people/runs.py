"""Organisation loads as recorded runs (`OrgLoadRun`, issue #17 §2 "Imports run in the
background"; docs/import.md "Indlæsning i baggrunden").

- `start_file_run` — HR's upload: the file is stored privately on the run (queued) and the
  worker is asked to run it when the request's transaction commits; the page returns at once.
- `confirm_run` — "Bekræft og deaktivér": a run refused for deactivating more than the allowed
  share is queued again with confirmation (its file was kept for this).
- `execute_run` — the worker's (and `import_org`'s) part: claim the queued run, read the file,
  call the one write path `importing.load_tables` (all or nothing, with progress), store the
  report and the status, and delete the file (kept only while the run waits for confirmation).
- `run_report` — a `LoadResult` as the run's JSON report: counts, every row error, the
  deactivation list.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.core.models import User
from lederspor.core.uploads import UploadLimits
from lederspor.people.importing import (
    ImportResult,
    LoadResult,
    Table,
    TableError,
    load_tables,
    read_table,
)
from lederspor.people.models import OrgLoadRun

logger = logging.getLogger(__name__)

#: `OrgLoadRun.kind` of a file import
KINDS = ("units", "persons")


def _result_report(result: ImportResult) -> dict[str, Any]:
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "users_created": result.users_created,
        "leadership": result.leadership_summary,
        "errors": [
            {"line": e.line, "column": e.column, "message": e.message} for e in result.errors
        ],
    }


def run_report(result: LoadResult) -> dict[str, Any]:
    """`result` as JSON for `OrgLoadRun.report`: `{"units": {...}, "persons": {...},
    "deactivation": {...}, "ok": bool}`, each kind with its counts and every row error
    (`{"line", "column", "message"}`), the deactivation as `Deactivation.as_report` (who goes,
    who comes back, blocked units, the refusal's Danish messages). Kinds not loaded are
    left out."""
    report: dict[str, Any] = {"ok": result.ok}
    for kind in KINDS:
        part = getattr(result, kind)
        if part is not None:
            report[kind] = _result_report(part)
    if result.deactivation is not None:
        report["deactivation"] = result.deactivation.as_report()
    return report


def start_file_run(
    *, upload: UploadedFile[bytes], kind: str, by: User, dry_run: bool, full: bool
) -> OrgLoadRun:
    """Store `upload` (a checked .csv/.xlsx, see `forms.ImportForm`) on a new queued run of
    `kind` ("units" or "persons") and enqueue `tasks.run_org_load` for when the transaction
    commits. Returns the run. Raises ValueError for an unknown kind."""
    from lederspor.core.tasks import enqueue_on_commit
    from lederspor.people.tasks import run_org_load  # the task module imports this one

    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    with transaction.atomic():
        run = OrgLoadRun(
            source=OrgLoadRun.Source.FILE,
            kind=kind,
            label=(upload.name or "")[:255],
            dry_run=dry_run,
            full=full,
            by=by,
        )
        run.file.save(upload.name or f"{kind}.csv", upload, save=False)
        run.save()
        enqueue_on_commit(run_org_load, run.pk)
    return run


def confirm_run(*, run: OrgLoadRun, by: User) -> bool:
    """Queue `run` again with confirmation when it waits for it (`run.needs_confirmation`)
    and still has its file. One conditional UPDATE, so a double click queues it once. Returns
    whether it was queued."""
    from lederspor.core.tasks import enqueue_on_commit
    from lederspor.people.tasks import run_org_load  # the task module imports this one

    if not run.needs_confirmation or not run.file:
        return False
    with transaction.atomic():
        queued = OrgLoadRun.objects.filter(
            pk=run.pk, status=OrgLoadRun.Status.FAILED, confirmed=False
        ).update(
            status=OrgLoadRun.Status.QUEUED,
            confirmed=True,
            progress_done=0,
            progress_total=0,
            started_at=None,
            finished_at=None,
            updated_at=timezone.now(),
        )
        if queued:
            logger.info("Org load run %s confirmed by login %s", run.pk, by.pk)
            enqueue_on_commit(run_org_load, run.pk)
    return bool(queued)


#: the progress update written through the second connection (a fixed statement)
_PROGRESS_SQL = "UPDATE people_orgloadrun SET progress_done = %s, progress_total = %s WHERE id = %s"


class _Progress:
    """`progress(done, total)` for `load_tables`: stores the run's `progress_done/total`.

    Outside a transaction it updates the row directly. Inside the load's transaction the row
    would not be seen by the page until the commit, so on PostgreSQL it writes through a
    second connection of its own (autocommit); SQLite allows one writer at a time, so there
    the numbers inside the transaction are skipped (before and after are stored)."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.side: Any = None

    def __call__(self, done: int, total: int) -> None:
        values = {"progress_done": done, "progress_total": total}
        if not connection.in_atomic_block:
            OrgLoadRun.objects.filter(pk=self.run_id).update(**values)
            return
        if connection.vendor != "postgresql":
            return
        try:
            if self.side is None:
                self.side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self.side.cursor() as cursor:  # never wait long for the row
                    cursor.execute("SET lock_timeout = '2s'")
            with self.side.cursor() as cursor:
                cursor.execute(_PROGRESS_SQL, [done, total, self.run_id])
        except Exception:  # progress is best effort; the load itself must not fail for it
            logger.warning("Could not store the progress of org load run %s", self.run_id)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()


def _read(run: OrgLoadRun, data: bytes | None) -> Table:
    """The run's table: from `data` (the command's file) or the stored file. Raises
    TableError for a file that cannot be read, FileNotFoundError when it is gone."""
    limits = UploadLimits.from_settings()
    if data is None:
        with run.file.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    return read_table(data=data, filename=run.label or run.file.name or "", limits=limits)


def _finish(run: OrgLoadRun, *, report: dict[str, Any], ok: bool) -> None:
    run.report = report
    run.status = OrgLoadRun.Status.SUCCEEDED if ok else OrgLoadRun.Status.FAILED
    run.finished_at = timezone.now()
    if run.progress_total:
        run.progress_done = run.progress_total if ok else run.progress_done
    keep_file = run.needs_confirmation
    if run.file and not keep_file:
        run.file.delete(save=False)
    run.save(
        update_fields=[
            "report",
            "status",
            "finished_at",
            "progress_done",
            "progress_total",
            "file",
            "updated_at",
        ]
    )


def execute_run(run_id: int, *, data: bytes | None = None) -> str:
    """Run the queued `OrgLoadRun` `run_id` (the worker's task, or `import_org` with the
    file's bytes as `data`): claim it (one conditional UPDATE from queued to running, so two
    workers never both run it), read the table, `load_tables` it (all or nothing; full and
    confirmed as the run says) with progress, then store the report and status and delete the
    file. A file that cannot be read fails the run with its one error; an unexpected exception
    fails it with a general message (nothing is written: the load is one transaction).
    Returns the final status, or "skipped" when the run is gone or not queued."""
    now = timezone.now()
    claimed = OrgLoadRun.objects.filter(pk=run_id, status=OrgLoadRun.Status.QUEUED).update(
        status=OrgLoadRun.Status.RUNNING, started_at=now, updated_at=now
    )
    if not claimed:
        return "skipped"
    run = OrgLoadRun.objects.select_related("by").get(pk=run_id)
    progress = _Progress(run.pk)
    try:
        try:
            table = _read(run, data)
        except TableError as exc:
            error = exc.error
            _finish(
                run,
                report={
                    "ok": False,
                    run.kind: {
                        "errors": [
                            {"line": error.line, "column": error.column, "message": error.message}
                        ]
                    },
                },
                ok=False,
            )
            return str(run.status)
        run.progress_total = len(table.rows)
        OrgLoadRun.objects.filter(pk=run.pk).update(progress_total=run.progress_total)
        result = load_tables(
            units=table if run.kind == "units" else None,
            persons=table if run.kind == "persons" else None,
            label=run.label,
            by=run.by,
            dry_run=run.dry_run,
            full=run.full,
            confirm=run.confirmed,
            progress=progress,
        )
        run.refresh_from_db(fields=["progress_done"])
        _finish(run, report=run_report(result), ok=result.ok)
    except Exception:
        logger.exception("Org load run %s failed", run_id)
        _finish(
            run,
            report={
                "ok": False,
                "error": _(
                    "Indlæsningen stoppede med en uventet fejl. Intet er gemt. Prøv igen, eller "
                    "kontakt den tekniske support."
                ),
            },
            ok=False,
        )
    finally:
        progress.close()
    return str(run.status)


__all__ = ["KINDS", "confirm_run", "execute_run", "run_report", "start_file_run"]
