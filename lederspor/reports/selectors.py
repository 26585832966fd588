"""The reports' figures, counted in the database (issue #13 §1; definitions in docs/reports.md).

Every function takes the reader's `ReportScope` (which cohorts they may read) and the page's
`ReportFilter` and returns `Table`s. Each table costs a fixed number of queries — one
`GROUP BY` each — whatever the number of cohorts, persons or years, so a report page's query
count does not grow with the municipality (asserted in `reports/tests/test_queries.py`).
Names are never shown: a report holds counts, shares and means, and evaluations and effects
follow the small-number rule (`core.smallnumbers`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.agreements.models import AgreementStatus, LearningAgreement
from lederspor.catalogue.models import TaskAssignment
from lederspor.catalogue.panels import UNFINISHED
from lederspor.competence.models import CompetencePlan, PlanStatus, Realised
from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.core.smallnumbers import min_cell
from lederspor.licences.models import Licence
from lederspor.programmes.models import Attendance, Enrolment, Session
from lederspor.reports.access import ReportScope
from lederspor.reports.filters import ReportFilter, unit_q
from lederspor.reports.tables import (
    Cell,
    Table,
    guarded_count,
    guarded_mean,
    percent,
)
from lederspor.trainee.models import EffectAnswer, Outcome, Respondent, TraineeOutcome
from lederspor.visits.models import JobVisit

Status = Enrolment.Status


def enrolments(scope: ReportScope, report_filter: ReportFilter) -> QuerySet[Enrolment]:
    """The enrolments a report counts: the scope's cohorts narrowed by the filter (lazy)."""
    cohorts = report_filter.cohorts(scope.cohorts)
    return Enrolment.objects.filter(cohort__in=cohorts).filter(report_filter.persons_q())


def _by_programme_year(queryset: Any, prefix: str = "cohort__") -> Any:
    """`queryset` grouped by programme name and the cohort's start year (`prefix` to cohort)."""
    return queryset.values(
        programme_name=F(f"{prefix}programme__name"),
        year=ExtractYear(f"{prefix}starts_on"),
    ).order_by("programme_name", "-year")


# --- programme report ------------------------------------------------------------------------


