"""The report pages under /rapporter/ (issue #13 §1; docs/reports.md).

All pages (`reports.pages`) share the filter form (`reports.filters`), the access rule
(`reports.access`: HR staff, or a cohort's consultants on their cohorts; anyone else 404) and
the export (`?eksport=xlsx|csv`: every table of the page, one worksheet each).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.core.exports import export_sheets_response, requested_format
from lederspor.core.smallnumbers import min_cell
from lederspor.reports.access import report_scope
from lederspor.reports.pages import PAGES, build_report, page_for
from lederspor.reports.tables import table_sheet


@login_required
def report(request: HttpRequest, key: str = "programme") -> HttpResponse:
    """A report page with the shared filter, its sections, and the export of its tables."""
    scope = report_scope(request)
    page = page_for(key)
    today = timezone.localdate()
    form, sections = build_report(page, scope, request.GET, today)
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
