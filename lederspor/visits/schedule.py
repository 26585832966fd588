"""The job-visit calendar of one cohort, computed from its dates (seed 001; issue #14 §1).

Seed 001's calendar is written for a cohort that runs February to May:

- "Februar: Du får mail med oplysning om, hvem der er din makker …" – the pairs are made and
  mailed (*pairing*);
- "Marts: Jobbesøg og fælles læringsrefleksion med en af jer som vært" (*first visits*);
- "April: … med den anden som vært" (*second visits*);
- "Maj: Fælles opsamling mellem 2 besøgspar" (*wrap-up*).

A cohort that runs at another time keeps the four steps and their order: the pairing period is
the cohort's first month, the wrap-up period its last month and the months between are shared
by the two visit periods (the first visits get the extra month of an odd count). A cohort of
fewer than four calendar months is cut into four periods of (nearly) equal length instead. The
seed's texts name the months of the February cohort; `Schedule.follow` replaces them by this
cohort's months, so the texts shown follow the dates. Pure Python: no query.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import translation
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lederspor.programmes.models import Cohort

PAIRING, FIRST_VISITS, SECOND_VISITS, WRAP_UP = (
    "pairing",
    "first_visits",
    "second_visits",
    "wrap_up",
)

#: the month seed 001 names for each step (its February → May calendar), in order
SEED_MONTHS = {PAIRING: "februar", FIRST_VISITS: "marts", SECOND_VISITS: "april", WRAP_UP: "maj"}

#: `JobVisit.month` → the period the visit belongs to ("march": first visits, "april": second)
VISIT_PERIOD = {"march": FIRST_VISITS, "april": SECOND_VISITS}

_SEED_MONTH_WORD = re.compile(r"(\bi )?\b(februar|marts|april|maj)\b", re.IGNORECASE)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    """One step of the calendar: `key` (PAIRING …), first and last day (inclusive), and
    whether it covers whole calendar months (then it is named by its month(s))."""

    key: str
    starts_on: dt.date
    ends_on: dt.date
    whole_months: bool

    @property
    def label(self) -> str:
        """The period in the active language, lower case as inside a Danish sentence:
        "marts", "marts–april" or, for a period of days, "3.–16. marts"."""
        if self.whole_months:
            first = str(MONTHS[self.starts_on.month])
            last = str(MONTHS[self.ends_on.month])
            text = first if first == last else f"{first}–{last}"
        else:
            last_day = date_format(self.ends_on, "MONTH_DAY_FORMAT")
            if (self.starts_on.year, self.starts_on.month) == (
                self.ends_on.year,
                self.ends_on.month,
            ):  # "8.–20. april" / "8–20 April"
                dot = "." if translation.get_language() in ("da", None) else ""
                text = f"{self.starts_on.day}{dot}–{last_day}"
            else:
                text = f"{date_format(self.starts_on, 'MONTH_DAY_FORMAT')}–{last_day}"
        return text.lower() if translation.get_language() in ("da", None) else text

    @property
    def title(self) -> str:
        """`label` with a capital first letter, as a calendar heading ("Marts")."""
        return capfirst(self.label)

    def contains(self, day: dt.date) -> bool:
        """True if `day` lies in the period."""
        return self.starts_on <= day <= self.ends_on


@dataclass(frozen=True)
class Schedule:
    """The four periods of a job-visit cohort (see the module). `periods` in order."""

    pairing: Period
    first_visits: Period
    second_visits: Period
    wrap_up: Period

    @property
    def periods(self) -> list[Period]:
        """The four periods in the calendar's order."""
        return [self.pairing, self.first_visits, self.second_visits, self.wrap_up]

    def period(self, key: str) -> Period:
        """The period named `key` (PAIRING …); KeyError for another name."""
        return {p.key: p for p in self.periods}[key]

    def visit_period(self, month: str) -> Period:
        """The period of a visit by its `JobVisit.month` ("march" → first visits …)."""
        return self.period(VISIT_PERIOD[month])

    def follow(self, text: str) -> str:
        """`text` (a seed text naming February … May) with each seed month replaced by the
        label of this cohort's period in Danish (the seed texts are Danish), capitalised where
        the seed capitalised it. A February → May cohort reads exactly as the seed."""
        by_month = {month: key for key, month in SEED_MONTHS.items()}
        with translation.override("da"):
            labels = {month: self.period(key).label for month, key in by_month.items()}

        def replace(match: re.Match[str]) -> str:
            preposition, word = match.group(1) or "", match.group(2)
            period = self.period(by_month[word.lower()])
            label = labels[word.lower()]
            label = capfirst(label) if word[0].isupper() else label
            if preposition and not period.whole_months:
                # "i maj" → "i perioden 8.–20. april": days, not a month
                return f"{preposition}perioden {label}"
            return f"{preposition}{label}"

        return _SEED_MONTH_WORD.sub(replace, text)

    def hint(self, month: str) -> str:
        """ "efter guiden i marts": when the guide plans a visit, in the active language."""
        return _("efter guiden i %(month)s") % {"month": self.visit_period(month).label}


def schedule_for(*, starts_on: dt.date, ends_on: dt.date) -> Schedule:
    """The calendar of a cohort running `starts_on` to `ends_on` (inclusive; see the module).

    Raises ValueError if `ends_on` is before `starts_on` (a cohort's constraint forbids it).
    """
    if ends_on < starts_on:
        raise ValueError("a cohort ends on or after its start")
    months = []
    year, month = starts_on.year, starts_on.month
    while (year, month) <= (ends_on.year, ends_on.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if len(months) >= 4:
        middle = months[1:-1]
        half = (len(middle) + 1) // 2
        first, second = middle[:half], middle[half:]
        return Schedule(
            pairing=Period(PAIRING, starts_on, _month_end(*months[0]), True),
            first_visits=Period(FIRST_VISITS, dt.date(*first[0], 1), _month_end(*first[-1]), True),
            second_visits=Period(
                SECOND_VISITS, dt.date(*second[0], 1), _month_end(*second[-1]), True
            ),
            wrap_up=Period(WRAP_UP, dt.date(*months[-1], 1), ends_on, True),
        )
    days = (ends_on - starts_on).days + 1
    bounds = [starts_on + dt.timedelta(days=days * k // 4) for k in range(5)]
    periods = []
    for k, key in enumerate((PAIRING, FIRST_VISITS, SECOND_VISITS, WRAP_UP)):
        first_day = bounds[k]
        last_day = max(first_day, bounds[k + 1] - dt.timedelta(days=1))
        periods.append(Period(key, first_day, min(last_day, ends_on), False))
    return Schedule(*periods)


def cohort_schedule(cohort: Cohort) -> Schedule:
    """`schedule_for` the cohort's `starts_on` and `ends_on` (no query)."""
    return schedule_for(starts_on=cohort.starts_on, ends_on=cohort.ends_on)
