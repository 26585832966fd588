"""Import org units and persons from CSV or XLSX (DESIGN.md §1 Organisation; docs/import.md).

The flow is the same for both kinds of file:

1. `read_table` turns the upload into a header and rows of trimmed strings, with the line
   numbers the user sees (the header is line 1).
2. A validator checks *every* row against the file and the database and collects `RowError`s in
   Danish: missing values, bad e-mails and dates, duplicates, unknown references, levels that
   do not fit the tree, and cycles in the unit tree or the manager chain.
3. Only when there is no error, one transaction creates or updates units by `enhedskode` and
   persons by `medarbejdernummer`, sets parents and managers, and writes one audit row for the
   whole import. With `dry_run` the same transaction is rolled back, so the counts are exact
   but nothing is stored.

Re-importing the same file is idempotent: every row counts as unchanged and nothing is written
except the audit row.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO, Literal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person

ImportKind = Literal["units", "persons"]

#: columns of a units file, all required (values of `overordnet_enhedskode` may be blank)
UNIT_COLUMNS = ("enhedskode", "navn", "niveau", "overordnet_enhedskode")
#: required columns of a persons file
PERSON_COLUMNS = (
    "medarbejdernummer",
    "fornavn",
    "efternavn",
    "email",
    "stilling",
    "faggruppe",
    "enhedskode",
    "leder_medarbejdernummer",
    "køn",
    "fødselsår",
    "ansat_siden",
    "er_leder",
)
#: optional columns of a persons file; when absent the stored value is kept
PERSON_OPTIONAL_COLUMNS = ("chef_medarbejdernummer",)

#: `niveau` in the file → `OrgUnit.Kind`
LEVELS: dict[str, OrgUnit.Kind] = {
    "kommune": OrgUnit.Kind.MUNICIPALITY,
    "forvaltning": OrgUnit.Kind.DEPARTMENT,
    "magistratsafdeling": OrgUnit.Kind.DEPARTMENT,
    "område": OrgUnit.Kind.AREA,
    "arbejdsplads": OrgUnit.Kind.WORKPLACE,
}
#: depth of each kind in the tree; units are written top-down so a parent always exists first
KIND_DEPTH = {
    OrgUnit.Kind.MUNICIPALITY: 0,
    OrgUnit.Kind.DEPARTMENT: 1,
    OrgUnit.Kind.AREA: 2,
    OrgUnit.Kind.WORKPLACE: 3,
}
#: `køn` in the file → `Person.Gender`; blank means `OTHER` (*andet/uoplyst*)
GENDERS: dict[str, Person.Gender] = {
    "kvinde": Person.Gender.FEMALE,
    "mand": Person.Gender.MALE,
    "andet": Person.Gender.OTHER,
}
#: `er_leder` in the file; blank means no
YES, NO = "ja", "nej"
#: oldest accepted `fødselsår`
MIN_BIRTH_YEAR = 1900

_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DATE_DANISH = re.compile(r"^(\d{1,2})[-.](\d{1,2})[-.](\d{4})$")


@dataclass(frozen=True)
class RowError:
    """One problem in an import file, shown to the user as `linje N: kolonne: besked`.

    `line` is the line the user sees (header = 1); `column` is the header name, or "" when the
    problem concerns the whole file; `message` is a Danish sentence.
    """

    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("linje %(line)d: %(column)s: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("linje %(line)d: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class ImportResult:
    """Outcome of one import: counts of rows created/updated/unchanged, or the errors.

    When `errors` is non-empty nothing was written and the counts are 0. With `dry_run` the
    counts say what *would* have happened; nothing was written either.
    """

    kind: ImportKind
    filename: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    users_created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if the file had no errors."""
        return not self.errors


@dataclass(frozen=True)
class Table:
    """A read file: normalised header names and `(line, {column: text})` for non-blank rows."""

    columns: tuple[str, ...]
    rows: list[tuple[int, dict[str, str]]]


