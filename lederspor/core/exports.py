"""Spreadsheet exports of what a list or report page shows (issue #13 §3).

One place writes every XLSX and CSV file, so each export looks the same and is safe:

- XLSX through openpyxl: a frozen, bold header row with Danish column names, an autofilter over
  the whole table, real dates (`DD-MM-YYYY`), date-times (`DD-MM-YYYY TT:MM`, local time) and
  numbers, columns sized to their content;
- CSV for other tools: UTF-8 with a byte-order mark and `;` as separator (what Danish Excel
  opens without a wizard), dates in ISO 8601;
- values that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or
  a carriage return) are written as text: in XLSX the cell is typed as a string, in CSV the
  value gets a leading `'` (OWASP "CSV injection").

A view offers the export with `{% export_links %}` (core template tag) and answers
`?eksport=xlsx` or `?eksport=csv` with `export_response(...)` over the same filtered rows it
renders, so the file holds exactly what the page shows with its current filters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

ExportFormat = Literal["xlsx", "csv"]

#: the query parameter a page's export links set
EXPORT_PARAMETER = "eksport"
FORMATS: tuple[ExportFormat, ...] = ("xlsx", "csv")
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
#: first characters a spreadsheet reads as the start of a formula (OWASP CSV injection)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "DD-MM-YYYY"
DATETIME_FORMAT = "DD-MM-YYYY HH:MM"
#: characters XML 1.0 (and so XLSX) cannot hold
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class Column:
    """One column of an export: a Danish `header` and the `value` of a row.

    `value(row)` returns a str, int, float, Decimal, bool, date, datetime or None (an empty
    cell); a bool is written "Ja"/"Nej", an aware datetime in local time. `width`: the column's
    width in characters, or None to size it from the content (capped at 60).
    """

    header: str
    value: Callable[[Any], object]
    width: int | None = None


def requested_format(request: HttpRequest) -> ExportFormat | None:
    """The export a request asks for (`?eksport=xlsx|csv`), or None for the page itself."""
    value = request.GET.get(EXPORT_PARAMETER)
    return value if value in FORMATS else None


def is_formula_like(value: str) -> bool:
    """Whether a spreadsheet would take `value` as the start of a formula."""
    return value.startswith(FORMULA_PREFIXES)


def escape_csv_value(value: str) -> str:
    """`value` with a leading `'` when it starts like a formula (OWASP); else unchanged."""
    return "'" + value if is_formula_like(value) else value


def _plain(value: object) -> object:
    """A cell value openpyxl and csv can write: bools in Danish, aware datetimes local."""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if value is None or isinstance(value, int | float | Decimal | dt.date):
        return value
    return str(value)


@dataclass(frozen=True)
class Sheet:
    """One table of a multi-table export (a report page): worksheet `title`, `rows`, `columns`."""

    title: str
    rows: Sequence[Any]
    columns: Sequence[Column]


def _fill_sheet(sheet: Any, *, rows: Iterable[Any], columns: Sequence[Column], title: str) -> None:
    """Write header and rows into an openpyxl worksheet (see `xlsx_bytes`)."""
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", str(title))[:31].strip() or "Eksport"
    sheet.append([str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(column.header)) for column in columns]
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, column in enumerate(columns):
            value = _plain(column.value(row))
            if isinstance(value, str):
                value = _ILLEGAL_XML.sub("", value)
            cell = sheet.cell(row=count + 1, column=index + 1, value=value)
            if isinstance(value, str):
                if is_formula_like(value):
                    cell.data_type = TYPE_STRING  # shown as the text typed, never run
                widths[index] = max(widths[index], min(len(value), 60))
            elif isinstance(value, dt.datetime):
                cell.number_format = DATETIME_FORMAT
                widths[index] = max(widths[index], 16)
            elif isinstance(value, dt.date):
                cell.number_format = DATE_FORMAT
                widths[index] = max(widths[index], 10)
            elif value is not None:
                widths[index] = max(widths[index], len(str(value)))
    for index, column in enumerate(columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = (column.width or widths[index]) + 2
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"


def xlsx_bytes(*, rows: Iterable[Any], columns: Sequence[Column], title: str) -> bytes:
    """The rows as one XLSX worksheet named `title` (cut to Excel's 31 characters).

    Header row frozen and bold, autofilter over header and rows, dates and numbers typed,
    formula-like text typed as text. Returns the workbook's bytes.
    """
    return xlsx_workbook_bytes(sheets=[Sheet(title=title, rows=list(rows), columns=columns)])


def xlsx_workbook_bytes(*, sheets: Sequence[Sheet]) -> bytes:
    """Several tables as one XLSX workbook, one worksheet each (as `xlsx_bytes`)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for index, sheet in enumerate(sheets):
        target = workbook.active if index == 0 else workbook.create_sheet()
        _fill_sheet(target, rows=sheet.rows, columns=sheet.columns, title=sheet.title)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_text(*, rows: Iterable[Any], columns: Sequence[Column]) -> str:
    """The rows as CSV text: `;`-separated, header first, dates ISO 8601, formulas escaped."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([escape_csv_value(str(column.header)) for column in columns])
    for row in rows:
        cells = []
        for column in columns:
            value = _plain(column.value(row))
            if value is None:
                cells.append("")
            elif isinstance(value, dt.datetime):
                cells.append(value.strftime("%Y-%m-%d %H:%M"))
            elif isinstance(value, dt.date):
                cells.append(value.isoformat())
            elif isinstance(value, str):
                cells.append(escape_csv_value(value))
            else:
                cells.append(str(value))
        writer.writerow(cells)
    return out.getvalue()


def export_response(
    *,
    rows: Iterable[Any],
    columns: Sequence[Column],
    filename: str,
    format: ExportFormat,
    title: str | None = None,
) -> HttpResponse:
    """An attachment response with `rows` as XLSX or CSV.

    `filename`: the file's name without extension (slugified, the date of today appended);
    `title`: the worksheet's name (default: `filename`). The response is `no-store`: exports
    hold personal data.
    """
    if format == "xlsx":
        body = xlsx_bytes(rows=rows, columns=columns, title=title or filename)
    else:
        body = _csv_bytes(csv_text(rows=rows, columns=columns))
    return _attachment(body, filename=filename, format=format)


def _csv_bytes(text: str) -> bytes:
    """CSV text as UTF-8 with a byte-order mark (Danish Excel reads the encoding from it)."""
    return ("\ufeff" + text).encode("utf-8")


def _attachment(body: bytes, *, filename: str, format: ExportFormat) -> HttpResponse:
    """The file as a no-store attachment named `<slugified filename>-<today>.<format>`."""
    stem = f"{slugify(filename) or 'eksport'}-{timezone.localdate().isoformat()}"
    response = HttpResponse(body, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{format}"'
    response["Cache-Control"] = "no-store, private"
    return response


def export_sheets_response(
    *, sheets: Sequence[Sheet], filename: str, format: ExportFormat
) -> HttpResponse:
    """A report's tables as one attachment: an XLSX workbook with a worksheet per table, or
    one CSV file with each table under its title and a blank line between tables."""
    if format == "xlsx":
        return _attachment(xlsx_workbook_bytes(sheets=sheets), filename=filename, format=format)
    parts = []
    for sheet in sheets:
        parts.append(escape_csv_value(str(sheet.title)) + "\r\n")
        parts.append(csv_text(rows=sheet.rows, columns=sheet.columns) + "\r\n")
    return _attachment(_csv_bytes("".join(parts)), filename=filename, format=format)
