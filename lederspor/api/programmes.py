"""The programme endpoints of /api/v1/ (scope `programmes:read`): programmes, cohorts,
sessions and enrolments.

A token reads what HR staff read (every cohort; `programmes.access.get_cohort_for` lets HR staff
read any cohort). Enrolments carry their status and dates only: never the nominating leader's
motivation, the decision or withdrawal reason, the JTI type or leadership themes.
"""

import datetime as dt
from typing import Annotated, Any

from django.db.models import Count, F, Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from lederspor.api.auth import TokenAuth
from lederspor.api.models import Scope
from lederspor.api.pagination import CursorPagination
from lederspor.api.schemas import enum_schema
from lederspor.programmes.models import (
    Cohort,
    Enrolment,
    Programme,
    ProgrammeKind,
    Session,
)

SessionKind = Annotated[Session.Kind, enum_schema(Session.Kind, "SessionKind")]
EnrolmentStatus = Annotated[Enrolment.Status, enum_schema(Enrolment.Status, "EnrolmentStatus")]

router = Router(auth=TokenAuth(Scope.PROGRAMMES_READ), tags=["Forløb"])


class ProgrammeOut(Schema):
    """A programme template (*forløb*)."""

    key: str = Field(description="Forløbets nøgle, fx “aspirant”.")
    kind: ProgrammeKind
    name: str
    summary: str
    is_operational: bool = Field(description="Om forløbet køres i Lederspor.")


class EnrolmentCounts(Schema):
    """How many enrolments of a cohort have each status."""

    nominated: int
    enrolled: int
    completed: int
    rejected: int
    withdrawn: int
    waitlisted: int = Field(description="På venteliste (issue #16 §3): venter på en plads.")


class CohortOut(Schema):
    """A cohort (*hold*) with its dates, capacity and enrolments counted by status."""

    id: int
    programme_key: str
    name: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    nomination_deadline: dt.date | None
    counts: EnrolmentCounts

    @staticmethod
    def resolve_counts(obj: Cohort) -> dict[str, int]:
        """The `count_<status>` annotations of `cohorts()` as one object."""
        return {status: getattr(obj, f"count_{status}") for status in Enrolment.Status.values}


class SessionOut(Schema):
    """A dated session of a cohort (teaching day, network meeting …)."""

    id: int
    cohort_id: int
    kind: SessionKind
    theme: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str


class EnrolmentOut(Schema):
    """A person's place on a cohort: status and dates only."""

    id: int
    cohort_id: int
    employee_number: str = Field(description="Deltagerens medarbejdernummer.")
    status: EnrolmentStatus
    nominated_at: dt.datetime | None
    decided_at: dt.datetime | None
    completed_at: dt.datetime | None
    withdrawn_at: dt.datetime | None
    waitlisted_at: dt.datetime | None = Field(
        description="Sat på venteliste (eller flyttet bagerst); ventelistens rækkefølge."
    )


@router.get("/programmes", response=list[ProgrammeOut], summary="Forløb")
@paginate(CursorPagination)
def programmes(request: HttpRequest) -> QuerySet[Any]:
    """Every programme template."""
    return Programme.objects.only("id", "key", "kind", "name", "summary", "is_operational")


@router.get("/cohorts", response=list[CohortOut], summary="Hold")
@paginate(CursorPagination)
def cohorts(request: HttpRequest, programme: str | None = None) -> QuerySet[Any]:
    """Every cohort with its enrolments counted by status; `programme` filters by programme
    key."""
    counts = {
        f"count_{status}": Count("enrolments", filter=Q(enrolments__status=status))
        for status in Enrolment.Status.values
    }
    rows = (
        Cohort.objects.annotate(programme_key=F("programme__key"), **counts)
        .only("id", "name", "starts_on", "ends_on", "capacity", "nomination_deadline")
        .order_by()
    )
    if programme is not None:
        rows = rows.filter(programme__key=programme)
    return rows


@router.get("/sessions", response=list[SessionOut], summary="Mødegange")
@paginate(CursorPagination)
def sessions(request: HttpRequest, cohort: int | None = None) -> QuerySet[Any]:
    """Every session; `cohort` filters by cohort id."""
    rows = Session.objects.only("id", "cohort_id", "kind", "theme", "starts_at", "ends_at", "place")
    if cohort is not None:
        rows = rows.filter(cohort_id=cohort)
    return rows


@router.get("/enrolments", response=list[EnrolmentOut], summary="Deltagelser")
@paginate(CursorPagination)
def enrolments(
    request: HttpRequest, cohort: int | None = None, status: EnrolmentStatus | None = None
) -> QuerySet[Any]:
    """Every enrolment with its status and dates; `cohort` filters by cohort id, `status` by
    status."""
    rows = Enrolment.objects.annotate(employee_number=F("person__employee_number")).only(
        "id",
        "cohort_id",
        "person_id",
        "status",
        "nominated_at",
        "decided_at",
        "completed_at",
        "withdrawn_at",
        "waitlisted_at",
    )
    if cohort is not None:
        rows = rows.filter(cohort_id=cohort)
    if status is not None:
        rows = rows.filter(status=status)
    return rows