class TableError(Exception):
    """The file cannot be read at all (wrong type, not UTF-8, broken XLSX, empty)."""

    def __init__(self, error: RowError) -> None:
        super().__init__(str(error))
        self.error = error


# ---------------------------------------------------------------------------------------------
# Reading files
# ---------------------------------------------------------------------------------------------


def normalise_header(name: object) -> str:
    """Header cell → column key: trimmed, lower-case, inner spaces as `_` ("Ansat siden" →
    "ansat_siden")."""
    text = "" if name is None else str(name)
    return re.sub(r"\s+", "_", text.strip().lower())


def _cell_text(value: object) -> str:
    """An XLSX cell value as the text a CSV would hold (dates ISO, whole floats as ints)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield `(line, cells)` of a UTF-8 CSV (BOM optional), delimiter `;` or `,` from the header.

    Raises TableError if the bytes are not UTF-8 or the CSV is malformed.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise TableError(
            RowError(
                line,
                "",
                _(
                    "Filen er ikke gemt som UTF-8. Gem den som “CSV UTF-8” i Excel, "
                    "eller brug en .xlsx-fil."
                ),
            )
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        for cells in reader:
            yield line, [c.strip() for c in cells]
            line = reader.line_num + 1
    except csv.Error as exc:
        raise TableError(
            RowError(
                reader.line_num, "", _("Linjen kan ikke læses som CSV. Tjek anførselstegnene.")
            )
        ) from exc


def _xlsx_lines(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield `(line, cells)` of the first sheet of an XLSX workbook (values, not formulas).

    Raises TableError if the file is not a readable workbook.
    """
    from openpyxl import load_workbook

    unreadable = _("Filen kan ikke læses som et Excel-regneark (.xlsx).")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors alike: the upload is not a workbook
        raise TableError(RowError(1, "", unreadable)) from exc
    line = 1
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read every row
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield line, [_cell_text(v) for v in values]
    except (IndexError, ValueError, KeyError, SyntaxError) as exc:  # ParseError is a SyntaxError
        raise TableError(RowError(line, "", unreadable)) from exc
    finally:
        workbook.close()


def read_table(*, data: bytes, filename: str) -> Table:
    """Read a CSV or XLSX file into a `Table`; the first non-blank line is the header.

    Blank lines are skipped but still counted, so line numbers match what the user sees.
    Raises TableError for an unsupported type, bad encoding, a broken workbook or no header.
    """
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    lines: Iterable[tuple[int, list[str]]]
    if suffix == "csv":
        lines = _csv_lines(data)
    elif suffix == "xlsx":
        lines = _xlsx_lines(data)
    else:
        raise TableError(
            RowError(1, "", _("Filtypen understøttes ikke. Brug en .csv- eller .xlsx-fil."))
        )

    columns: tuple[str, ...] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for line, cells in lines:
        if not any(cells):
            continue
        if columns is None:
            columns = tuple(normalise_header(c) for c in cells)
            continue
        rows.append((line, {col: val for col, val in zip(columns, cells, strict=False) if col}))
    if columns is None:
        raise TableError(RowError(1, "", _("Filen er tom.")))
    return Table(columns=columns, rows=rows)


def _check_columns(
    table: Table, required: Iterable[str], optional: Iterable[str] = ()
) -> list[RowError]:
    """One error per missing required column and per known column that appears twice."""
    required = tuple(required)
    known = {*required, *optional}
    errors = []
    seen: set[str] = set()
    for col in table.columns:
        if col in known and col in seen:
            errors.append(RowError(1, col, _("Kolonnen står to gange i overskriften.")))
        seen.add(col)
    for col in required:
        if col not in seen:
            errors.append(RowError(1, col, _("Kolonnen mangler i overskriften (linje 1).")))
    return errors


# ---------------------------------------------------------------------------------------------
# Shared checks
# ---------------------------------------------------------------------------------------------


