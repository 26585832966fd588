"""The sections of each report page: a table, and a chart drawn from it where one helps.

Builders take `(scope, filter, today)` and return `Section`s in page order; the views, the
export and the API all use them (docs/reports.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lederspor.reports.access import ReportScope
from lederspor.reports.charts import Chart, bar_chart
from lederspor.reports.diversity import diversity_report
from lederspor.reports.evaluations import evaluation_report
from lederspor.reports.filters import ReportFilter
from lederspor.reports.pipeline import (
    COMPARISON,
    HORIZONS,
    PARTICIPANTS,
    leader_pipeline,
    pipeline_table,
)
from lederspor.reports.selectors import effects_report, programme_report
from lederspor.reports.tables import Cell, Table, percent


@dataclass(frozen=True)
class Section:
    """A report section: its `table` and an optional `chart` drawn from it; `note` is a short
    text shown above (e.g. what the data cannot say)."""

    table: Table
    chart: Chart | None = None
    note: str = ""
    #: a long table folded away behind "Vis tabellen" (the export still holds it)
    folded: bool = False

    @property
    def shown_chart(self) -> Chart | None:
        """The chart, when it has a bar to draw."""
        return self.chart if self.chart is not None and not self.chart.is_empty else None


@dataclass(frozen=True)
class ChartSpec:
    """How to draw a table as a chart: `title` (default: the table's), `summary` (default: the
    table's), `series` as (column, legend) pairs (a negative column counts from the end), the
    value of a full bar (`maximum`)."""

    series: tuple[tuple[int, str], ...]
    maximum: float
    title: str = ""
    summary: str = ""


def _sections(
    tables: list[Table],
    charts: Callable[[Table], ChartSpec | None],
    *,
    folded: Callable[[Table], bool] = lambda table: False,
) -> list[Section]:
    """A section per table, with the chart `charts(table)` asks for (none for an empty table)."""
    sections = []
    for table in tables:
        spec = charts(table) if table.rows else None
        chart = None
        if spec is not None:
            width = len(table.headers)
            chart = bar_chart(
                table,
                key=f"chart-{table.key}",
                title=spec.title or table.title,
                summary=spec.summary or table.summary,
                series=[(c if c >= 0 else width + c, name) for c, name in spec.series],
                maximum=spec.maximum,
            )
        sections.append(Section(table=table, chart=chart, folded=folded(table)))
    return sections


def programme_sections(
    scope: ReportScope, report_filter: ReportFilter, today: dt.date
) -> list[Section]:
    """The programme report: every table, with a chart of completion and of attendance."""
    charts = {
        "status": ChartSpec(
            title=_("Gennemført af godkendte pr. forløb og år"),
            series=((8, _("Gennemført af godkendte")),),
            maximum=100,
        ),
        "attendance": ChartSpec(
            title=_("Fremmøde"),
            summary=_("Andel af det registrerede fremmøde, hvor deltageren deltog."),
            series=((-1, _("Fremmøde")),),
            maximum=100,
        ),
    }
    return _sections(
        programme_report(scope, report_filter, today=today), lambda t: charts.get(t.key)
    )


def leader_sections(
    scope: ReportScope, report_filter: ReportFilter, today: dt.date
) -> list[Section]:
    """The leader pipeline: a chart per programme (all chosen years) and the full table."""
    pipeline = leader_pipeline(scope, report_filter, today=today)
    note = ""
    if pipeline.tracking_since is None:
        note = _(
            "Der er endnu ingen organisationsdata over tid: rapporten kan først vise, hvem der "
            "blev leder, når organisationen er importeret mindst én gang og derefter igen."
        )
    sections: list[Section] = []
    if note:
        return [Section(table=pipeline_table(pipeline), note=note)]
    for programme, groups in pipeline.totals().items():
        participants, comparison = groups[PARTICIPANTS], groups[COMPARISON]
        if not participants.total and not comparison.total:
            continue
        rows: list[list[Cell]] = []
        for months in HORIZONS:
            rows.append(
                [
                    _("Inden %(n)s måneder") % {"n": months},
                    participants.followed[months],
                    participants.became[months],
                    participants.share(months),
                    comparison.followed[months],
                    comparison.became[months],
                    comparison.share(months),
                ]
            )
        summary = _pipeline_summary(
            programme,
            participants.became,
            participants.followed,
            comparison.became,
            comparison.followed,
        )
        table = Table(
            key=f"pipeline_{len(sections)}",
            title=_("%(programme)s: blev leder efter forløbet") % {"programme": programme},
            headers=[
                _("Tid efter forløbet"),
                _("Gennemførte fulgt"),
                _("Gennemførte, der blev leder"),
                _("Andel af gennemførte"),
                _("Indstillede fulgt"),
                _("Indstillede, der blev leder"),
                _("Andel af indstillede"),
            ],
            rows=rows,
            summary=summary,
        )
        chart = bar_chart(
            table,
            key=f"chart-pipeline-{len(sections)}",
            title=table.title,
            summary=summary,
            series=[(3, _("Gennemførte")), (6, _("Indstillet, ikke optaget"))],
            maximum=100,
        )
        sections.append(Section(table=table, chart=chart))
    sections.append(Section(table=pipeline_table(pipeline), folded=True))
    return sections


def _pipeline_summary(
    programme: str,
    became: dict[int, int],
    followed: dict[int, int],
    other_became: dict[int, int],
    other_followed: dict[int, int],
) -> str:
    """One sentence: the longest horizon with people followed, participants vs comparison."""
    for months in reversed(HORIZONS):
        if followed[months]:
            share = percent(became[months], followed[months])
            other = percent(other_became[months], other_followed[months])
            text = _(
                "%(programme)s: %(share)s af de gennemførte, der kan følges %(n)s måneder, blev "
                "leder inden for den tid"
            ) % {"programme": programme, "share": share, "n": months}
            if other is not None:
                text += _(" mod %(other)s af de indstillede, der ikke fik plads.") % {
                    "other": other
                }
            else:
                text += "."
            return text
    return _("%(programme)s: ingen deltagere kan følges længe nok endnu.") % {
        "programme": programme
    }


def effects_sections(
    scope: ReportScope, report_filter: ReportFilter, today: dt.date
) -> list[Section]:
    """The effects report, with a chart of the mean per phase (trainee vs leader)."""
    spec = ChartSpec(
        title=_("Effekt pr. fase (gennemsnit 1–5)"),
        series=((2, _("Ledertrainee")), (4, _("Nærmeste leder"))),
        maximum=5,
    )
    return _sections(
        effects_report(scope, report_filter),
        lambda t: spec if t.key == "effects_by_phase" else None,
    )


def diversity_sections(
    scope: ReportScope, report_filter: ReportFilter, today: dt.date
) -> list[Section]:
    """The diversity report, with a chart of each mix (participants vs all employees)."""
    spec = ChartSpec(
        summary=_(
            "Andel af deltagerne sammenlignet med andelen af alle medarbejdere, der passer til "
            "filteret."
        ),
        series=((2, _("Deltagere")), (4, _("Alle medarbejdere"))),
        maximum=100,
    )
    return _sections(
        diversity_report(scope, report_filter, today=today),
        lambda t: spec if t.key.startswith("mix_") else None,
    )


def evaluation_sections(
    scope: ReportScope, report_filter: ReportFilter, today: dt.date
) -> list[Section]:
    """The evaluations report, with a chart of the response rate per programme and year; each
    programme's answers are long and folded, the response rates open."""
    spec = ChartSpec(
        title=_("Svarprocent pr. forløb og år"),
        summary=_("Andel af de inviterede, der har svaret på evalueringerne."),
        series=((5, _("Svarprocent")),),
        maximum=100,
    )
    return _sections(
        evaluation_report(scope, report_filter),
        lambda t: spec if t.key == "evaluation_response" else None,
        folded=lambda t: t.key not in ("evaluation_response", "evaluation_questionnaires"),
    )
