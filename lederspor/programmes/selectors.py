"""Reads for programmes, shaped for their pages with a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from lederspor.people.models import Person
from lederspor.programmes.extensions import ProgressCell, ProgressColumns, progress_for
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Programme, Session


def cohorts_for(
    *,
    person: Person | None,
    all_cohorts: bool,
    current_only: bool = False,
    programme: Programme | None = None,
    year: int | None = None,
    status: str = "",
    order: tuple[str, ...] = ("-starts_on", "name"),
) -> QuerySet[Cohort]:
    """Cohorts a consultant runs (or all, for HR staff/admins), with seat and queue counts;
    with `current_only` not those that have ended (they are in `cohort_archive`).

    Filters of the cohort list (issue #17 §1): `programme`; `year`, the cohorts that run during
    that calendar year; `status` "running" (started, not ended) or "upcoming" (not started),
    "" for both. `order`: the ORM order (`CohortListFilterForm.SORTS`)."""
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
    today = timezone.localdate()
    if current_only:
        qs = qs.filter(ends_on__gte=today)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if year is not None:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    if status == "running":
        qs = qs.filter(starts_on__lte=today)
    elif status == "upcoming":
        qs = qs.filter(starts_on__gt=today)
    return qs.order_by(*order)


def cohort_list_years(*, person: Person | None, all_cohorts: bool) -> list[int]:
    """The calendar years the current cohorts (not ended) run in, soonest first, for the cohort
    list's year filter (one query)."""
    qs = Cohort.objects.filter(ends_on__gte=timezone.localdate())
    if not all_cohorts:
        qs = qs.filter(consultants=person)
    years: set[int] = set()
    for starts_on, ends_on in qs.values_list("starts_on", "ends_on"):
        years.update(range(starts_on.year, ends_on.year + 1))
    return sorted(years)


# --- the archive of finished cohorts (issue #16 §3) -----------------------------------------


def _finished_cohorts(*, person: Person | None, all_cohorts: bool) -> QuerySet[Cohort]:
    """The archive's scope: cohorts that ended before today, a consultant's own or all."""
    qs = Cohort.objects.filter(ends_on__lt=timezone.localdate())
    return qs if all_cohorts else qs.filter(consultants=person)


def cohort_archive(
    *,
    person: Person | None,
    all_cohorts: bool,
    programme: Programme | None = None,
    year: int | None = None,
    q: str = "",
) -> QuerySet[Cohort]:
    """Finished cohorts (`ends_on` before today) for the archive page: a consultant's own or
    all (HR staff, `all_cohorts`), newest first (by end, then start, then name).

    `programme` keeps that programme's cohorts; `year` those that ran during that calendar
    year (started on or before its last day and ended on or after its first); `q` those whose
    name holds every word (any case). Each cohort has `enrolled` (seats taken: enrolled or
    completed) and `completed` annotated, programme loaded: one query per page.
    """
    qs = _finished_cohorts(person=person, all_cohorts=all_cohorts).select_related("programme")
    if programme is not None:
        qs = qs.filter(programme=programme)
    if year is not None:
        qs = qs.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    for word in q.split():
        qs = qs.filter(name__icontains=word)
    return qs.annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED)),
        completed=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.COMPLETED)),
    ).order_by("-ends_on", "-starts_on", "name", "pk")


