"""Reads for the catalogue: search, host and network-meeting choices, a cohort's practice tasks
and the tasks tied to network meetings."""

from django.db.models import QuerySet

from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment, Session


def practice_task_search(*, query: str = "") -> QuerySet[PracticeTask]:
    """Catalogue tasks matching every word of `query` in title, purpose, content or case.

    An empty query returns all 18 tasks by number. Case-insensitive, also for æ, ø and å on
    SQLite (the lower-cased `search_text` is matched).
    """
    qs = PracticeTask.objects.order_by("number")
    for word in query.lower().split():
        qs = qs.filter(search_text__contains=word)
    return qs


def host_choices(*, exclude: Person | None = None) -> QuerySet[Person]:
    """Persons who can host a task, by name, with unit loaded for the label (title, workplace).

    `exclude` (the participant) is left out.
    """
    qs = (
        Person.objects.filter(is_active=True)
        .select_related("unit")
        .order_by("first_name", "last_name")
        .only("id", "first_name", "last_name", "job_title", "unit__name")
    )
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs


def cohort_task_assignments(*, cohort: Cohort, status: str = "") -> QuerySet[TaskAssignment]:
    """The practice tasks of a cohort's seated participants (enrolled or completed), by
    participant and due date, with participant, unit and host loaded (one query).

    `status`: a `TaskAssignment.Status` value to keep only that status ("" keeps all).
    """
    tasks = TaskAssignment.objects.filter(
        enrolment__cohort=cohort, enrolment__status__in=Enrolment.SEATED
    ).select_related("enrolment__person__unit", "host", "session")
    if status:
        tasks = tasks.filter(status=status)
    return tasks.order_by(
        "enrolment__person__first_name", "enrolment__person__last_name", "due_on", "pk"
    )


def network_meetings(*, cohort_id: int) -> QuerySet[Session]:
    """The network meetings of cohort `cohort_id` by start time: the sessions a task can be
    tied to (seed 000: tasks tie to the themes of the forløb)."""
    return Session.objects.filter(cohort_id=cohort_id, kind=Session.Kind.NETWORK_MEETING).order_by(
        "starts_at"
    )
