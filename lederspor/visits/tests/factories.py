"""Builders for job-visit tests: leaders in their own forvaltning, a job-visit cohort, pairs."""

import datetime as dt
import itertools

from django.utils import timezone

from lederspor.people.models import OrgUnit, Person
from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind
from lederspor.site.testing import content_programme, make_person
from lederspor.visits import services
from lederspor.visits.models import Boundary, VisitPair

_counter = itertools.count(1)


def job_visit_programme() -> Programme:
    """The job-visit programme loaded from its seed content (operational)."""
    return content_programme(ProgrammeKind.JOB_VISIT)


def department(cast, name: str = "") -> OrgUnit:
    """A new forvaltning with one område and one arbejdsplads; returns the arbejdsplads."""
    n = next(_counter)
    dep = OrgUnit.objects.create(
        code=f"JV-F{n}",
        name=name or f"Forvaltning {n}",
        kind="department",
        parent=cast.municipality,
    )
    area = OrgUnit.objects.create(code=f"JV-O{n}", name=f"Område {n}", kind="area", parent=dep)
    return OrgUnit.objects.create(
        code=f"JV-W{n}", name=f"Arbejdsplads {n}", kind="workplace", parent=area
    )


def leader(cast, first: str, unit: OrgUnit | None = None, manager: Person | None = None) -> Person:
    """A leader with a login (`<first>@test.dk`), by default in a forvaltning of their own."""
    n = next(_counter)
    return make_person(
        first,
        "Jobbesøg",
        unit or department(cast),
        manager=manager,
        number=f"JV{n}",
        title="Leder",
        is_leader=True,
    )


def leaders(cast, n: int, prefix: str = "Leder") -> list[Person]:
    """`n` leaders, each in their own forvaltning, without logins (bulk)."""
    people = []
    for i in range(n):
        k = next(_counter)
        people.append(
            Person(
                employee_number=f"JVB{k}",
                first_name=f"{prefix}{i:03d}",
                last_name="Bulk",
                email=f"jvb{k}@test.dk",
                unit=department(cast),
                is_leader=True,
            )
        )
    return Person.objects.bulk_create(people)


def cohort(cast, people: list[Person], *, themes: dict[int, list[str]] | None = None) -> Cohort:
    """A job-visit cohort with `cast.consultant` and `people` enrolled (optional themes by pk)."""
    programme = job_visit_programme()
    today = timezone.localdate()
    c = Cohort.objects.create(
        programme=programme,
        name=f"Jobbesøg {next(_counter)}",
        starts_on=today - dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=120),
        capacity=200,
    )
    c.consultants.add(cast.consultant)
    themes = themes or {}
    Enrolment.objects.bulk_create(
        Enrolment(
            cohort=c,
            person=p,
            status=Enrolment.Status.ENROLLED,
            leadership_themes=themes.get(p.pk, []),
        )
        for p in people
    )
    return c


def published(cast, people: list[Person], boundary: str = Boundary.DEPARTMENT, **kw) -> Cohort:
    """A cohort of `people` with pairs made and published."""
    c = cohort(cast, people, **kw)
    services.pairing_make(cohort=c, boundary=boundary, by=cast.consultant.user)
    services.pairs_publish(cohort=c, by=cast.consultant.user)
    return c


def groups_of(c: Cohort) -> set[frozenset[int]]:
    """The cohort's pairs as sets of person ids."""
    return {
        frozenset(m.person_id for m in p.memberships.all())
        for p in VisitPair.objects.filter(cohort=c).prefetch_related("memberships")
    }
