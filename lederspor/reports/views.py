"""The report pages under /rapporter/ (issue #13 §1; docs/reports.md).

Each page is one `ReportPage`: a title, a builder that returns its sections (a section is a
table, optionally with a chart drawn from it) and an intro. All pages share the filter form
(`reports.filters`), the access rule (`reports.access`: HR staff, or a cohort's consultants
on their cohorts; anyone else 404) and the export (`?eksport=xlsx|csv`: every table of the
page, one worksheet each).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from lederspor.core.exports import export_sheets_response, requested_format
from lederspor.core.smallnumbers import min_cell
from lederspor.reports.access import ReportScope, report_scope
from lederspor.reports.filters import ReportFilter, ReportFilterForm
from lederspor.reports.sections import (
    Section,
    diversity_sections,
    effects_sections,
    evaluation_sections,
    leader_sections,
    programme_sections,
)
from lederspor.reports.tables import table_sheet


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


@login_required
def report(request: HttpRequest, key: str = "programme") -> HttpResponse:
    """A report page with the shared filter, its sections, and the export of its tables."""
    scope = report_scope(request)
    page = page_for(key)
    form = ReportFilterForm(request.GET or None, cohorts=scope.cohorts)
    report_filter = form.report_filter() if request.GET else ReportFilter()
    today = timezone.localdate()
    sections = page.build(scope, report_filter, today)
    fmt = requested_format(request)
    if fmt is not None and not form.errors:
        return export_sheets_response(
            sheets=[table_sheet(section.table) for section in sections],
            filename=_("rapport %(name)s") % {"name": page.title},
            format=fmt,
        )
    return render(
        request,
        "reports/report.html",
        {
            "page": page,
            "pages": PAGES,
            "form": form,
            "sections": sections,
            "scope": scope,
            "today": today,
            "min_cell": min_cell(),
        },
    )