def cohort_archive_years(*, person: Person | None, all_cohorts: bool) -> list[int]:
    """The calendar years the archive's cohorts ran in, newest first (for the year filter;
    one query)."""
    finished = _finished_cohorts(person=person, all_cohorts=all_cohorts)
    years: set[int] = set()
    for starts_on, ends_on in finished.values_list("starts_on", "ends_on"):
        years.update(range(starts_on.year, ends_on.year + 1))
    return sorted(years, reverse=True)


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
    decide it, and `cohort_taken`: the cohort's seats taken plus those on its waiting list (the
    nomination goes on the waiting list when this reaches the capacity, issue #16 §3).
    """
    consults = Cohort.consultants.through.objects.filter(
        cohort_id=OuterRef("cohort_id"), person=person
    )
    taken = (
        Enrolment.objects.filter(
            cohort_id=OuterRef("cohort_id"),
            status__in=[*Enrolment.SEATED, Enrolment.Status.WAITLISTED],
        )
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        Enrolment.objects.filter(status=Enrolment.Status.NOMINATED)
        .select_related("person__unit", "person__manager", "cohort__programme", "nominated_by")
        .annotate(
            viewer_consults=Exists(consults),
            cohort_taken=Coalesce(Subquery(taken, output_field=IntegerField()), 0),
        )
    )
    if not all_cohorts:
        qs = qs.filter(cohort__consultants=person)
    return qs.order_by("nominated_at", "id")


@dataclass
class MatrixRow:
    """One participant's row in the progress matrix: attendance per session, then the cells
    each feature adds (`extensions.progress_columns`), in the order of `ProgressMatrix.extra`."""

    enrolment: Enrolment
    attendance: list[str | None]  # per session, Attendance.Status value or None
    cells: list[ProgressCell] = field(default_factory=list)


@dataclass
class ProgressMatrix:
    """Participants × sessions and the features' columns for a cohort (consultant's page)."""

    sessions: list[Session]
    rows: list[MatrixRow]
    extra: list[ProgressColumns] = field(default_factory=list)

    @property
    def headers(self) -> list[str]:
        """The features' column headings after the sessions."""
        return [h for columns in self.extra for h in columns.headers]

    @property
    def stats(self) -> list[tuple[int, str]]:
        """The features' (number, label) cards for the top of the cohort page."""
        return [stat for columns in self.extra for stat in columns.stats]

    @property
    def legend(self) -> str:
        """The features' sentences explaining their columns, joined."""
        return " ".join(c.legend for c in self.extra if c.legend)


def cohort_progress_matrix(*, cohort: Cohort) -> ProgressMatrix:
    """Build the progress matrix: three queries for sessions, participants and attendance,
    plus each registered feature's fixed number (`extensions.progress_for`), whatever the
    cohort's size.

    Rows are seated participants (enrolled or completed) by name; cells are attendance per
    session (issue #2 §6) and then the features' cells (e.g. the aspirant's tasks per status).
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
    extra = progress_for(cohort, [e.pk for e in enrolments])
    rows = [
        MatrixRow(
            enrolment=enrolment,
            attendance=[attendance.get((enrolment.pk, s.pk)) for s in sessions],
            cells=[cell for columns in extra for cell in columns.row(enrolment.pk)],
        )
        for enrolment in enrolments
    ]
    return ProgressMatrix(sessions=sessions, rows=rows, extra=extra)


def upcoming_sessions(*, person: Person | None, all_cohorts: bool) -> QuerySet[Session]:
    """Sessions from today on, across the consultant's cohorts, by start time."""
    qs = Session.objects.filter(ends_at__gte=timezone.now()).select_related("cohort__programme")
    if not all_cohorts:
        qs = qs.filter(cohort__consultants=person)
    return qs.order_by("starts_at")


# --- the waiting list (issue #16 §3) ----------------------------------------------------------


def cohort_waiting_list(*, cohort: Cohort) -> list[Enrolment]:
    """The cohort's waiting list in order (`waitlisted_at`, then pk): position = index + 1.
    One query; loads the person's unit and who nominated them."""
    return list(
        cohort.enrolments.filter(status=Enrolment.Status.WAITLISTED)
        .select_related("person__unit", "nominated_by")
        .order_by("waitlisted_at", "pk")
    )


@dataclass(frozen=True)
class WaitlistOffer:
    """A free seat on a cohort that can be given to `enrolment`, the first waiting for it
    (`position` on the list); `viewer_consults`: whether the viewer runs the cohort."""

    cohort: Cohort
    enrolment: Enrolment
    position: int
    free_seats: int
    viewer_consults: bool
    #: how many are on the cohort's waiting list (skipping needs someone to skip to)
    waiting: int