def status_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Nominations and their outcome per programme and year (one query).

    Columns: nominated in all (every enrolment row: each starts as a nomination), still
    awaiting a decision, approved (seated now, or withdrawn after approval), rejected,
    withdrawn, completed, and the completion rate of the approved.
    """
    rows = _by_programme_year(enrolments(scope, report_filter)).annotate(
        total=Count("id"),
        waiting=Count("id", filter=Q(status=Status.NOMINATED)),
        approved=Count(
            "id",
            filter=Q(status__in=Enrolment.SEATED)
            | Q(status=Status.WITHDRAWN, decided_at__isnull=False),
        ),
        rejected=Count("id", filter=Q(status=Status.REJECTED)),
        withdrawn=Count("id", filter=Q(status=Status.WITHDRAWN)),
        completed=Count("id", filter=Q(status=Status.COMPLETED)),
    )
    table = Table(
        key="status",
        title=_("Indstillinger og deltagelse"),
        headers=[
            _("Forløb"),
            _("År"),
            _("Indstillet i alt"),
            _("Afventer afgørelse"),
            _("Godkendt"),
            _("Afvist"),
            _("Udtrådt"),
            _("Gennemført"),
            _("Gennemført af godkendte"),
        ],
        label_columns=2,
        empty=_("Ingen indstillinger med de valgte filtre."),
    )
    totals = [0, 0]
    for row in rows:
        table.rows.append(
            [
                row["programme_name"],
                row["year"],
                row["total"],
                row["waiting"],
                row["approved"],
                row["rejected"],
                row["withdrawn"],
                row["completed"],
                percent(row["completed"], row["approved"]),
            ]
        )
        totals[0] += row["total"]
        totals[1] += row["completed"]
    table.summary = _("%(total)s indstillinger i alt, heraf %(completed)s gennemført.") % {
        "total": totals[0],
        "completed": totals[1],
    }
    return table


def reasons_table(scope: ReportScope, report_filter: ReportFilter, *, limit: int = 20) -> Table:
    """The most frequent reasons given for rejections and withdrawals (one query)."""
    rows: Any = (
        enrolments(scope, report_filter)
        .filter(status__in=[Status.REJECTED, Status.WITHDRAWN])
        .values("status", "decision_reason", "withdrawal_reason")
        .annotate(n=Count("id"))
        .order_by("-n", "status", "decision_reason", "withdrawal_reason")[:limit]
    )
    table = Table(
        key="reasons",
        title=_("Begrundelser for afvisning og udtræden"),
        headers=[_("Afgørelse"), _("Begrundelse"), _("Antal")],
        empty=_("Ingen afviste eller udtrådte med de valgte filtre."),
    )
    for row in rows:
        rejected = row["status"] == Status.REJECTED
        reason = row["decision_reason"] if rejected else row["withdrawal_reason"]
        table.rows.append([Status(row["status"]).label, reason, row["n"]])
    return table


def attendance_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Attendance per session (when one cohort is chosen) or per programme, year and kind of
    session (one query). Counts registered attendance; the rate is present / registered."""
    base = Attendance.objects.filter(enrolment__in=enrolments(scope, report_filter))
    counts = {
        "present": Count("id", filter=Q(status=Attendance.Status.PRESENT)),
        "absent": Count("id", filter=Q(status=Attendance.Status.ABSENT)),
        "excused": Count("id", filter=Q(status=Attendance.Status.EXCUSED)),
        "registered": Count("id"),
    }
    tail = [_("Deltog"), _("Fraværende"), _("Afbud"), _("Registreret"), _("Fremmøde")]
    if report_filter.cohort is not None:
        rows: Any = (
            base.values("session_id", "session__theme", "session__kind", "session__starts_at")
            .annotate(**counts)
            .order_by("session__starts_at")
        )
        table = Table(
            key="attendance",
            title=_("Fremmøde pr. mødegang"),
            headers=[_("Mødegang"), _("Type"), _("Dato"), *tail],
            empty=_("Der er ikke registreret fremmøde endnu."),
        )
        for row in rows:
            table.rows.append(
                [
                    row["session__theme"],
                    Session.Kind(row["session__kind"]).label,
                    timezone.localtime(row["session__starts_at"]).date(),
                    *_attendance_tail(row),
                ]
            )
        return table
    rows = (
        base.values(
            programme_name=F("session__cohort__programme__name"),
            year=ExtractYear("session__cohort__starts_on"),
            kind=F("session__kind"),
        )
        .annotate(**counts)
        .order_by("programme_name", "-year", "kind")
    )
    table = Table(
        key="attendance",
        title=_("Fremmøde pr. forløb, år og type mødegang"),
        headers=[_("Forløb"), _("År"), _("Type"), *tail],
        label_columns=3,
        empty=_("Der er ikke registreret fremmøde endnu."),
    )
    for row in rows:
        table.rows.append(
            [
                row["programme_name"],
                row["year"],
                Session.Kind(row["kind"]).label,
                *_attendance_tail(row),
            ]
        )
    return table


def _attendance_tail(row: dict[str, Any]) -> list[Cell]:
    return [
        row["present"],
        row["absent"],
        row["excused"],
        row["registered"],
        percent(row["present"], row["registered"]),
    ]


def tasks_table(scope: ReportScope, report_filter: ReportFilter, *, today: dt.date) -> Table:
    """Practice tasks (seed 000) by status, and overdue ones, per programme and year (one query).

    Overdue: an end date before `today` and not yet done (proposed, agreed or in progress).
    """
    task_status = TaskAssignment.Status
    rows = _by_programme_year(
        TaskAssignment.objects.filter(enrolment__in=enrolments(scope, report_filter)),
        prefix="enrolment__cohort__",
    ).annotate(
        total=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today, status__in=UNFINISHED)),
        **{s.value: Count("id", filter=Q(status=s)) for s in task_status},
    )
    table = Table(
        key="tasks",
        title=_("Praksisopgaver efter status"),
        headers=[
            _("Forløb"),
            _("År"),
            *[s.label for s in task_status],
            _("I alt"),
            _("Overskredet slutdato"),
        ],
        label_columns=2,
        empty=_("Ingen praksisopgaver med de valgte filtre."),
    )
    for row in rows:
        table.rows.append(
            [
                row["programme_name"],
                row["year"],
                *[row[s.value] for s in task_status],
                row["total"],
                row["overdue"],
            ]
        )
    return table


