"""Who may read the reports, and over which cohorts (issue #13 §1, docs/reports.md).

HR staff (`programmes.manage_programmes`) read every cohort; a cohort's consultants read the
cohorts they are consultants of; everyone else gets 404, as for any page with no relation
(docs/roles-and-access.md). The municipality-wide figures that belong to no cohort (the
mix of the whole workforce, competence plans, kørekort) are for HR staff only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from lederspor.people.roles import roles_for
from lederspor.programmes.models import Cohort


@dataclass(frozen=True)
class ReportScope:
    """What a reader may see: `cohorts` (a lazy queryset) and `everything` (HR staff)."""

    cohorts: QuerySet[Cohort]
    everything: bool


def hr_scope() -> ReportScope:
    """The scope of HR staff (and of an API token, which reads as HR staff): every cohort."""
    return ReportScope(cohorts=Cohort.objects.all(), everything=True)


def report_scope(request: HttpRequest) -> ReportScope:
    """The reader's scope. Raises Http404 for someone who is neither HR staff nor a consultant."""
    roles = roles_for(request)
    if roles.can_manage_programmes:
        return hr_scope()
    if roles.is_consultant and roles.person is not None:
        return ReportScope(
            cohorts=Cohort.objects.filter(consultants=roles.person), everything=False
        )
    raise Http404