def _find_cycles(edges: dict[str, str | None], starts: Iterable[str]) -> list[list[str]]:
    """Cycles reachable from `starts` in a graph where each node has at most one successor.

    Returns each cycle once as `[a, b, …, a]`, starting at the first node met. Self-loops are
    left to the caller (they get their own message).
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    for start in starts:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            nxt = edges.get(node)
            node = nxt if nxt != node else None
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            cycles.append([*cycle, node])
        for visited in path:
            state[visited] = 2
    return cycles


def _duplicates(
    values: Iterable[tuple[int, str]], message: Callable[[str, int, int], str], column: str
) -> list[RowError]:
    """An error on every repeat of a value (compared case-insensitively), naming both lines."""
    first: dict[str, int] = {}
    errors = []
    for line, value in values:
        if not value:
            continue
        key = value.lower()
        if key in first:
            errors.append(RowError(line, column, message(value, first[key], line)))
        else:
            first[key] = line
    return errors


def _required(value: str, line: int, column: str, max_length: int, errors: list[RowError]) -> str:
    """Check a required text value; append an error and return "" if blank or too long."""
    if not value:
        errors.append(RowError(line, column, _("Feltet skal udfyldes.")))
        return ""
    return _max_length(value, line, column, max_length, errors)


def _max_length(value: str, line: int, column: str, max_length: int, errors: list[RowError]) -> str:
    """Check the length of a text value; append an error and return "" if too long."""
    if len(value) > max_length:
        errors.append(
            RowError(
                line,
                column,
                _("Højst %(n)d tegn (der er %(len)d).") % {"n": max_length, "len": len(value)},
            )
        )
        return ""
    return value


def _root_unit(code: str, parent_of: dict[str, str | None]) -> str:
    """Follow `parent_of` from `code` to the top (cycle-safe)."""
    seen = {code}
    while (parent := parent_of.get(code)) is not None and parent not in seen:
        seen.add(parent)
        code = parent
    return code


def _read(
    file: BinaryIO, filename: str, kind: ImportKind, dry_run: bool
) -> tuple[Table | None, ImportResult]:
    """Read the upload; on failure return no table and a result holding the one error."""
    result = ImportResult(kind=kind, filename=filename, dry_run=dry_run)
    try:
        table = read_table(data=file.read(), filename=filename)
    except TableError as exc:
        result.errors.append(exc.error)
        return None, result
    return table, result


def _no_rows(table: Table) -> list[RowError]:
    """The error for a file that holds a header but no rows."""
    if table.rows:
        return []
    return [RowError(2, "", _("Filen har ingen rækker under overskriften."))]


# ---------------------------------------------------------------------------------------------
# Units
# ---------------------------------------------------------------------------------------------


@dataclass
class UnitRow:
    """One valid-looking row of a units file."""

    line: int
    code: str
    name: str
    kind: OrgUnit.Kind | None
    parent_code: str


def _parent_kind_message(kind: OrgUnit.Kind, code: str) -> str:
    """The error when a unit's parent has the wrong level: one full sentence per child level."""
    if kind == OrgUnit.Kind.DEPARTMENT:
        text = _(
            "En forvaltning/magistratsafdeling skal ligge direkte under en kommune; "
            "'%(code)s' er ikke en kommune."
        )
    elif kind == OrgUnit.Kind.AREA:
        text = _(
            "Et område skal ligge direkte under en forvaltning/magistratsafdeling; "
            "'%(code)s' er ikke en forvaltning/magistratsafdeling."
        )
    else:
        text = _(
            "En arbejdsplads skal ligge direkte under et område; '%(code)s' er ikke et område."
        )
    return text % {"code": code}