def offered_from(waiting: list[Enrolment], free_seats: int) -> list[Enrolment]:
    """Those on an ordered waiting list who may be offered a seat now: the first `free_seats`."""
    return waiting[: max(free_seats, 0)]


def waitlist_offers(*, person: Person | None, all_cohorts: bool) -> list[WaitlistOffer]:
    """Free seats that wait to be given from the waiting list, on the cohorts the consultant
    runs (or all, for HR staff): one entry per person who may be offered a seat now, by
    cohort start. Two queries whatever the number of cohorts and people waiting."""
    consults = Cohort.consultants.through.objects.filter(cohort_id=OuterRef("pk"), person=person)
    cohorts = (
        Cohort.objects.select_related("programme")
        .annotate(
            seated=Count(
                "enrolments", filter=Q(enrolments__status__in=Enrolment.SEATED), distinct=True
            ),
            waiting=Count(
                "enrolments",
                filter=Q(enrolments__status=Enrolment.Status.WAITLISTED),
                distinct=True,
            ),
            viewer_consults=Exists(consults),
        )
        .filter(waiting__gt=0, seated__lt=F("capacity"))
        .order_by("starts_on", "pk")
    )
    if not all_cohorts:
        cohorts = cohorts.filter(consultants=person)
    by_cohort = {c.pk: c for c in cohorts}
    if not by_cohort:
        return []
    waiting: dict[int, list[Enrolment]] = {pk: [] for pk in by_cohort}
    for enrolment in (
        Enrolment.objects.filter(cohort_id__in=by_cohort, status=Enrolment.Status.WAITLISTED)
        .select_related("person__unit", "nominated_by")
        .order_by("waitlisted_at", "pk")
    ):
        waiting[enrolment.cohort_id].append(enrolment)
    offers = []
    for pk, cohort in by_cohort.items():
        free = cohort.capacity - cohort.seated
        for position, enrolment in enumerate(offered_from(waiting[pk], free), start=1):
            offers.append(
                WaitlistOffer(
                    cohort=cohort,
                    enrolment=enrolment,
                    position=position,
                    free_seats=free,
                    viewer_consults=cohort.viewer_consults,
                    waiting=cohort.waiting,
                )
            )
    return offers


def with_waitlist_position(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Annotate `waitlist_position`: the 1-based place of a waitlisted enrolment on its
    cohort's list (None for any other status), as a subquery: no extra query per row."""
    ahead = (
        Enrolment.objects.filter(
            Q(waitlisted_at__lt=OuterRef("waitlisted_at"))
            | Q(waitlisted_at=OuterRef("waitlisted_at"), pk__lte=OuterRef("pk")),
            cohort_id=OuterRef("cohort_id"),
            status=Enrolment.Status.WAITLISTED,
        )
        .order_by()
        .values("cohort_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(
        waitlist_position=Coalesce(Subquery(ahead, output_field=IntegerField()), 0)
    )


def consultant_choices() -> QuerySet[Person]:
    """The persons who may be a cohort's consultants: those with the manage-programmes
    permission (directly or through a group) and those who already consult a cohort, by name.
    The cohort form's consultants field and its picker (`programmes.pickers`) use this set.

    One query, served by indexes at any size (issue #17 §1): the ids come from a UNION of the
    three small sources (the permission rows, the group-permission rows, the cohort-consultant
    rows), each joined to `people_person` by index, and the persons are fetched by primary key,
    rather than every person joined to their permissions with an OR and a DISTINCT over all of
    them (a sequential scan of `people_person`)."""
    direct = Person.objects.filter(user__user_permissions__codename="manage_programmes")
    grouped = Person.objects.filter(user__groups__permissions__codename="manage_programmes")
    consulting = Cohort.consultants.through.objects.values("person_id").order_by()
    ids = direct.values("pk").order_by().union(grouped.values("pk").order_by(), consulting)
    return Person.objects.filter(pk__in=ids).order_by("first_name", "last_name")
