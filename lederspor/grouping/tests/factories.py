"""Test data for network groups: more enrolled participants on the cast's cohort."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.people.models import OrgUnit, Person
from lederspor.programmes.models import Cohort, Enrolment, Session
from lederspor.site.testing import Cast

DEPARTMENTS = ["Børn og Unge", "Sundhed og Omsorg", "Teknik og Miljø", "Kultur og Fritid"]
PROFESSIONS = ["Pædagog", "Lærer", "Sygeplejerske", "Ingeniør", "Socialrådgiver", "Jurist"]


def add_participants(
    cast: Cast, n: int, *, workplaces: int | None = None, tag: str = "g"
) -> list[Enrolment]:
    """Enrol `n` new people on `cast.cohort`, spread over departments, workplaces, professions,
    genders, ages and seniority. Their manager is `cast.leader` (not enrolled). `workplaces`
    sets how many workplaces they share (default: one per two people)."""
    Cohort.objects.filter(pk=cast.cohort.pk).update(capacity=max(1000, n + 10))
    workplaces = workplaces or max(1, n // 2)
    units = []
    for d, name in enumerate(DEPARTMENTS):
        dep, _ = OrgUnit.objects.get_or_create(
            code=f"{tag}D{d}",
            defaults={"name": name, "kind": "department", "parent": cast.municipality},
        )
        area, _ = OrgUnit.objects.get_or_create(
            code=f"{tag}A{d}", defaults={"name": f"{name} område", "kind": "area", "parent": dep}
        )
        units.append(area)
    wps = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"{tag}W{w}",
                name=f"Arbejdsplads {tag.upper()}{w:03d}",
                kind="workplace",
                parent=units[w % len(units)],
            )
            for w in range(workplaces)
        ]
    )
    today = timezone.localdate()
    people = Person.objects.bulk_create(
        [
            Person(
                employee_number=f"{tag}-{i:04d}",
                first_name=f"Deltager{i:03d}",
                last_name=tag.upper(),
                email=f"{tag}{i}@test.dk",
                job_title="Koordinator",
                profession=PROFESSIONS[i % len(PROFESSIONS)],
                unit=wps[i % len(wps)],
                manager=cast.leader,
                gender="female" if i % 3 else "male",
                birth_year=today.year - 26 - (i * 7) % 36,
                employed_since=today - dt.timedelta(days=365 * (1 + (i * 5) % 25)),
                is_leader=i % 5 == 0,
            )
            for i in range(n)
        ]
    )
    return Enrolment.objects.bulk_create(
        [Enrolment(cohort=cast.cohort, person=p, status=Enrolment.Status.ENROLLED) for p in people]
    )


def add_meetings(cohort: Cohort, count: int = 2) -> list[Session]:
    """Upcoming network meetings for `cohort`."""
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=14)
    return [
        Session.objects.create(
            cohort=cohort,
            kind=Session.Kind.NETWORK_MEETING,
            theme=f"Netværksmøde {k + 1}",
            starts_at=start + dt.timedelta(days=30 * k),
            ends_at=start + dt.timedelta(days=30 * k, hours=3),
            place="Rådhuset, mødelokale 2",
        )
        for k in range(count)
    ]
