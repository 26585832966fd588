"""Reading an import file: CSV or XLSX → a `Table` of trimmed strings with the line numbers the
user sees (the header is line 1), and `RowError`, the one shape every problem in a file is
reported in.

A CSV file is streamed (issue #17 §2: memory bounded by streaming the file): `read_table` reads
it once to check it whole (encoding, quoting, the row and cell limits, the header) without
keeping its rows, and the `Table`'s rows read it again, a line at a time, whenever they are
iterated — never the whole file, its text and a list of rows at once. An XLSX sheet is read
into a list as before (openpyxl's read-only mode streams the sheet; a second pass would unzip
it again).
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, cast

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
    """A read file: normalised header names and `(line, {column: text})` for non-blank rows.

    `rows` is a list, or for a streamed CSV a `CsvRows` that reads the file again each time it
    is iterated. `CsvRows` is typed as the list it stands for (callers that build a `Table`,
    e.g. the OS2mo sync, append to a list): it may be iterated more than once, has a length
    and compares equal to a list of the same rows, but cannot be indexed or appended to.
    """

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


def _not_utf8(line: int) -> TableError:
    return TableError(
        RowError(
            line,
            "",
            _(
                "Filen er ikke gemt som UTF-8. Gem den som “CSV UTF-8” i Excel, "
                "eller brug en .xlsx-fil."
            ),
        )
    )


def _first_bad_line(file: IO[bytes]) -> int:
    """The first line of `file` that is not UTF-8 (a newline byte never occurs inside a UTF-8
    character, so the file can be checked a line at a time)."""
    file.seek(0)
    line = 1
    for line, raw in enumerate(file, start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            return line
    return line


def _csv_lines(file: IO[bytes]) -> Generator[tuple[int, list[str]]]:
    """Yield `(line, cells)` of a UTF-8 CSV (BOM optional), delimiter `;` or `,` from the header,
    reading `file` (a seekable binary file) from the start a line at a time.

    Raises TableError if the bytes are not UTF-8 or the CSV is malformed.
    """
    file.seek(0)
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        try:
            first_line = text.readline()
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            reader = csv.reader(itertools.chain([first_line], text), delimiter=delimiter)
            line = 1
            for cells in reader:
                yield line, [c.strip() for c in cells]
                line = reader.line_num + 1
        except UnicodeDecodeError as exc:
            raise _not_utf8(_first_bad_line(file)) from exc
        except csv.Error as exc:
            raise TableError(
                RowError(
                    reader.line_num,
                    "",
                    _("Linjen kan ikke læses som CSV. Tjek anførselstegnene."),
                )
            ) from exc
    finally:
        # leave the caller's file open (it may be closed already when a generator left
        # unfinished is collected late)
        with contextlib.suppress(ValueError):
            text.detach()


def _xlsx_lines(data: bytes) -> Generator[tuple[int, list[str]]]:
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


def _rows(
    lines: Iterable[tuple[int, list[str]]],
) -> Iterator[tuple[tuple[str, ...], int, dict[str, str]]]:
    """`(columns, line, values)` of each non-blank line after the header; the first yield, with
    line 0 and no values, gives the header."""
    columns: tuple[str, ...] | None = None
    for line, cells in lines:
        if not any(cells):
            continue
        if columns is None:
            columns = tuple(normalise_header(c) for c in cells)
            yield columns, 0, {}
            continue
        yield columns, line, {col: val for col, val in zip(columns, cells, strict=False) if col}


class CsvRows:
    """The rows of a checked CSV file, read from `file` again at each iteration (see the module
    docstring). `len()` is the number of non-blank rows under the header. The file must stay
    open while the table is used."""

    def __init__(self, file: IO[bytes], count: int) -> None:
        self._file = file
        self._count = count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[tuple[int, dict[str, str]]]:
        for _columns, line, values in _rows(_csv_lines(self._file)):
            if line:
                yield line, values

    def __contains__(self, item: object) -> bool:
        return any(row == item for row in self)

    def __eq__(self, other: object) -> bool:
        """Equal to a list (or other rows) holding the same rows in the same order."""
        if isinstance(other, CsvRows | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-like, as a list

    def __repr__(self) -> str:
        return f"CsvRows({len(self)} rows)"


def read_table(
    *,
    data: bytes | None = None,
    file: IO[bytes] | None = None,
    filename: str,
    limits: UploadLimits | None = None,
) -> Table:
    """Read a CSV or XLSX file into a `Table`; the first non-blank line is the header.

    Give the file as `data` (bytes) or as `file`, a binary file object (an upload, an open
    file; streamed when it can seek, else read whole up to the size limit). Blank lines are
    skipped but still counted, so line numbers match what the user sees. `limits` (default:
    the settings, `core.uploads.UploadLimits.from_settings`) bound the file's size, an XLSX's
    unpacked size (checked before openpyxl opens it), the rows and the cells. Raises
    TableError for an unsupported type, bad encoding, malformed CSV, a broken workbook, a file
    past a limit or no header. A CSV's rows (`CsvRows`) read `file` again when iterated.
    """
    limits = limits or UploadLimits.from_settings()
    if file is None:
        file = io.BytesIO(data or b"")
    elif not file.seekable():
        # one byte more than allowed is enough to refuse a file that is too large
        file = io.BytesIO(file.read(limits.max_bytes + 1))
    suffix = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    try:
        check_upload(file, name=filename, size=None, limits=limits)
    except ValidationError as exc:
        raise _limit_error(exc, 1) from exc
    if suffix not in ("csv", "xlsx"):
        raise TableError(
            RowError(1, "", _("Filtypen understøttes ikke. Brug en .csv- eller .xlsx-fil."))
        )
    lines: Generator[tuple[int, list[str]]] = (
        _csv_lines(file) if suffix == "csv" else _xlsx_lines(file.read())
    )

    columns: tuple[str, ...] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    count = 0
    try:
        for header, line, values in _rows(_limited(lines, limits)):
            columns = header
            if not line:
                continue
            count += 1
            if suffix == "xlsx":
                rows.append((line, values))
    finally:
        lines.close()  # a read stopped at an error lets go of the file at once
    if columns is None:
        raise TableError(RowError(1, "", _("Filen er tom.")))
    if suffix == "csv":
        # typed as the list it stands for: see `Table`
        return Table(
            columns=columns, rows=cast("list[tuple[int, dict[str, str]]]", CsvRows(file, count))
        )
    return Table(columns=columns, rows=rows)
