"""`{{ cell|report_cell }}`: a report cell as text (numbers in the active language's format)."""

import datetime as dt

from django import template
from django.utils.formats import date_format, number_format

from lederspor.reports.tables import Mean, Percent, Suppressed

register = template.Library()


@register.filter
def report_cell(cell: object) -> str:
    """Percent "42 %", mean "3,8", hidden "< 5", date in SHORT_DATE_FORMAT, None "–"."""
    if cell is None:
        return "–"
    if isinstance(cell, Percent):
        return f"{number_format(round(cell.value))} %"
    if isinstance(cell, Mean):
        # number_format cuts digits off a float; round first (3,85 → 3,9, not 3,8)
        return number_format(round(cell.value, 1), decimal_pos=1)
    if isinstance(cell, Suppressed):
        return str(cell)
    if isinstance(cell, dt.date):
        return date_format(cell, "SHORT_DATE_FORMAT")
    if isinstance(cell, float):
        return number_format(round(cell, 2), decimal_pos=2)
    if isinstance(cell, int) and not isinstance(cell, bool):
        return number_format(cell, force_grouping=False)
    return str(cell)


@register.filter
def is_number(cell: object) -> bool:
    """Whether a cell is right-aligned (numbers, shares, means, hidden figures)."""
    return isinstance(cell, int | float | Percent | Mean | Suppressed) and not isinstance(
        cell, bool
    )