def validate_units(table: Table) -> tuple[list[UnitRow], list[RowError]]:
    """Check a units table against itself and the database.

    Returns the parsed rows and every error found (sorted by line). Reads all units once.
    """
    errors = _check_columns(table, UNIT_COLUMNS)
    if errors:
        return [], errors
    errors = _no_rows(table)
    rows: list[UnitRow] = []
    for line, values in table.rows:
        code = _required(values.get("enhedskode", ""), line, "enhedskode", 40, errors)
        name = _required(values.get("navn", ""), line, "navn", 200, errors)
        level = values.get("niveau", "").lower()
        kind = LEVELS.get(level)
        if not level:
            errors.append(RowError(line, "niveau", _("Feltet skal udfyldes.")))
        elif kind is None:
            errors.append(
                RowError(
                    line,
                    "niveau",
                    _(
                        "Ukendt niveau '%(value)s'. Brug kommune, forvaltning, "
                        "magistratsafdeling, område eller arbejdsplads."
                    )
                    % {"value": values.get("niveau", "")},
                )
            )
        parent_code = values.get("overordnet_enhedskode", "")
        if kind == OrgUnit.Kind.MUNICIPALITY and parent_code:
            errors.append(
                RowError(
                    line,
                    "overordnet_enhedskode",
                    _("En kommune kan ikke have en overordnet enhed."),
                )
            )
            parent_code = ""
        elif kind is not None and kind != OrgUnit.Kind.MUNICIPALITY and not parent_code:
            errors.append(
                RowError(
                    line,
                    "overordnet_enhedskode",
                    _("Feltet skal udfyldes (kun en kommune ligger øverst)."),
                )
            )
        elif parent_code and parent_code == code:
            errors.append(
                RowError(
                    line, "overordnet_enhedskode", _("En enhed kan ikke ligge under sig selv.")
                )
            )
            parent_code = ""
        rows.append(UnitRow(line=line, code=code, name=name, kind=kind, parent_code=parent_code))

    errors += _duplicates(
        ((r.line, r.code) for r in rows),
        lambda value, first, line: (
            _("Enhedskoden %(code)s står to gange (linje %(first)d og %(line)d).")
            % {"code": value, "first": first, "line": line}
        ),
        "enhedskode",
    )

    # the tree after the import: stored units, overridden by the file
    stored = list(OrgUnit.objects.values_list("code", "kind", "parent__code"))
    kind_of: dict[str, str | None] = {code: kind for code, kind, _p in stored}
    parent_of: dict[str, str | None] = {code: parent for code, _k, parent in stored}
    in_file: dict[str, UnitRow] = {}
    for row in rows:
        if row.code and row.code not in in_file:
            in_file[row.code] = row
            kind_of[row.code] = row.kind
            parent_of[row.code] = row.parent_code or None

    for row in rows:
        if not row.parent_code or row.kind is None:
            continue
        if row.parent_code not in kind_of:
            errors.append(
                RowError(
                    row.line,
                    "overordnet_enhedskode",
                    _("Enhedskoden '%(code)s' findes ikke i filen eller i Lederspor.")
                    % {"code": row.parent_code},
                )
            )
            continue
        parent_kind = kind_of[row.parent_code]
        if parent_kind is not None and parent_kind != OrgUnit.PARENT_KIND[row.kind]:
            errors.append(
                RowError(
                    row.line,
                    "overordnet_enhedskode",
                    _parent_kind_message(row.kind, row.parent_code),
                )
            )

    # a unit whose level changes must still fit the stored children the file leaves alone
    stored_kind = {code: kind for code, kind, _p in stored}
    for code, kind, parent in stored:
        if parent is None or code in in_file or parent not in in_file:
            continue
        row = in_file[parent]
        if row.kind is None or row.kind == stored_kind.get(parent):
            continue
        if OrgUnit.PARENT_KIND[OrgUnit.Kind(kind)] != row.kind:
            errors.append(
                RowError(
                    row.line,
                    "niveau",
                    _(
                        "Enheden har underenheder i Lederspor, der ikke passer til det nye "
                        "niveau (f.eks. '%(child)s')."
                    )
                    % {"child": code},
                )
            )

    line_of = {code: row.line for code, row in in_file.items()}
    for cycle in _find_cycles(parent_of, sorted(in_file, key=lambda c: line_of[c])):
        first = min((c for c in cycle if c in line_of), key=lambda c: line_of[c])
        start = cycle.index(first)
        ordered = [*cycle[start:-1], *cycle[:start], first]
        errors.append(
            RowError(
                line_of[first],
                "overordnet_enhedskode",
                _("Enhedstræet er cirkulært: %(chain)s.") % {"chain": " → ".join(ordered)},
            )
        )
    errors.sort(key=lambda e: e.line)
    return rows, errors