def conversations_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Conversations by kind: planned, held, signed by all, cancelled (one query)."""
    statuses = list(ConversationStatus)
    rows: Any = (
        Conversation.objects.filter(enrolment__in=enrolments(scope, report_filter))
        .values("kind")
        .annotate(**{s.value: Count("id", filter=Q(status=s)) for s in statuses})
        .order_by("kind")
    )
    table = Table(
        key="conversations",
        title=_("Samtaler efter slags og status"),
        headers=[_("Samtale"), *[s.label for s in statuses]],
        empty=_("Ingen samtaler med de valgte filtre."),
    )
    labels = dict(ConversationKind.choices)
    for row in sorted(rows, key=lambda r: str(labels.get(r["kind"], r["kind"]))):
        table.rows.append(
            [str(labels.get(row["kind"], row["kind"])), *[row[s.value] for s in statuses]]
        )
    return table


def agreements_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Trainees with an approved learning agreement (seed 003) per year (one query)."""
    approved = LearningAgreement.objects.filter(
        enrolment=OuterRef("pk"), status=AgreementStatus.APPROVED
    )
    rows = _by_programme_year(
        enrolments(scope, report_filter)
        .filter(status__in=Enrolment.SEATED, cohort__programme__kind="trainee")
        .annotate(has_agreement=Exists(approved))
    ).annotate(
        seated=Count("id"),
        with_agreement=Count("id", filter=Q(has_agreement=True)),
    )
    table = Table(
        key="agreements",
        title=_("Godkendte læringsaftaler"),
        headers=[
            _("Forløb"),
            _("År"),
            _("Deltagere"),
            _("Med godkendt læringsaftale"),
            _("Andel"),
        ],
        label_columns=2,
        empty=_("Ingen ledertrainees med de valgte filtre."),
    )
    for row in rows:
        table.rows.append(
            [
                row["programme_name"],
                row["year"],
                row["seated"],
                row["with_agreement"],
                percent(row["with_agreement"], row["seated"]),
            ]
        )
    return table


