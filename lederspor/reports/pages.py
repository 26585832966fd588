"""The report pages (issue #13 §1; docs/reports.md): each is one `ReportPage` — a title, an
intro and a builder that returns its sections. The page view (`reports.views`) and the API
(`api.reports`) both build a report with `build_report`, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from lederspor.reports.access import ReportScope
from lederspor.reports.filters import ReportFilter, ReportFilterForm
from lederspor.reports.sections import (
    Section,
    diversity_sections,
    effects_sections,
    evaluation_sections,
    leader_sections,
    programme_sections,
)


@dataclass(frozen=True)
class ReportPage:
    """One report page: `key` (URL name), menu `title`, `intro` and the section builder."""

    key: str
    title: str | StrPromise
    intro: str | StrPromise
    build: Callable[[ReportScope, ReportFilter, dt.date], list[Section]]


PAGES: tuple[ReportPage, ...] = (
    ReportPage(
        key="programme",
        title=gettext_lazy("Forløbsrapport"),
        intro=gettext_lazy(
            "Indstillinger, deltagelse, fremmøde, praksisopgaver, samtaler, læringsaftaler, "
            "jobbesøg og – for hele kommunen – kompetenceudviklingsplaner og kørekort."
        ),
        build=programme_sections,
    ),
    ReportPage(
        key="leaders",
        title=gettext_lazy("Blev de ledere?"),
        intro=gettext_lazy(
            "Hvor mange gennemførte deltagere blev nærmeste leder inden 6, 12, 24 og 36 måneder "
            "– sammenlignet med indstillede, der ikke fik plads. Bygger på organisationsdata "
            "over tid fra hver import."
        ),
        build=leader_sections,
    ),
    ReportPage(
        key="effects",
        title=gettext_lazy("Effekt"),
        intro=gettext_lazy(
            "Ledertraineens effekt pr. fase, vurderet af ledertraineen og den nærmeste leder, "
            "og kompetenceudviklingsplanernes evaluering. Små tal vises ikke."
        ),
        build=effects_sections,
    ),
    ReportPage(
        key="diversity",
        title=gettext_lazy("Mangfoldighed"),
        intro=gettext_lazy(
            "Netværksgruppernes mangfoldighed pr. runde og deltagernes sammensætning efter "
            "forvaltning, faggruppe, køn og alder sammenlignet med alle medarbejdere."
        ),
        build=diversity_sections,
    ),
    ReportPage(
        key="evaluations",
        title=gettext_lazy("Evalueringer"),
        intro=gettext_lazy(
            "Svarprocent og svar på evalueringerne efter mødegange og forløb, lagt sammen på "
            "tværs af hold og år. Små tal vises ikke, og fritekstsvar vises ikke her."
        ),
        build=evaluation_sections,
    ),
)


def page_for(key: str) -> ReportPage:
    """The page with `key`. Raises Http404 for an unknown key."""
    for page in PAGES:
        if page.key == key:
            return page
    raise Http404


def build_report(
    page: ReportPage, scope: ReportScope, data: Mapping[str, str] | None, today: dt.date
) -> tuple[ReportFilterForm, list[Section]]:
    """The filter form bound to `data` (None: no filter) and `page`'s sections for `scope`,
    filtered by the form when it is valid (an invalid filter shows everything in scope, with
    the form's errors)."""
    form = ReportFilterForm(data or None, cohorts=scope.cohorts)
    return form, page.build(scope, form.report_filter(), today)
