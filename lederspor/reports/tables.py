"""The shape every report has: tables of cells, shown as HTML, exported as XLSX/CSV, served as JSON.

A report selector returns `Table`s. A cell is a plain value (str, int, date, None) or one of
the small wrappers here that say how to show a number: `Percent` (0–100, shown "42 %"),
`Mean` (a mean on the 1–5 scale, shown "3,8") or `Suppressed` (a figure hidden by the
small-number rule, shown "< 5"; `core.smallnumbers`). The HTML (`reports/_table.html` with the
`report_cell` filter), the export (`table_sheet`) and the API (`table_json`) all read the same
table, so the three never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django_stubs_ext import StrPromise

from lederspor.core.exports import Column, Sheet
from lederspor.core.smallnumbers import is_suppressed, suppressed_label


@dataclass(frozen=True)
class Percent:
    """A share in percent (0–100), e.g. `Percent(41.7)` shown "42 %"."""

    value: float

    def __str__(self) -> str:
        return f"{round(self.value)} %"


@dataclass(frozen=True)
class Mean:
    """A mean of ratings on the 1–5 scale with the number of answers it rests on."""

    value: float
    count: int

    def __str__(self) -> str:
        return f"{self.value:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Suppressed:
    """A figure hidden by the small-number rule (fewer answers than `min_cell()`)."""

    count_below: int

    def __str__(self) -> str:
        return suppressed_label()


Cell = str | StrPromise | int | float | dt.date | Percent | Mean | Suppressed | None


def percent(part: int, whole: int) -> Percent | None:
    """`part` of `whole` in percent, or None when `whole` is 0."""
    return Percent(100.0 * part / whole) if whole else None


def guarded_count(count: int) -> int | Suppressed:
    """An answer count under the small-number rule: `Suppressed` for 1 … min_cell()-1."""
    return Suppressed(count) if is_suppressed(count) else count


def guarded_mean(mean: float | None, count: int) -> Mean | Suppressed | None:
    """A mean of `count` ratings under the small-number rule (None when nobody answered)."""
    if not count or mean is None:
        return None
    if is_suppressed(count):
        return Suppressed(count)
    return Mean(float(mean), count)


@dataclass
class Table:
    """One table of a report.

    `key`: a stable slug (export sheet, API field); `title`: the caption; `headers`: column
    headings (Danish); `rows`: lists of cells, as many as `headers`; `summary`: a sentence
    saying what the table shows in words (screen readers, print); `empty`: the text shown when
    there are no rows; `label_columns`: how many leading columns are row headings.
    """

    key: str
    title: str | StrPromise
    headers: Sequence[str | StrPromise]
    rows: list[list[Cell]] = field(default_factory=list)
    summary: str | StrPromise = ""
    empty: str | StrPromise = ""
    label_columns: int = 1


def _export_value(cell: Cell) -> object:
    """A cell as a spreadsheet value: numbers stay numbers, hidden figures read "< 5"."""
    if isinstance(cell, Percent):
        return round(cell.value, 1)
    if isinstance(cell, Mean):
        return round(cell.value, 2)
    if isinstance(cell, Suppressed):
        return str(cell)
    return cell


def _column(header: str, index: int) -> Column:
    def value(row: list[Cell]) -> object:
        return _export_value(row[index])

    return Column(header, value)


def table_sheet(table: Table) -> Sheet:
    """The table as an export sheet (`core.exports.Sheet`)."""
    columns = [_column(str(header), index) for index, header in enumerate(table.headers)]
    return Sheet(title=str(table.title), rows=table.rows, columns=columns)


def _json_value(cell: Cell) -> Any:
    """A cell as JSON: numbers, strings, null; a hidden figure is `{"suppressed": true}`."""
    if isinstance(cell, Percent):
        return round(cell.value, 1)
    if isinstance(cell, Mean):
        return {"mean": round(cell.value, 2), "count": cell.count}
    if isinstance(cell, Suppressed):
        return {"suppressed": True, "below": suppressed_label()}
    return cell


def table_json(table: Table) -> dict[str, Any]:
    """The table as a JSON-ready dict: key, title, summary, headers and rows."""
    return {
        "key": table.key,
        "title": str(table.title),
        "summary": str(table.summary),
        "headers": [str(h) for h in table.headers],
        "rows": [[_json_value(c) for c in row] for row in table.rows],
    }
