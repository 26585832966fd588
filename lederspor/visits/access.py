"""Who may see what of a job visit (issue #4 §3: privacy).

- A pair and its visits' content: only the pair's members. Everyone else, including the
  cohort's consultants, nearest leaders, chefs and administrators, gets 404.
- A cohort's job-visit overview (progress, never content): its consultants and HR staff
  (`programmes.access.get_cohort_for`).
- A job-visit cohort's printable guide (its calendar, no one's content): the cohort's seated
  leaders, its consultants and HR staff.
- A wrap-up group and its notes: its consultants and the members of its pairs; the cohort's
  consultants may also manage (book) it.
"""

from django.http import Http404, HttpRequest

from lederspor.core.access import not_found
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.access import cohort_is_consulted_by, get_cohort_for
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind
from lederspor.visits.models import JobVisit, PairMember, WrapUpGroup


def _me(request: HttpRequest) -> Person:
    person = roles_for(request).person
    if person is None:
        raise not_found()
    return person


def get_visit_for(request: HttpRequest, pk: int) -> tuple[JobVisit, Person]:
    """A visit for a member of its (published) pair, else Http404 — consultants included."""
    me = _me(request)
    visit = (
        JobVisit.objects.filter(
            pk=pk, pair__published_at__isnull=False, pair__memberships__person=me
        )
        .select_related("pair__cohort__programme", "host")
        .first()
    )
    if visit is None:
        raise not_found()
    return visit, me


def get_wrap_up_for(request: HttpRequest, pk: int) -> tuple[WrapUpGroup, bool]:
    """A wrap-up group for its consultants, the cohort's consultants and its pairs' members.

    Returns the group and whether the viewer may manage it (book, write notes). Http404 for
    anyone else.
    """
    me = _me(request)
    group = (
        WrapUpGroup.objects.filter(pk=pk)
        .select_related("cohort__programme")
        .prefetch_related("consultants", "cohort__consultants")
        .first()
    )
    if group is None:
        raise not_found()
    manages = any(c.pk == me.pk for c in group.consultants.all()) or cohort_is_consulted_by(
        cohort=group.cohort, person=me
    )
    if manages:
        return group, True
    if PairMember.objects.filter(
        person=me, pair__wrap_up_group=group, pair__published_at__isnull=False
    ).exists():
        return group, False
    raise not_found()


def get_guide_cohort_for(request: HttpRequest, pk: int) -> Cohort:
    """A job-visit cohort whose guide the viewer may print: its consultants and HR staff
    (`programmes.access.get_cohort_for`) and its seated leaders; Http404 for anyone else."""
    try:
        return get_cohort_for(request, pk, kind=ProgrammeKind.JOB_VISIT)
    except Http404:
        pass
    me = _me(request)
    enrolment = (
        Enrolment.objects.filter(
            cohort_id=pk,
            person=me,
            status__in=Enrolment.SEATED,
            cohort__programme__kind=ProgrammeKind.JOB_VISIT,
        )
        .select_related("cohort__programme")
        .first()
    )
    if enrolment is None:
        raise not_found()
    return enrolment.cohort
