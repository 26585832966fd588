"""Server-rendered SVG bar charts (issue #13 §1: charts under the strict CSP, printable).

A chart is drawn from a report `Table`: one group of horizontal bars per row, one bar per
chosen value column (a *series*). The geometry is computed here, in SVG user units on a
640-wide canvas, and `reports/_chart.html` writes it as inline SVG with a `<title>`,
`<desc>` (the summary) and a legend; colours come from classes in app.css, so no inline style
is needed. The table the chart is drawn from is always printed beside it, for screen readers
and for exact figures; a hidden figure ("< 5") draws no bar and says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django_stubs_ext import StrPromise

from lederspor.reports.tables import Mean, Percent, Suppressed, Table

WIDTH = 640
LABEL_WIDTH = 220
BAR_LEFT = LABEL_WIDTH + 10
BAR_SPACE = WIDTH - BAR_LEFT - 60  # room for the value after the longest bar
BAR_HEIGHT = 14
BAR_GAP = 3
GROUP_GAP = 12
LABEL_CHARS = 34


@dataclass(frozen=True)
class Bar:
    """One drawn bar: `series` index (colour), geometry in SVG units, and the text shown."""

    series: int
    y: float
    width: float
    display: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class Group:
    """A row of the table: its label (cut to fit; the table beside has it whole) and bars."""

    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Chart:
    """A drawn chart: `key` (element ids), title, summary, legend (series names), `height`."""

    key: str
    title: str
    summary: str
    legend: tuple[str, ...]
    groups: tuple[Group, ...]
    height: float
    width: int = WIDTH
    bar_left: int = BAR_LEFT
    bar_height: int = BAR_HEIGHT

    @property
    def is_empty(self) -> bool:
        """True when no row has a value to draw."""
        return not any(bar.width > 0 for group in self.groups for bar in group.bars)


def _value(cell: object) -> tuple[float | None, str]:
    if isinstance(cell, Percent):
        return cell.value, str(cell)
    if isinstance(cell, Mean):
        return cell.value, str(cell)
    if isinstance(cell, Suppressed):
        return None, str(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell), str(cell)
    return None, "–"


def bar_chart(
    table: Table,
    *,
    key: str,
    title: str | StrPromise,
    summary: str | StrPromise,
    series: Sequence[tuple[int, str]],
    maximum: float | None = None,
    label: Sequence[int] | None = None,
) -> Chart:
    """Draw `table` as grouped horizontal bars.

    `series`: (column index, legend name) pairs; `maximum`: the value of a full-length bar
    (100 for percentages, 5 for the 1–5 scale; default: the largest value); `label`: the
    columns joined into a row's label (default: the table's label columns).
    """
    label_columns = list(label) if label is not None else list(range(table.label_columns))
    values = [[_value(row[index]) for index, _name in series] for row in table.rows]
    top = maximum or max((v for row in values for v, _d in row if v is not None), default=1.0)
    top = top or 1.0
    groups = []
    y = 4.0
    for row, row_values in zip(table.rows, values, strict=True):
        full = " ".join(str(row[i]) for i in label_columns if row[i] not in (None, ""))
        short = full if len(full) <= LABEL_CHARS else full[: LABEL_CHARS - 1] + "…"
        bars = []
        label_y = y + BAR_HEIGHT - 3
        for number, (value, display) in enumerate(row_values):
            width = 0.0 if value is None else max(0.0, min(value / top, 1.0)) * BAR_SPACE
            bars.append(
                Bar(
                    series=number,
                    y=y,
                    width=round(width, 1),
                    display=display,
                    text_x=round(BAR_LEFT + width + 4, 1),
                    text_y=round(y + BAR_HEIGHT - 3, 1),
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(Group(label=short, label_y=label_y, bars=tuple(bars)))
        y += GROUP_GAP
    return Chart(
        key=key,
        title=str(title),
        summary=str(summary),
        legend=tuple(name for _index, name in series),
        groups=tuple(groups),
        height=round(y + 4, 1),
    )
