"""Import org units and persons from CSV or XLSX (DESIGN.md §1 Organisation; docs/import.md).

The flow is the same for both kinds of file:

1. `read_table` turns the upload into a header and rows of trimmed strings, with the line
   numbers the user sees (the header is line 1).
2. A validator checks *every* row against the file and the database and collects `RowError`s in
   Danish: missing values, bad e-mails and dates, duplicates, unknown references, levels that
   do not fit the tree, and cycles in the unit tree or the manager chain.
3. Only when there is no error, one transaction creates or updates units by `enhedskode` and
   persons by `medarbejdernummer` in bulk (batches of 1,000 rows: issue #17 §2), sets parents
   and managers, writes one audit row for the whole import, and `ANALYZE`s the touched tables
   after a large load. With `dry_run` the writers work out the same counts without writing
   anything.

Re-importing the same file is idempotent: every row counts as unchanged and nothing is written
except the audit row.

The code is split by step, each module importing only the ones before it:

- `reader` — CSV/XLSX → `Table`, and `RowError`;
- `checks` — checks both validators share (columns, required values, duplicates, cycles);
- `units`, `persons` — the validators of each kind of file;
- `writers` — `ImportResult`, the writes and the one transaction with the audit row;
- this module — the entry points `import_units` and `import_persons`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

from django.db import transaction

from lederspor.core.models import User
from lederspor.core.uploads import UploadLimits
from lederspor.people.importing.deactivation import (
    Deactivation,
    apply_deactivation,
    plan_deactivation,
)
from lederspor.people.importing.persons import (
    GENDERS,
    MIN_BIRTH_YEAR,
    PERSON_COLUMNS,
    PERSON_OPTIONAL_COLUMNS,
    PersonRow,
    validate_persons,
)
from lederspor.people.importing.reader import (
    NO,
    YES,
    RowError,
    Table,
    TableError,
    normalise_header,
    read_table,
)
from lederspor.people.importing.units import LEVELS, UNIT_COLUMNS, UnitRow, validate_units
from lederspor.people.importing.writers import (
    KIND_DEPTH,
    ImportKind,
    ImportResult,
    _validate_and_write,
    _write_persons,
    _write_units,
)

__all__ = [
    "GENDERS",
    "KIND_DEPTH",
    "LEVELS",
    "MIN_BIRTH_YEAR",
    "NO",
    "PERSON_COLUMNS",
    "PERSON_OPTIONAL_COLUMNS",
    "UNIT_COLUMNS",
    "YES",
    "Deactivation",
    "ImportKind",
    "ImportResult",
    "LoadResult",
    "PersonRow",
    "RowError",
    "Table",
    "TableError",
    "UnitRow",
    "import_persons",
    "import_units",
    "load_tables",
    "normalise_header",
    "read_table",
    "validate_persons",
    "validate_units",
]


def _read(
    file: BinaryIO, filename: str, kind: ImportKind, dry_run: bool
) -> tuple[Table | None, ImportResult]:
    """Read the upload; on failure return no table and a result holding the one error."""
    result = ImportResult(kind=kind, filename=filename, dry_run=dry_run)
    try:
        # streamed: a CSV's rows are read from `file` when validated (reader module docstring)
        table = read_table(file=file, filename=filename, limits=UploadLimits.from_settings())
    except TableError as exc:
        result.errors.append(exc.error)
        return None, result
    return table, result


def import_units(
    *, file: BinaryIO, filename: str, by: User | None, dry_run: bool = False
) -> ImportResult:
    """Import org units from a CSV/XLSX file (columns: docs/import.md; DESIGN.md §1).

    `file` is a binary file object, `filename` decides the format (.csv or .xlsx). Every row is
    validated first; if any is bad, nothing is written and `result.errors` lists them all
    (line, column, Danish message). Otherwise one transaction creates units by `enhedskode`
    and updates changed ones, and records one "org.import" audit row (actor `by`) on the root
    unit with the counts. With `dry_run` nothing is written (the counts are worked out without
    writing). Returns the `ImportResult`; does not raise for bad input.
    """
    table, result = _read(file, filename, "units", dry_run)
    if table is None:
        return result
    return _validate_and_write(
        table,
        result,
        validate=validate_units,
        write=_write_units,
        unit_code=lambda row: row.code,
        by=by,
        dry_run=dry_run,
    )


def import_persons(
    *, file: BinaryIO, filename: str, by: User | None, dry_run: bool = False
) -> ImportResult:
    """Import persons from a CSV/XLSX file (columns: docs/import.md; DESIGN.md §1).

    `file` is a binary file object, `filename` decides the format (.csv or .xlsx). Every row is
    validated first; if any is bad, nothing is written and `result.errors` lists them all
    (line, column, Danish message). Otherwise one transaction creates persons by
    `medarbejdernummer` (each new person gets a login with an unusable password, or an existing
    login with the same e-mail that has no person), updates changed fields and keeps the login's
    e-mail in sync, sets managers and chefs in a second pass, and records one "org.import"
    audit row (actor `by`) on the root unit with the counts. With `dry_run` nothing is written
    (the counts are worked out without writing). Returns the `ImportResult`; does not raise
    for bad input.
    """
    table, result = _read(file, filename, "persons", dry_run)
    if table is None:
        return result
    return _validate_and_write(
        table,
        result,
        validate=validate_persons,
        write=_write_persons,
        unit_code=lambda row: row.unit_code,
        by=by,
        dry_run=dry_run,
    )


@dataclass
class LoadResult:
    """The outcome of `load_tables`: one `ImportResult` per kind loaded (None when not given).

    `ok` is False when either has errors; then nothing of either was written.
    """

    units: ImportResult | None = None
    persons: ImportResult | None = None
    #: who goes and who comes back (`importing.deactivation`); None when a table had errors
    deactivation: Deactivation | None = None

    @property
    def ok(self) -> bool:
        """True when no loaded kind had an error and the deactivation was not refused."""
        return all(r is None or r.ok for r in (self.units, self.persons)) and (
            self.deactivation is None or self.deactivation.ok
        )


def load_tables(
    *,
    units: Table | None,
    persons: Table | None,
    label: str,
    by: User | None,
    dry_run: bool = False,
    full: bool = False,
    confirm: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> LoadResult:
    """Validate and write units and then persons from already-read tables, all or nothing.

    The one write path of the file import and the OS2mo sync (issue #17 §2: "one code path,
    one report"): `units` and `persons` are `Table`s as `read_table` returns them (a sync
    builds them from OS2mo's answers). If either has an error, nothing of either is written.
    `label` names the source in the report and the audit row (a file name, "OS2mo").

    `full`: the tables are the whole organisation; active persons (units) missing from a
    loaded kind are marked inactive, refused when more than the allowed share would go unless
    `confirm` (`importing.deactivation`, issue #17 §2); `result.deactivation` says who goes and
    who comes back, also for a dry run. `progress(done, total)` (rows) is called as the load
    goes on; optional.
    """
    result = LoadResult()
    total = sum(len(t.rows) for t in (units, persons) if t is not None)
    if progress is not None:
        progress(0, total)
    plan = plan_deactivation(units=units, persons=persons, full=full, confirm=confirm)
    pending_units: set[str] = set()
    if dry_run and units is not None:
        pending_units = {values.get("enhedskode", "") for _line, values in units.rows} - {""}
    with transaction.atomic():
        if units is not None:
            result.units = _validate_and_write(
                units,
                ImportResult(kind="units", filename=label, dry_run=dry_run),
                validate=validate_units,
                write=_write_units,
                unit_code=lambda row: row.code,
                by=by,
                dry_run=dry_run,
            )
            if not result.units.ok:
                return result
            if progress is not None:
                progress(len(units.rows), total)
        if persons is not None:
            result.persons = _validate_and_write(
                persons,
                ImportResult(kind="persons", filename=label, dry_run=dry_run),
                # a dry run writes no units: the persons may be in units of this load
                validate=partial(validate_persons, pending_unit_codes=pending_units),
                write=_write_persons,
                unit_code=lambda row: row.unit_code,
                by=by,
                dry_run=dry_run,
            )
            if not result.persons.ok:
                transaction.set_rollback(True)
                return result
        result.deactivation = apply_deactivation(plan, by=by, dry_run=dry_run)
        if not result.deactivation.ok:
            transaction.set_rollback(True)
    if progress is not None:
        progress(total, total)
    return result
