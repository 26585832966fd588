"""Is the talent pipeline representative? (issue #13 §1, "Diversity"; docs/reports.md).

Two views: the network groups' diversity per grouping round (the solver's score against the
expected score of a random grouping, `grouping.models.GroupingRound`), and the mix of the
participants who got a place (approved: enrolled or completed) by forvaltning, profession,
gender and age band, each beside the same mix of all active employees who fit the filter's
forvaltning, område and profession. Counts of people, no names; fixed queries.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from lederspor.grouping.models import GroupingRound
from lederspor.people.models import Person
from lederspor.people.selectors import OrgRole, UnitInfo, unit_in_role
from lederspor.programmes.models import Enrolment
from lederspor.reports.access import ReportScope
from lederspor.reports.filters import ReportFilter
from lederspor.reports.selectors import enrolments
from lederspor.reports.tables import Percent, Table, percent

#: age bands in whole years at the report's date (lower bound inclusive)
AGE_BANDS = ((0, 30), (30, 40), (40, 50), (50, 60), (60, 200))
#: professions shown one by one; the rest are "Øvrige"
TOP_PROFESSIONS = 12


def rounds_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Each composed grouping round's diversity against random (one query)."""
    rounds = (
        GroupingRound.objects.filter(
            cohort__in=report_filter.cohorts(scope.cohorts), objective__isnull=False
        )
        .select_related("cohort__programme")
        .order_by("-cohort__starts_on", "cohort__name", "number")
    )
    table = Table(
        key="grouping_rounds",
        title=_("Netværksgruppernes mangfoldighed pr. runde"),
        headers=[
            _("Hold"),
            _("Runde"),
            _("Status"),
            _("Mangfoldighed"),
            _("Forventet ved tilfældig gruppering"),
            _("Mere mangfoldig end tilfældig"),
        ],
        label_columns=2,
        empty=_("Ingen sammensatte netværksgrupper med de valgte filtre."),
        summary=_(
            "Mangfoldighed er summen af forskellene mellem deltagerne i hver gruppe; jo højere, "
            "jo mere blandede grupper. Sidste kolonne sammenligner med en tilfældig gruppering."
        ),
    )
    for round_ in rounds:
        improvement = round_.improvement_pct
        table.rows.append(
            [
                round_.cohort.name,
                round_.number,
                round_.get_status_display(),
                round(round_.objective or 0.0, 2),
                round(round_.random_objective or 0.0, 2),
                Percent(improvement) if improvement is not None else None,
            ]
        )
    return table


def _department_of(unit_id: int, units: dict[int, UnitInfo]) -> str:
    """The name of the forvaltning `unit_id` lies in: the nearest unit at or above it whose
    kind plays the "department" role (`people.selectors.unit_in_role`; issue #17 §2)."""
    department = unit_in_role(unit_id, OrgRole.DEPARTMENT, units)
    return department.name if department else _("Uden forvaltning")


def _band(birth_year: int | None, today: dt.date) -> str:
    if birth_year is None:
        return _("Uoplyst")
    age = today.year - birth_year
    for low, high in AGE_BANDS:
        if low <= age < high:
            if low == 0:
                return _("Under %(n)s år") % {"n": high}
            if high >= 200:
                return _("%(n)s år og derover") % {"n": low}
            return _("%(low)s–%(high)s år") % {"low": low, "high": high - 1}
    return _("Uoplyst")


def _mix_table(
    key: str,
    title: str,
    heading: str,
    participants: Counter[str],
    population: Counter[str],
    *,
    order: Iterable[str] | None = None,
) -> Table:
    total_p = sum(participants.values())
    total_a = sum(population.values())
    labels = (
        list(order)
        if order is not None
        else [label for label, _n in (participants + population).most_common()]
    )
    table = Table(
        key=key,
        title=title,
        headers=[
            heading,
            _("Deltagere"),
            _("Andel af deltagerne"),
            _("Alle medarbejdere"),
            _("Andel af alle"),
        ],
        empty=_("Ingen deltagere med de valgte filtre."),
    )
    for label in labels:
        if not participants[label] and not population[label]:
            continue
        table.rows.append(
            [
                label,
                participants[label],
                percent(participants[label], total_p),
                population[label],
                percent(population[label], total_a),
            ]
        )
    return table


