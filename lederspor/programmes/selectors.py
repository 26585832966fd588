"""Reads for programmes, shaped for their pages with a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from lederspor.catalogue.models import TaskAssignment
from lederspor.people.models import Person
from lederspor.people.selectors import chef_scope_q
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session

TaskStatus = TaskAssignment.Status


def cohorts_for(*, person: Person | None, all_cohorts: bool) -> QuerySet[Cohort]:
    """Cohorts a consultant runs (or all, for HR staff/admins), with seat and queue counts."""
    qs = Cohort.objects.select_related("programme").annotate(
        seated=Count(
            "enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED), distinct=True
        ),
        nominated=Count(
            "enrolments", filter=Q(enrolments__status=Enrolment.Status.NOMINATED), distinct=True
        ),
        session_count=Count("sessions", distinct=True),
    )
    if not all_cohorts:
        qs = qs.filter(consultants=person)
    return qs.order_by("-starts_on", "name")


def cohorts_open_for_nomination() -> QuerySet[Cohort]:
    """Cohorts of operational programmes that have not ended and whose deadline has not passed."""
    today = timezone.localdate()
    return (
        Cohort.objects.select_related("programme")
        .filter(programme__is_operational=True, ends_on__gte=today)
        .filter(Q(nomination_deadline__isnull=True) | Q(nomination_deadline__gte=today))
        .order_by("starts_on")
    )


def nomination_queue(*, person: Person | None, all_cohorts: bool) -> QuerySet[Enrolment]:
    """Pending nominations (oldest first) on the cohorts the consultant runs (or all).

    Each row has `viewer_consults`: whether `person` is a consultant of its cohort and so may
    decide it.
    """
    consults = Cohort.consultants.through.objects.filter(
        cohort_id=OuterRef("cohort_id"), person_id=person.pk if person else None
    )
    qs = (
        Enrolment.objects.filter(status=Enrolment.Status.NOMINATED)
        .select_related("person__unit", "person__manager", "cohort__programme", "nominated_by")
        .annotate(viewer_consults=Exists(consults))
    )
    if not all_cohorts:
        qs = qs.filter(cohort__consultants=person)
    return qs.order_by("nominated_at", "id")


@dataclass
class MatrixRow:
    """One participant's row in the progress matrix."""

    enrolment: Enrolment
    attendance: list[str | None]  # per session, Attendance.Status value or None
    task_counts: dict[str, int]
    tasks: list[TaskAssignment] = field(default_factory=list)
    overdue: int = 0


@dataclass
class ProgressMatrix:
    """Participants × sessions and tasks for a cohort (consultant's cohort page)."""

    sessions: list[Session]
    rows: list[MatrixRow]
    statuses: list[tuple[str, str]]
    totals: dict[str, int]


def cohort_progress_matrix(*, cohort: Cohort) -> ProgressMatrix:
    """Build the progress matrix in four queries, whatever the cohort's size.

    Rows are seated participants (enrolled or completed) by name; cells are attendance per session
    and the number of agreed tasks per status (issue #2 §6). `overdue` counts tasks past their due
    date that are not done.
    """
    sessions = list(cohort.sessions.order_by("starts_at"))
    enrolments = list(
        cohort.enrolments.filter(status__in=Enrolment.SEATED)
        .select_related("person__unit", "person__manager")
        .order_by("person__first_name", "person__last_name")
    )
    attendance: dict[tuple[int, int], str] = {
        (a.enrolment_id, a.session_id): a.status
        for a in Attendance.objects.filter(session__cohort=cohort).only(
            "enrolment_id", "session_id", "status"
        )
    }
    tasks_by_enrolment: dict[int, list[TaskAssignment]] = defaultdict(list)
    for task in TaskAssignment.objects.filter(enrolment__cohort=cohort).order_by("due_on", "id"):
        tasks_by_enrolment[task.enrolment_id].append(task)
    today = timezone.localdate()
    rows = []
    totals = {s: 0 for s in TaskStatus.values}
    for enrolment in enrolments:
        tasks = tasks_by_enrolment.get(enrolment.pk, [])
        counts = {s: 0 for s in TaskStatus.values}
        overdue = 0
        for t in tasks:
            counts[t.status] += 1
            totals[t.status] += 1
            if (
                t.due_on
                and t.due_on < today
                and t.status
                in (
                    TaskStatus.PROPOSED,
                    TaskStatus.AGREED,
                    TaskStatus.IN_PROGRESS,
                )
            ):
                overdue += 1
        rows.append(
            MatrixRow(
                enrolment=enrolment,
                attendance=[attendance.get((enrolment.pk, s.pk)) for s in sessions],
                task_counts=counts,
                tasks=tasks,
                overdue=overdue,
            )
        )
    return ProgressMatrix(
        sessions=sessions, rows=rows, statuses=list(TaskStatus.choices), totals=totals
    )


def leader_enrolments(*, leader: Person) -> QuerySet[Enrolment]:
    """Enrolments of the leader's own employees (any status), newest cohort first."""
    return (
        Enrolment.objects.filter(person__manager=leader)
        .select_related("person__unit", "cohort__programme")
        .annotate(
            open_tasks=Count(
                "task_assignments",
                filter=~Q(task_assignments__status=TaskStatus.FOLLOWED_UP),
            ),
            awaiting_followup=Count(
                "task_assignments", filter=Q(task_assignments__status=TaskStatus.DONE)
            ),
            awaiting_me=Count(
                "task_assignments",
                filter=Q(task_assignments__status=TaskStatus.PROPOSED)
                & ~Q(task_assignments__proposed_by=leader),
            ),
        )
        .order_by("-cohort__starts_on", "person__first_name")
    )


def chef_enrolments(*, chef: Person) -> QuerySet[Enrolment]:
    """Enrolments of everyone whose chef is `chef` (chef_override or manager's manager)."""
    return (
        Enrolment.objects.filter(chef_scope_q(chef=chef, prefix="person__"))
        .select_related("person__unit", "person__manager", "cohort__programme")
        .annotate(
            task_total=Count("task_assignments"),
            task_followed_up=Count(
                "task_assignments", filter=Q(task_assignments__status=TaskStatus.FOLLOWED_UP)
            ),
        )
        .order_by("-cohort__starts_on", "person__first_name")
    )


def upcoming_sessions(*, person: Person | None, all_cohorts: bool) -> QuerySet[Session]:
    """Sessions from today on, across the consultant's cohorts, by start time."""
    qs = Session.objects.filter(ends_at__gte=timezone.now()).select_related("cohort__programme")
    if not all_cohorts:
        qs = qs.filter(cohort__consultants=person)
    return qs.order_by("starts_at")
