"""Evaluation results across cohorts and years (issue #13 §2: "Results per session, cohort and
across years in the reports, with the small-number rule"; docs/reports.md, docs/evaluations.md).

Reads the evaluations app through its selectors: `aggregate_results` groups the answers by the
question's `key`, so the same question counts together across cohorts and years. One table per
programme (three queries each, and there are four programmes whatever the number of cohorts),
a table of response rates per programme and year, and — with one cohort chosen — its
questionnaires one by one. Free-text answers are counted, never shown here (the questionnaire's
own results page shows them to the cohort's consultants from five answers).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.evaluations.models import Invitation, Questionnaire
from lederspor.evaluations.selectors import GroupResult, aggregate_results
from lederspor.reports.access import ReportScope
from lederspor.reports.filters import ReportFilter
from lederspor.reports.tables import Cell, Mean, Suppressed, Table, percent


def questionnaires(scope: ReportScope, report_filter: ReportFilter) -> Any:
    """The questionnaires a report counts: sent ones on the filtered cohorts (lazy).

    With a forvaltning, område or profession filter, only questionnaires with at least one
    invitation to someone who fits it (answers of anonymous questionnaires cannot be narrowed
    further, by design)."""
    sent = Questionnaire.objects.filter(
        cohort__in=report_filter.cohorts(scope.cohorts),
        status__in=[Questionnaire.Status.SENT, Questionnaire.Status.CLOSED],
    )
    if report_filter.narrows_persons:
        invited = Invitation.objects.filter(report_filter.persons_q()).values("questionnaire_id")
        sent = sent.filter(pk__in=invited)
    return sent


def _distribution(group: GroupResult) -> str:
    if group.suppressed or not group.distribution:
        return ""
    return " · ".join(f"{value}: {n}" for value, n in group.distribution.items())


def result_tables(scope: ReportScope, report_filter: ReportFilter) -> list[Table]:
    """One table per programme: each question's answers per year (small numbers hidden)."""
    sent = questionnaires(scope, report_filter)
    programmes = list(
        sent.values_list("cohort__programme_id", "cohort__programme__name")
        .distinct()
        .order_by("cohort__programme__name")
    )
    tables = []
    for programme_id, name in programmes:
        results = aggregate_results(
            questionnaires=sent.filter(cohort__programme_id=programme_id), group_by_year=True
        )
        table = Table(
            key=f"evaluation_{programme_id}",
            title=_("%(programme)s: evalueringernes svar") % {"programme": name},
            headers=[
                _("Spørgsmål"),
                _("År"),
                _("Type"),
                _("Svar"),
                _("Gennemsnit (1–5)"),
                _("Fordeling"),
            ],
            label_columns=2,
            empty=_("Ingen svar endnu."),
            summary=_(
                "Svar på samme spørgsmål lægges sammen på tværs af hold. Færre end 5 svar vises "
                'som "< 5"; fritekstsvar tælles kun.'
            ),
        )
        for result in results:
            for group in result.groups:
                count: Cell = Suppressed(group.count) if group.suppressed else group.count
                mean: Cell
                if group.suppressed and group.count:
                    mean = Suppressed(group.count)
                elif group.mean is not None:
                    mean = Mean(group.mean, group.count)
                else:
                    mean = None
                table.rows.append(
                    [
                        result.text,
                        group.year,
                        result.kind_label,
                        count,
                        mean,
                        _distribution(group),
                    ]
                )
        tables.append(table)
    return tables


def response_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """Invitations and answers per programme and year sent (one query)."""
    year = ExtractYear("questionnaire__send_at", tzinfo=timezone.get_current_timezone())
    rows: Any = (
        Invitation.objects.filter(questionnaire__in=questionnaires(scope, report_filter))
        .values(programme_name=F("questionnaire__cohort__programme__name"), year=year)
        .annotate(
            invited=Count("id"),
            answered=Count("id", filter=Q(answered_on__isnull=False)),
            questionnaires=Count("questionnaire_id", distinct=True),
        )
        .order_by("programme_name", "-year")
    )
    table = Table(
        key="evaluation_response",
        title=_("Svarprocent"),
        headers=[
            _("Forløb"),
            _("År"),
            _("Spørgeskemaer"),
            _("Inviteret"),
            _("Svaret"),
            _("Svarprocent"),
        ],
        label_columns=2,
        empty=_("Der er ikke sendt evalueringer med de valgte filtre."),
    )
    for row in rows:
        table.rows.append(
            [
                row["programme_name"],
                row["year"],
                row["questionnaires"],
                row["invited"],
                row["answered"],
                percent(row["answered"], row["invited"]),
            ]
        )
    return table


def cohort_questionnaire_table(scope: ReportScope, report_filter: ReportFilter) -> Table:
    """With one cohort chosen: its questionnaires one by one, with response rates (one query)."""
    rows = (
        questionnaires(scope, report_filter)
        .select_related("session")
        .annotate(
            invited=Count("invitations"),
            answered=Count("invitations", filter=Q(invitations__answered_on__isnull=False)),
        )
        .order_by("send_at", "pk")
    )
    table = Table(
        key="evaluation_questionnaires",
        title=_("Holdets evalueringer"),
        headers=[
            _("Evaluering"),
            _("Mødegang"),
            _("Sendt"),
            _("Inviteret"),
            _("Svaret"),
            _("Svarprocent"),
        ],
        empty=_("Holdet har ingen sendte evalueringer."),
    )
    for q in rows:
        sent_on: dt.date = timezone.localtime(q.sent_at or q.send_at).date()
        table.rows.append(
            [
                q.title,
                q.session.theme if q.session else _("Forløbets afslutning"),
                sent_on,
                q.invited,
                q.answered,
                percent(q.answered, q.invited),
            ]
        )
    return table


def evaluation_report(scope: ReportScope, report_filter: ReportFilter) -> list[Table]:
    """The evaluations report's tables in page order."""
    tables = [response_table(scope, report_filter)]
    if report_filter.cohort is not None:
        tables.append(cohort_questionnaire_table(scope, report_filter))
    return tables + result_tables(scope, report_filter)
