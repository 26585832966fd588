"""Reading an import file: CSV or XLSX bytes → a `Table` of trimmed strings with the line
numbers the user sees (the header is line 1), and `RowError`, the one shape every problem in a
file is reported in.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from lederspor.core.uploads import UploadLimits, check_upload, limit_rows

#: `er_leder` in the file; blank means no (an XLSX TRUE/FALSE cell is read as these too)
YES, NO = "ja", "nej"


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


def _limit_error(exc: ValidationError, line: int) -> TableError:
    """A refusal of `core.uploads` as the import's one error at `line`."""
    return TableError(RowError(line, "", " ".join(exc.messages)))


def _limited(
    lines: Iterable[tuple[int, list[str]]], limits: UploadLimits
) -> Iterator[tuple[int, list[str]]]:
    """`lines` counted against the row and cell limits (`core.uploads.limit_rows`).

    Raises TableError at the first line past a limit; the lines after it are never read.
    """
    line = 0
    try:
        for line, cells in limit_rows(lines, limits=limits, width=lambda item: len(item[1])):
            yield line, cells
    except ValidationError as exc:
        raise _limit_error(exc, line + 1) from exc


def read_table(*, data: bytes, filename: str, limits: UploadLimits | None = None) -> Table:
    """Read a CSV or XLSX file into a `Table`; the first non-blank line is the header.

    Blank lines are skipped but still counted, so line numbers match what the user sees.
    `limits` (default: the settings, `core.uploads.UploadLimits.from_settings`) bound the
    file's size, an XLSX's unpacked size (checked before openpyxl opens it), the rows and the
    cells. Raises TableError for an unsupported type, bad encoding, a broken workbook, a file
    past a limit or no header.
    """
    limits = limits or UploadLimits.from_settings()
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    try:
        check_upload(io.BytesIO(data), name=filename, size=len(data), limits=limits)
    except ValidationError as exc:
        raise _limit_error(exc, 1) from exc
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
    for line, cells in _limited(lines, limits):
        if not any(cells):
            continue
        if columns is None:
            columns = tuple(normalise_header(c) for c in cells)
            continue
        rows.append((line, {col: val for col, val in zip(columns, cells, strict=False) if col}))
    if columns is None:
        raise TableError(RowError(1, "", _("Filen er tom.")))
    return Table(columns=columns, rows=rows)