def mix_tables(scope: ReportScope, report_filter: ReportFilter, *, today: dt.date) -> list[Table]:
    """The approved participants' mix beside all active employees' (five queries)."""
    seated = enrolments(scope, report_filter).filter(status__in=Enrolment.SEATED)
    population: Any = Person.objects.filter(is_active=True).filter(
        report_filter.persons_q(prefix="")
    )
    units = report_filter.tree()

    def by(queryset_values: Any, field: str) -> Counter[str]:
        counter: Counter[str] = Counter()
        for row in queryset_values:
            counter[str(row[field])] += int(str(row["n"]))
        return counter

    p_units: Any = seated.values("person__unit_id").annotate(n=Count("id"))
    a_units: Any = population.values("unit_id").annotate(n=Count("id"))
    p_dept: Counter[str] = Counter()
    for row in p_units:
        p_dept[_department_of(row["person__unit_id"], units)] += row["n"]
    a_dept: Counter[str] = Counter()
    for row in a_units:
        a_dept[_department_of(row["unit_id"], units)] += row["n"]

    p_prof = by(seated.values("person__profession").annotate(n=Count("id")), "person__profession")
    a_prof = by(population.values("profession").annotate(n=Count("id")), "profession")
    top = [label for label, _n in (p_prof + a_prof).most_common(TOP_PROFESSIONS)]
    other = _("Øvrige")

    def fold(counter: Counter[str]) -> Counter[str]:
        folded: Counter[str] = Counter()
        for label, n in counter.items():
            folded[(label or _("Uoplyst")) if label in top else other] += n
        return folded

    p_gender: Counter[str] = Counter()
    labels = dict(Person.Gender.choices)
    for row in seated.values("person__gender").annotate(n=Count("id")):
        p_gender[str(labels.get(row["person__gender"], _("Uoplyst")))] += row["n"]
    a_gender: Counter[str] = Counter()
    for row in population.values("gender").annotate(n=Count("id")):
        a_gender[str(labels.get(row["gender"], _("Uoplyst")))] += row["n"]

    p_age: Counter[str] = Counter()
    for row in seated.values("person__birth_year").annotate(n=Count("id")):
        p_age[_band(row["person__birth_year"], today)] += row["n"]
    a_age: Counter[str] = Counter()
    for row in population.values("birth_year").annotate(n=Count("id")):
        a_age[_band(row["birth_year"], today)] += row["n"]
    band_order = [_band(today.year - low, today) for low, _high in AGE_BANDS] + [_("Uoplyst")]

    return [
        _mix_table(
            "mix_department",
            _("Deltagere og alle medarbejdere efter forvaltning"),
            _("Forvaltning"),
            p_dept,
            a_dept,
        ),
        _mix_table(
            "mix_profession",
            _("Deltagere og alle medarbejdere efter faggruppe"),
            _("Faggruppe"),
            fold(p_prof),
            fold(a_prof),
        ),
        _mix_table(
            "mix_gender",
            _("Deltagere og alle medarbejdere efter køn"),
            _("Køn"),
            p_gender,
            a_gender,
            order=[str(label) for label in labels.values()],
        ),
        _mix_table(
            "mix_age",
            _("Deltagere og alle medarbejdere efter alder"),
            _("Alder"),
            p_age,
            a_age,
            order=band_order,
        ),
    ]


def diversity_report(
    scope: ReportScope, report_filter: ReportFilter, *, today: dt.date
) -> list[Table]:
    """The diversity report's tables in page order."""
    return [rounds_table(scope, report_filter), *mix_tables(scope, report_filter, today=today)]