def _write_units(rows: list[UnitRow], result: ImportResult) -> None:
    """Create or update the units top-down, so a parent always exists before its children."""
    units = {u.code: u for u in OrgUnit.objects.all()}
    for row in sorted(rows, key=lambda r: (KIND_DEPTH[r.kind], r.line)):  # type: ignore[index]
        parent = units[row.parent_code] if row.parent_code else None
        unit = units.get(row.code)
        if unit is None:
            unit = OrgUnit(code=row.code, name=row.name, kind=row.kind, parent=parent)
            unit.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
            unit.save()
            units[row.code] = unit
            result.created += 1
            continue
        changed = []
        for attr, value in (("name", row.name), ("kind", row.kind)):
            if getattr(unit, attr) != value:
                setattr(unit, attr, value)
                changed.append(attr)
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            changed.append("parent")
        if changed:
            unit.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1


def import_units(
    *, file: BinaryIO, filename: str, by: User | None, dry_run: bool = False
) -> ImportResult:
    """Import org units from a CSV/XLSX file (columns: docs/import.md; DESIGN.md §1).

    `file` is a binary file object, `filename` decides the format (.csv or .xlsx). Every row is
    validated first; if any is bad, nothing is written and `result.errors` lists them all
    (line, column, Danish message). Otherwise one transaction creates units by `enhedskode`
    and updates changed ones, and records one "org.import" audit row (actor `by`) on the root
    unit with the counts. With `dry_run` the transaction is rolled back. Returns the
    `ImportResult`; does not raise for bad input.
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


# ---------------------------------------------------------------------------------------------
# Persons
# ---------------------------------------------------------------------------------------------


@dataclass
class PersonRow:
    """One row of a persons file, parsed (invalid values are blank/None and have an error)."""

    line: int
    number: str
    first_name: str
    last_name: str
    email: str
    job_title: str
    profession: str
    unit_code: str
    manager_number: str
    chef_number: str | None  # None: the column is absent, keep the stored chef
    gender: Person.Gender
    birth_year: int | None
    employed_since: dt.date | None
    is_leader: bool


def _parse_date(value: str) -> dt.date | None:
    """`YYYY-MM-DD`, `DD-MM-YYYY` or `DD.MM.YYYY` → date; raises ValueError if none fits."""
    if m := _DATE_ISO.match(value):
        year, month, day = m.groups()
    elif m := _DATE_DANISH.match(value):
        day, month, year = m.groups()
    else:
        raise ValueError(value)
    return dt.date(int(year), int(month), int(day))


def _parse_person(
    line: int, values: dict[str, str], has_chef: bool, errors: list[RowError]
) -> PersonRow:
    """Parse and check the fields of one persons row, appending its errors."""
    number = _required(values.get("medarbejdernummer", ""), line, "medarbejdernummer", 40, errors)
    first_name = _required(values.get("fornavn", ""), line, "fornavn", 100, errors)
    last_name = _required(values.get("efternavn", ""), line, "efternavn", 100, errors)
    email = _required(values.get("email", ""), line, "email", 254, errors).lower()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(
                RowError(
                    line,
                    "email",
                    _("Ugyldig e-mail: '%(value)s'.") % {"value": values.get("email", "")},
                )
            )
            email = ""
    job_title = _max_length(values.get("stilling", ""), line, "stilling", 150, errors)
    profession = _max_length(values.get("faggruppe", ""), line, "faggruppe", 150, errors)
    unit_code = _required(values.get("enhedskode", ""), line, "enhedskode", 40, errors)

    raw_gender = values.get("køn", "")
    gender = GENDERS.get(raw_gender.lower(), Person.Gender.OTHER)
    if raw_gender and raw_gender.lower() not in GENDERS:
        errors.append(
            RowError(
                line,
                "køn",
                _("Ukendt køn '%(value)s'. Brug kvinde, mand eller andet.") % {"value": raw_gender},
            )
        )

    birth_year = None
    raw_year = values.get("fødselsår", "")
    if raw_year:
        this_year = dt.date.today().year
        if raw_year.isdigit() and MIN_BIRTH_YEAR <= int(raw_year) <= this_year:
            birth_year = int(raw_year)
        else:
            errors.append(
                RowError(
                    line,
                    "fødselsår",
                    _("Ugyldigt fødselsår '%(value)s'. Skriv et årstal mellem %(min)d og %(max)d.")
                    % {"value": raw_year, "min": MIN_BIRTH_YEAR, "max": this_year},
                )
            )

    employed_since = None
    raw_date = values.get("ansat_siden", "")
    if raw_date:
        try:
            employed_since = _parse_date(raw_date)
        except ValueError:
            errors.append(
                RowError(
                    line,
                    "ansat_siden",
                    _("Ugyldig dato '%(value)s'. Skriv den som ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ.")
                    % {"value": raw_date},
                )
            )

    raw_leader = values.get("er_leder", "").lower()
    if raw_leader not in (YES, NO, ""):
        errors.append(
            RowError(
                line,
                "er_leder",
                _("Skriv ja eller nej, ikke '%(value)s'.") % {"value": values.get("er_leder", "")},
            )
        )

    manager_number = values.get("leder_medarbejdernummer", "")
    if manager_number and manager_number == number:
        errors.append(
            RowError(line, "leder_medarbejdernummer", _("En person kan ikke være sin egen leder."))
        )
        manager_number = ""
    chef_number = values.get("chef_medarbejdernummer", "") if has_chef else None
    if chef_number and chef_number == number:
        errors.append(
            RowError(line, "chef_medarbejdernummer", _("En person kan ikke være sin egen chef."))
        )
        chef_number = ""
    return PersonRow(
        line=line,
        number=number,
        first_name=first_name,
        last_name=last_name,
        email=email,
        job_title=job_title,
        profession=profession,
        unit_code=unit_code,
        manager_number=manager_number,
        chef_number=chef_number,
        gender=gender,
        birth_year=birth_year,
        employed_since=employed_since,
        is_leader=raw_leader == YES,
    )


def validate_persons(table: Table) -> tuple[list[PersonRow], list[RowError]]:
    """Check a persons table against itself and the database.

    Checks each field, duplicate employee numbers and e-mails in the file, e-mails already used
    by another person or login, unknown units, managers and chefs, and cycles in the manager
    chain including stored managers. Returns the parsed rows and all errors sorted by line.
    Reads all persons, units and logins once (no query per row).
    """
    errors = _check_columns(table, PERSON_COLUMNS, PERSON_OPTIONAL_COLUMNS)
    if errors:
        return [], errors
    errors = _no_rows(table)
    has_chef = "chef_medarbejdernummer" in table.columns
    rows = [_parse_person(line, values, has_chef, errors) for line, values in table.rows]

    errors += _duplicates(
        ((r.line, r.number) for r in rows),
        lambda value, first, line: (
            _("Medarbejdernummeret %(number)s står to gange (linje %(first)d og %(line)d).")
            % {"number": value, "first": first, "line": line}
        ),
        "medarbejdernummer",
    )
    errors += _duplicates(
        ((r.line, r.email) for r in rows),
        lambda value, first, line: (
            _("E-mailen %(email)s står to gange (linje %(first)d og %(line)d).")
            % {"email": value, "first": first, "line": line}
        ),
        "email",
    )

    by_number: dict[str, PersonRow] = {}
    for row in rows:
        if row.number:
            by_number.setdefault(row.number, row)
    stored = list(
        Person.objects.values_list(
            "employee_number", "email", "manager__employee_number", "user_id"
        )
    )
    stored_numbers = {number for number, *_rest in stored}
    person_email_owner = {email.lower(): number for number, email, _m, _u in stored}
    user_of_number = {number: user_id for number, _e, _m, user_id in stored}
    # logins by e-mail → the employee number of their person (None if not linked)
    login_owner = {
        email.lower(): number
        for email, number in User.objects.values_list("email", "person__employee_number")
    }

    def freed(number: str | None, email: str) -> bool:
        """True if `number` is in the file and gives up `email` there."""
        other = by_number.get(number or "")
        return other is not None and other.email != email

    unit_codes = set(OrgUnit.objects.values_list("code", flat=True))
    for row in rows:
        if row.email:
            owner = person_email_owner.get(row.email)
            login = login_owner.get(row.email, "")  # "" = no login has this e-mail
            if owner is not None and owner != row.number and not freed(owner, row.email):
                errors.append(
                    RowError(
                        row.line,
                        "email",
                        _(
                            "E-mailen %(email)s bruges allerede af medarbejder %(number)s i Lederspor."
                        )
                        % {"email": row.email, "number": owner},
                    )
                )
            elif row.email in login_owner and login != row.number:
                if login is None:
                    # an unlinked login: linked to this person, unless it already has one
                    taken = user_of_number.get(row.number) is not None
                else:
                    taken = not freed(login, row.email)
                if taken:
                    errors.append(
                        RowError(
                            row.line,
                            "email",
                            _("E-mailen %(email)s bruges allerede af et andet login i Lederspor.")
                            % {"email": row.email},
                        )
                    )
        if row.unit_code and row.unit_code not in unit_codes:
            errors.append(
                RowError(
                    row.line,
                    "enhedskode",
                    _("Enhedskoden '%(code)s' findes ikke i Lederspor. Importér enhederne først.")
                    % {"code": row.unit_code},
                )
            )
        if (
            row.manager_number
            and row.manager_number not in by_number
            and row.manager_number not in stored_numbers
        ):
            errors.append(
                RowError(
                    row.line,
                    "leder_medarbejdernummer",
                    _("Lederen %(number)s findes hverken i filen eller i Lederspor.")
                    % {"number": row.manager_number},
                )
            )
            row.manager_number = ""
        if (
            row.chef_number
            and row.chef_number not in by_number
            and row.chef_number not in stored_numbers
        ):
            errors.append(
                RowError(
                    row.line,
                    "chef_medarbejdernummer",
                    _("Chefen %(number)s findes hverken i filen eller i Lederspor.")
                    % {"number": row.chef_number},
                )
            )
            row.chef_number = ""

    # the manager chain after the import: stored managers, overridden by the file
    manager_of: dict[str, str | None] = {number: manager for number, _e, manager, _u in stored}
    for number, row in by_number.items():
        manager_of[number] = row.manager_number or None
    for cycle in _find_cycles(manager_of, sorted(by_number, key=lambda n: by_number[n].line)):
        first = min((n for n in cycle if n in by_number), key=lambda n: by_number[n].line)
        start = cycle.index(first)
        ordered = [*cycle[start:-1], *cycle[:start], first]
        errors.append(
            RowError(
                by_number[first].line,
                "leder_medarbejdernummer",
                _("Lederkæden er cirkulær: %(chain)s.") % {"chain": " → ".join(ordered)},
            )
        )
    errors.sort(key=lambda e: e.line)
    return rows, errors


_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "job_title",
    "profession",
    "gender",
    "birth_year",
    "employed_since",
    "is_leader",
)


def _write_persons(rows: list[PersonRow], result: ImportResult) -> None:
    """Create or update persons and their logins, then set managers and chefs."""
    persons = {p.employee_number: p for p in Person.objects.select_related("user")}
    units = {u.code: u for u in OrgUnit.objects.all()}
    numbers_in_file = {row.number for row in rows}
    changed: dict[str, set[str]] = {}
    created: set[str] = set()

    # free e-mails that change hands within the file before anyone takes them (unique fields)
    for row in rows:
        person = persons.get(row.number)
        if person is None:
            continue
        if person.email.lower() != row.email:
            person.email = f"import-{person.pk}@invalid.invalid"
            person.save(update_fields=["email"])
        if person.user is not None and person.user.email != row.email:
            person.user.email = f"import-{person.pk}@invalid.invalid"
            person.user.save(update_fields=["email"])

    free_logins = {u.email.lower(): u for u in User.objects.filter(person__isnull=True)}
    for row in rows:
        unit = units[row.unit_code]
        person = persons.get(row.number)
        values = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "email": row.email,
            "job_title": row.job_title,
            "profession": row.profession,
            "gender": row.gender,
            "birth_year": row.birth_year,
            "employed_since": row.employed_since,
            "is_leader": row.is_leader,
        }
        if person is None:
            person = Person(employee_number=row.number, unit=unit, **values)
            person.full_clean(
                exclude=["unit", "manager", "chef_override", "user"],
                validate_unique=False,
                validate_constraints=False,
            )
            person.user = free_logins.pop(row.email, None) or _new_login(row.email, result)
            person.save()
            persons[row.number] = person
            created.add(row.number)
            continue
        fields = {name for name in _PERSON_FIELDS if getattr(person, name) != values[name]}
        for name in fields:
            setattr(person, name, values[name])
        if person.unit_id != unit.pk:
            person.unit = unit
            fields.add("unit")
        login_changed = False
        if person.user is None:
            person.user = free_logins.pop(row.email, None) or _new_login(row.email, result)
            fields.add("user")
        elif person.user.email != row.email:
            person.user.email = row.email
            person.user.save(update_fields=["email"])
            login_changed = True
        if fields:
            person.save(update_fields=[*sorted(fields), "updated_at"])
        changed[row.number] = fields | ({"user"} if login_changed else set())

    # second pass: managers and chefs, now that every person in the file exists
    for row in rows:
        person = persons[row.number]
        links: set[str] = set()
        manager = persons[row.manager_number] if row.manager_number else None
        if person.manager_id != (manager.pk if manager else None):
            person.manager = manager
            links.add("manager")
        if row.chef_number is not None:
            chef = persons[row.chef_number] if row.chef_number else None
            if person.chef_override_id != (chef.pk if chef else None):
                person.chef_override = chef
                links.add("chef_override")
        if links:
            person.save(update_fields=[*sorted(links), "updated_at"])
            changed.setdefault(row.number, set()).update(links)

    for number in numbers_in_file:
        if number in created:
            result.created += 1
        elif changed.get(number):
            result.updated += 1
        else:
            result.unchanged += 1


def _new_login(email: str, result: ImportResult) -> User:
    """Create a login without a usable password (the person signs in via reset/SSO later)."""
    result.users_created += 1
    return User.objects.create_user(email=email, password=None)


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
    audit row (actor `by`) on the root unit with the counts. With `dry_run` the transaction is
    rolled back. Returns the `ImportResult`; does not raise for bad input.
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


def _validate_and_write(table, result, *, validate, write, unit_code, by, dry_run: bool):
    """Validate every row of `table`; write all of them in one transaction only if none is bad.

    Records one audit row on the root unit of the first row's unit; `dry_run` rolls back.
    """
    with transaction.atomic():
        rows, errors = validate(table)
        if errors:
            result.errors = errors
            return result
        write(rows, result)
        parent_of = dict(OrgUnit.objects.values_list("code", "parent__code"))
        root = OrgUnit.objects.get(code=_root_unit(unit_code(rows[0]), parent_of))
        _audit(result=result, by=by, obj=root)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _audit(*, result: ImportResult, by: User | None, obj: OrgUnit) -> None:
    """The one audit row of an import, with the counts as data."""
    if result.kind == "units":
        summary = _(
            "Import af enheder fra %(filename)s: %(created)d oprettet, %(updated)d opdateret, "
            "%(unchanged)d uændret."
        )
    else:
        summary = _(
            "Import af personer fra %(filename)s: %(created)d oprettet, %(updated)d opdateret, "
            "%(unchanged)d uændret."
        )
    audit_record(
        actor=by,
        action="org.import",
        obj=obj,
        summary=summary
        % {
            "filename": result.filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
        kind=result.kind,
        filename=result.filename,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        users_created=result.users_created,
    )
