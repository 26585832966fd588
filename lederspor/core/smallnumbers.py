"""The small-number rule of reports and evaluations (issue #13 §1, docs/reports.md).

Evaluations and effects are shown as counts and means, never one person's answer. A cell built
from fewer answers than `settings.LEDERSPOR_REPORTS_MIN_CELL` (default 5) is suppressed: the
page shows "< 5" and no mean, distribution or percentage; exports and the API carry `None`
with the same flag.
"""

from django.conf import settings


def min_cell() -> int:
    """The smallest number of answers a shown figure may rest on (≥ 1; default 5)."""
    return max(1, int(settings.LEDERSPOR_REPORTS_MIN_CELL))


def is_suppressed(count: int | None) -> bool:
    """Whether a figure resting on `count` answers must be hidden (0 < count < min_cell()).

    No answers at all (0 or None) is not suppressed: "no answers" reveals nothing.
    """
    return bool(count) and count is not None and count < min_cell()


def suppressed_label() -> str:
    """The text shown instead of a hidden figure, e.g. "< 5"."""
    return f"< {min_cell()}"
