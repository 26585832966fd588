"""The report endpoints of /api/v1/ (scope `reports:read`): every report of /rapporter/ as JSON.

Each endpoint answers with the tables the report page shows for the same filter (the page's
query parameters: `programme` (key), `year`, `department` and `area` (unit codes),
`profession`, `cohort` (id)), built by the same section builders (`reports.views.PAGES`), so the
page, its export and the API never disagree. A token reads what HR staff read: every cohort.
Small numbers stay hidden: a suppressed cell is `{"suppressed": true, "below": "< 5"}`
(docs/reports.md).
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from lederspor.api.auth import TokenAuth
from lederspor.api.models import Scope
from lederspor.reports.access import hr_scope
from lederspor.reports.filters import ReportFilterForm
from lederspor.reports.pages import PAGES, build_report, page_for
from lederspor.reports.tables import table_json

router = Router(auth=TokenAuth(Scope.REPORTS_READ), tags=["Rapporter"])


class TableOut(Schema):
    """One table of a report: headers and rows of cells (numbers, text, null, or a hidden
    figure `{"suppressed": true}`; a mean is `{"mean": 3.8, "count": 12}`)."""

    key: str
    title: str
    summary: str
    headers: list[str]
    rows: list[list[Any]]


class ReportOut(Schema):
    """A report: its key and title, the filter applied and its tables in page order."""

    report: str
    title: str
    filter: dict[str, str]
    computed_on: str
    tables: list[TableOut]


def _report(request: HttpRequest, key: str) -> dict[str, Any]:
    """Build report `key` for the request's filter parameters. 422 on an invalid filter."""
    page = page_for(key)
    params = {
        name: request.GET[name] for name in ReportFilterForm.base_fields if name in request.GET
    }
    today = timezone.localdate()
    form, sections = build_report(page, hr_scope(), params, today)
    if form.errors:
        errors = "; ".join(
            f"{field}: {' '.join(str(m) for m in e)}" for field, e in form.errors.items()
        )
        raise HttpError(422, errors)
    return {
        "report": page.key,
        "title": str(page.title),
        "filter": params,
        "computed_on": today.isoformat(),
        "tables": [table_json(section.table) for section in sections],
    }


def _endpoint(key: str, summary: str) -> None:
    """Register GET /reports/<key> for the report page `key`."""

    def view(
        request: HttpRequest,
        programme: str | None = None,
        year: int | None = None,
        department: str | None = None,
        area: str | None = None,
        profession: str | None = None,
        cohort: int | None = None,
    ) -> dict[str, Any]:
        return _report(request, key)

    view.__name__ = f"report_{key}"
    view.__doc__ = f"The report '{key}' as on /rapporter/ with the same filter."
    router.get(
        f"/reports/{key}", response=ReportOut, summary=summary, operation_id=f"report_{key}"
    )(view)


for _page in PAGES:
    _endpoint(_page.key, str(_page.title))
