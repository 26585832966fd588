"""Did the programmes produce leaders? (issue #13 §1, "Who became a leader"; docs/reports.md).

From the organisation data over time (`people.models.LeadershipChange`, written by every
organisation import and sync), for each programme and start year:

- **participants**: enrolments that were completed; the reference date is `completed_at`;
- **comparison group**: people who were nominated to the programme but never got a place
  (their nomination was rejected, or withdrawn before a decision) and who have no approved
  place on the same programme in any cohort; the reference date is the decision (or the
  withdrawal, or the nomination).

For each horizon (6, 12, 24, 36 months) a person counts as *became a leader* when a
non-baseline "became" change lies after the reference date and no later than the horizon.
People who were already leading on the reference date are left out (shown in their own
column), and so is anyone whose horizon has not yet passed (the share is of those *followed*
that long), and anyone whose reference date lies before the first recorded change (the data
cannot say). The trainee's recorded outcome (seed 003: "i lederjob / lederparat") is shown
beside the trainee rows.

Three queries: the enrolments, the changes of their persons, and the first change's date.
The month arithmetic happens in Python over those compact rows (python-dateutil), because
SQLite and PostgreSQL disagree on date intervals.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db.models import Exists, F, Min, OuterRef, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.people.leadership import Timeline, timelines
from lederspor.people.models import LeadershipChange
from lederspor.programmes.models import Enrolment
from lederspor.reports.access import ReportScope
from lederspor.reports.filters import ReportFilter
from lederspor.reports.selectors import enrolments, trainee_outcome_counts
from lederspor.reports.tables import Cell, Table, percent
from lederspor.trainee.models import Outcome

#: months after the reference date (issue #13 §1)
HORIZONS = (6, 12, 24, 36)
PARTICIPANTS = "participants"
COMPARISON = "comparison"

Status = Enrolment.Status


@dataclass
class Tally:
    """One group's counts: `total` people, `already` leading at the reference date,
    `unknown` (reference before the first recorded change), and per horizon in months
    `followed` (horizon passed) and `became` (became a leader within it)."""

    total: int = 0
    already: int = 0
    unknown: int = 0
    followed: dict[int, int] = field(default_factory=lambda: dict.fromkeys(HORIZONS, 0))
    became: dict[int, int] = field(default_factory=lambda: dict.fromkeys(HORIZONS, 0))

    def share(self, months: int) -> Cell:
        """The share that became leaders within `months`, of those followed that long."""
        return percent(self.became[months], self.followed[months])


def _reference_rows(scope: ReportScope, report_filter: ReportFilter) -> list[dict[str, Any]]:
    """Participants and comparison people with their reference datetime (one query)."""
    base = enrolments(scope, report_filter)
    seated_elsewhere = Enrolment.objects.filter(
        person=OuterRef("person"),
        cohort__programme=OuterRef("cohort__programme"),
        status__in=Enrolment.SEATED,
    )
    completed = Q(status=Status.COMPLETED, completed_at__isnull=False)
    not_enrolled = Q(status=Status.REJECTED) | Q(status=Status.WITHDRAWN, decided_at__isnull=True)
    rows: Any = (
        base.filter(completed | not_enrolled)
        .annotate(seated_elsewhere=Exists(seated_elsewhere))
        .values(
            "person_id",
            "status",
            "seated_elsewhere",
            programme_name=F("cohort__programme__name"),
            programme_kind=F("cohort__programme__kind"),
            year=ExtractYear("cohort__starts_on"),
            reference=Coalesce("completed_at", "decided_at", "withdrawn_at", "nominated_at"),
        )
        .order_by()
    )
    return list(rows)


@dataclass
class Pipeline:
    """The report's figures: `tallies[(programme, year)][group]`, the first recorded change
    (`tracking_since`, None when there is none) and the trainee outcomes per row."""

    tallies: dict[tuple[str, int], dict[str, Tally]]
    tracking_since: dt.date | None
    outcomes: dict[tuple[str, int], dict[str, int]]
    today: dt.date

    def totals(self) -> dict[str, dict[str, Tally]]:
        """The tallies summed over the years, per programme."""
        summed: dict[str, dict[str, Tally]] = defaultdict(
            lambda: {PARTICIPANTS: Tally(), COMPARISON: Tally()}
        )
        for (programme, _year), groups in self.tallies.items():
            for group, tally in groups.items():
                into = summed[programme][group]
                into.total += tally.total
                into.already += tally.already
                into.unknown += tally.unknown
                for months in HORIZONS:
                    into.followed[months] += tally.followed[months]
                    into.became[months] += tally.became[months]
        return dict(summed)


def leader_pipeline(scope: ReportScope, report_filter: ReportFilter, *, today: dt.date) -> Pipeline:
    """Count who became a leader after each programme (four queries; see the module doc)."""
    since = LeadershipChange.objects.aggregate(first=Min("on"))["first"]
    persons = enrolments(scope, report_filter).values("person_id")
    lines = timelines(persons) if since is not None else {}
    tallies: dict[tuple[str, int], dict[str, Tally]] = defaultdict(
        lambda: {PARTICIPANTS: Tally(), COMPARISON: Tally()}
    )
    horizon_dates: dict[dt.date, tuple[dt.date, ...]] = {}  # a cohort's people share a day
    for row in _reference_rows(scope, report_filter):
        is_participant = row["status"] == Status.COMPLETED
        if not is_participant and row["seated_elsewhere"]:
            continue
        reference = row["reference"]
        if reference is None:
            continue
        day = timezone.localtime(reference).date()
        key = (str(row["programme_name"]), int(str(row["year"])))
        tally = tallies[key][PARTICIPANTS if is_participant else COMPARISON]
        tally.total += 1
        if since is None or day < since:
            tally.unknown += 1
            continue
        line = lines.get(row["person_id"], Timeline())
        if line.leading_on(day):
            tally.already += 1
            continue
        became = line.first_became_after(day)
        untils = horizon_dates.get(day)
        if untils is None:
            untils = horizon_dates[day] = tuple(day + relativedelta(months=m) for m in HORIZONS)
        for months, until in zip(HORIZONS, untils, strict=True):
            if until > today:
                continue
            tally.followed[months] += 1
            if became is not None and became <= until:
                tally.became[months] += 1
    return Pipeline(
        tallies=dict(sorted(tallies.items(), key=lambda item: (item[0][0], -item[0][1]))),
        tracking_since=since,
        outcomes=trainee_outcome_counts(scope, report_filter),
        today=today,
    )


def pipeline_table(pipeline: Pipeline) -> Table:
    """The pipeline as one table: a row per programme, year and group."""
    headers = [_("Forløb"), _("År"), _("Gruppe"), _("Personer"), _("Var allerede leder")]
    for months in HORIZONS:
        headers += [
            _("Fulgt %(n)s mdr.") % {"n": months},
            _("Blev leder inden %(n)s mdr.") % {"n": months},
            _("Andel %(n)s mdr.") % {"n": months},
        ]
    headers += [_("Ukendt (før data)"), _("Trainee: i lederjob"), _("Trainee: lederparat")]
    table = Table(
        key="leader_pipeline",
        title=_("Blev deltagerne ledere?"),
        headers=headers,
        label_columns=3,
        empty=_("Ingen gennemførte deltagere eller indstillede med de valgte filtre."),
        summary=_(
            "Andelen, der blev nærmeste leder inden 6, 12, 24 og 36 måneder efter forløbet, "
            "ud af dem, der kan følges så længe, sammenlignet med indstillede, der ikke fik "
            "plads."
        ),
    )
    labels = {PARTICIPANTS: _("Gennemførte"), COMPARISON: _("Indstillet, ikke optaget")}
    for key, groups in pipeline.tallies.items():
        outcome = pipeline.outcomes.get(key, {})
        for group in (PARTICIPANTS, COMPARISON):
            tally = groups[group]
            if not tally.total:
                continue
            cells: list[Cell] = [key[0], key[1], labels[group], tally.total, tally.already]
            for months in HORIZONS:
                cells += [tally.followed[months], tally.became[months], tally.share(months)]
            cells.append(tally.unknown)
            if group == PARTICIPANTS and outcome:
                cells += [
                    outcome.get(Outcome.IN_LEADER_JOB, 0),
                    outcome.get(Outcome.LEADER_READY, 0),
                ]
            else:
                cells += [None, None]
            table.rows.append(cells)
    return table