def job_visits_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Job visits (seed 001) per year: planned, held, and held before the pair's wrap-up.

    A visit counts as held when its status is held or reflected; "before the wrap-up" when it
    ended before its pair's wrap-up meeting started (one query). With a forvaltning, område or
    profession filter, the visits hosted by leaders who fit it.
    """
    cohorts = report_filter.cohorts(scope.cohorts)
    visits = JobVisit.objects.filter(pair__cohort__in=cohorts)
    if report_filter.narrows_persons:
        visits = visits.filter(report_filter.persons_q(prefix="host__"))
    done = Q(status__in=[JobVisit.Status.HELD, JobVisit.Status.REFLECTED])
    rows = _by_programme_year(visits, prefix="pair__cohort__").annotate(
        total=Count("id"),
        done=Count("id", filter=done),
        before=Count(
            "id",
            filter=done
            & Q(
                ends_at__isnull=False,
                pair__wrap_up_group__starts_at__isnull=False,
                ends_at__lte=F("pair__wrap_up_group__starts_at"),
            ),
        ),
    )
    table = Table(
        key="job_visits",
        title=_("Jobbesøg gennemført før den fælles opsamling"),
        headers=[
            _("Forløb"),
            _("År"),
            _("Besøg"),
            _("Gennemført"),
            _("Gennemført før opsamlingen"),
            _("Andel før opsamlingen"),
        ],
        label_columns=2,
        empty=_("Ingen jobbesøg med de valgte filtre."),
    )
    for row in rows:
        table.rows.append(
            [
                row["programme_name"],
                row["year"],
                row["total"],
                row["done"],
                row["before"],
                percent(row["before"], row["total"]),
            ]
        )
    return table


def _plans(report_filter: ReportFilter) -> QuerySet[CompetencePlan]:
    plans = CompetencePlan.objects.filter(is_example=False)
    for unit in (report_filter.department, report_filter.area):
        if unit is not None:
            plans = plans.filter(unit_q(unit.pk, prefix="", units=report_filter.tree()))
    if report_filter.profession:
        plans = plans.filter(profession=report_filter.profession)
    return plans


def competence_tables(report_filter: ReportFilter) -> list[Table]:
    """Competence plans (seed 004) by status per year created, and kørekort awarded per year
    and level (two queries). Not tied to cohorts: for HR staff only."""
    plans = _plans(report_filter)
    if report_filter.year is not None:
        plans = plans.filter(created_at__year=report_filter.year)
    rows: Any = (
        plans.values(year=ExtractYear("created_at"))
        .annotate(
            total=Count("id"), **{s.value: Count("id", filter=Q(status=s)) for s in PlanStatus}
        )
        .order_by("-year")
    )
    plan_table = Table(
        key="plans",
        title=_("Kompetenceudviklingsplaner efter status"),
        headers=[_("År (oprettet)"), *[s.label for s in PlanStatus], _("I alt")],
        empty=_("Ingen kompetenceudviklingsplaner med de valgte filtre."),
    )
    for row in rows:
        plan_table.rows.append([row["year"], *[row[s.value] for s in PlanStatus], row["total"]])
    licences = Licence.objects.filter(report_filter.persons_q())
    if report_filter.year is not None:
        licences = licences.filter(awarded_on__year=report_filter.year)
    levels = ("C", "B", "A")
    licence_rows: Any = (
        licences.values(year=ExtractYear("awarded_on"))
        .annotate(total=Count("id"), **{lv: Count("id", filter=Q(level=lv)) for lv in levels})
        .order_by("-year")
    )
    licence_table = Table(
        key="licences",
        title=_("Tildelte kørekort"),
        headers=[_("År"), _("Niveau C"), _("Niveau B"), _("Niveau A"), _("I alt")],
        empty=_("Ingen tildelte kørekort med de valgte filtre."),
    )
    for row in licence_rows:
        licence_table.rows.append([row["year"], *[row[lv] for lv in levels], row["total"]])
    return [plan_table, licence_table]


def programme_report(
    scope: ReportScope, report_filter: ReportFilter, *, today: dt.date
) -> list[Table]:
    """Every table of the programme report, in page order (issue #13 §1, first point)."""
    tables = [
        status_table(scope, report_filter),
        reasons_table(scope, report_filter),
        attendance_table(scope, report_filter),
        tasks_table(scope, report_filter, today=today),
        conversations_table(scope, report_filter),
        agreements_table(scope, report_filter),
        job_visits_table(scope, report_filter),
    ]
    if scope.everything and report_filter.cohort is None and report_filter.programme is None:
        tables += competence_tables(report_filter)
    return tables


# --- effects -----------------------------------------------------------------------------------


def trainee_effect_tables(scope: ReportScope, report_filter: ReportFilter) -> list[Table]:
    """The trainee's effects (seed 003, "Effekt:" per phase) as rated 1–5 by the trainee and
    the nearest leader: per year and phase, and per effect across the chosen years (two
    queries). A mean resting on fewer than `min_cell()` answers is shown as "< 5"."""
    answers = EffectAnswer.objects.filter(enrolment__in=enrolments(scope, report_filter))
    per_year: Any = (
        answers.values(
            year=ExtractYear("enrolment__cohort__starts_on"),
            phase_order=F("phase__order"),
            phase_name=F("phase__name"),
            who=F("respondent"),
        )
        .annotate(n=Count("id"), mean=Avg("rating"))
        .order_by("-year", "phase_order")
    )
    grouped: dict[tuple[int, int, str], dict[str, tuple[float, int]]] = defaultdict(dict)
    for row in per_year:
        key = (row["year"], row["phase_order"], row["phase_name"])
        grouped[key][row["who"]] = (row["mean"], row["n"])
    respondents = (Respondent.TRAINEE, Respondent.LEADER)
    headers = [_("År"), _("Fase")]
    for who in respondents:
        headers += [
            _("%(who)s: gennemsnit (1–5)") % {"who": who.label},
            _("%(who)s: svar") % {"who": who.label},
        ]
    phase_table = Table(
        key="effects_by_phase",
        title=_("Ledertraineens effekt pr. fase og år"),
        headers=headers,
        label_columns=2,
        empty=_("Ingen besvarede effekter med de valgte filtre."),
        summary=_(
            "Gennemsnit af vurderingerne 1–5 fra ledertraineen og den nærmeste leder. "
            'Færre end %(n)s svar vises som "< %(n)s".'
        )
        % {"n": min_cell()},
    )
    for (year, _order, phase_name), by_who in grouped.items():
        cells: list[Cell] = [year, phase_name]
        for who in respondents:
            mean, n = by_who.get(who, (None, 0))
            cells += [guarded_mean(mean, n), guarded_count(n)]
        phase_table.rows.append(cells)

    per_effect: Any = (
        answers.values(
            phase_order=F("phase__order"),
            index=F("effect_index"),
            text=F("effect_text"),
            who=F("respondent"),
        )
        .annotate(n=Count("id"), mean=Avg("rating"))
        .order_by("phase_order", "index")
    )
    effects: dict[tuple[int, int, str], dict[str, tuple[float, int]]] = defaultdict(dict)
    for row in per_effect:
        effects[(row["phase_order"], row["index"], row["text"])][row["who"]] = (
            row["mean"],
            row["n"],
        )
    effect_table = Table(
        key="effects_by_effect",
        title=_("Ledertraineens effekt pr. effekt (alle valgte år)"),
        headers=[_("Fase nr."), _("Effekt"), *headers[2:]],
        label_columns=2,
        empty=_("Ingen besvarede effekter med de valgte filtre."),
    )
    for (order, _index, text), by_who in effects.items():
        cells = [order, text]
        for who in respondents:
            mean, n = by_who.get(who, (None, 0))
            cells += [guarded_mean(mean, n), guarded_count(n)]
        effect_table.rows.append(cells)
    return [phase_table, effect_table]


def plan_evaluation_table(report_filter: ReportFilter) -> Table:
    """Competence plans' evaluation (seed 004, "Nåede vi de ønskede gevinster …"): yes/partly/
    no for the core task and for the organisation, per year evaluated (one query). Each count
    under `min_cell()` is shown as "< 5"."""
    plans = _plans(report_filter).filter(evaluated_at__isnull=False)
    if report_filter.year is not None:
        plans = plans.filter(evaluated_at__year=report_filter.year)
    answers = list(Realised)
    rows: Any = (
        plans.values(year=ExtractYear("evaluated_at"))
        .annotate(
            total=Count("id"),
            **{f"core_{a.value}": Count("id", filter=Q(core_task_realised=a)) for a in answers},
            **{f"org_{a.value}": Count("id", filter=Q(organisation_realised=a)) for a in answers},
        )
        .order_by("-year")
    )
    table = Table(
        key="plan_evaluations",
        title=_("Nåede vi de ønskede gevinster? (evaluerede kompetenceudviklingsplaner)"),
        headers=[
            _("År (evalueret)"),
            _("Planer"),
            *[_("Kerneopgaven: %(a)s") % {"a": a.label} for a in answers],
            *[_("Organisationen: %(a)s") % {"a": a.label} for a in answers],
        ],
        empty=_("Ingen evaluerede planer med de valgte filtre."),
    )
    for row in rows:
        table.rows.append(
            [
                row["year"],
                row["total"],
                *[guarded_count(row[f"core_{a.value}"]) for a in answers],
                *[guarded_count(row[f"org_{a.value}"]) for a in answers],
            ]
        )
    return table


def effects_report(scope: ReportScope, report_filter: ReportFilter) -> list[Table]:
    """The effects report: the trainee's effects and, for HR staff, the plans' evaluations."""
    tables = trainee_effect_tables(scope, report_filter)
    if scope.everything and report_filter.cohort is None:
        tables.append(plan_evaluation_table(report_filter))
    return tables


def trainee_outcome_counts(
    scope: ReportScope, report_filter: ReportFilter
) -> dict[tuple[str, int], dict[str, int]]:
    """{(programme name, year): {outcome: count}} of recorded trainee outcomes (one query)."""
    rows = _by_programme_year(
        TraineeOutcome.objects.filter(enrolment__in=enrolments(scope, report_filter)),
        prefix="enrolment__cohort__",
    ).annotate(**{o.value: Count("id", filter=Q(outcome=o)) for o in Outcome})
    return {
        (row["programme_name"], row["year"]): {o.value: row[o.value] for o in Outcome}
        for row in rows
    }
