"""The fixed test cast (STYLE.md §6): consultant, leader, chef, aspirant, other_aspirant, host,
outsider, admin — built once per test session in a small organisation.

    kommune → Forvaltning A → Område A1 → Arbejdsplads A1a (leader, aspirant, host)
                                         → Arbejdsplads A1b (other_leader, other_aspirant)
            → Forvaltning HR → Område HR → HR-team (consultant, hr_colleague)
            → Forvaltning B  → Område B1 → Arbejdsplads B1a (outsider)

chef leads Område A1 and is manager of leader and other_leader, so chef is the chef of both
aspirants. An aspirant cohort (`cohort`) has consultant as its consultant; aspirant and
other_aspirant are enrolled.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import Permission
from django.utils import timezone

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind

if TYPE_CHECKING:
    from lederspor.conversations.models import ConversationTemplate

PASSWORD = "test-password-123"


@dataclass
class Cast:
    """The people and objects every test can rely on."""

    municipality: OrgUnit
    workplace: OrgUnit
    other_workplace: OrgUnit
    hr_unit: OrgUnit
    programme: Programme
    cohort: Cohort
    consultant: Person
    hr_colleague: Person
    chef: Person
    leader: Person
    other_leader: Person
    aspirant: Person
    other_aspirant: Person
    colleague: Person
    host: Person
    outsider: Person
    admin: User
    enrolment: Enrolment
    other_enrolment: Enrolment


def make_person(
    first: str,
    last: str,
    unit: OrgUnit,
    *,
    manager: Person | None = None,
    number: str,
    title: str = "Medarbejder",
    profession: str = "Pædagog",
    is_leader: bool = False,
) -> Person:
    """Create a person with a login (`<first>@test.dk`, password `PASSWORD`)."""
    email = f"{first.lower()}@test.dk"
    user = User.objects.create_user(email=email, password=PASSWORD)
    return Person.objects.create(
        user=user,
        employee_number=number,
        first_name=first,
        last_name=last,
        email=email,
        job_title=title,
        profession=profession,
        unit=unit,
        manager=manager,
        is_leader=is_leader,
    )


def build_cast() -> Cast:
    """Create the cast in the current database and return it."""
    kommune = OrgUnit.objects.create(code="K", name="Testkommune", kind=OrgUnit.Kind.MUNICIPALITY)
    dep_a = OrgUnit.objects.create(
        code="FA", name="Forvaltning A", kind="department", parent=kommune
    )
    area_a = OrgUnit.objects.create(code="OA1", name="Område A1", kind="area", parent=dep_a)
    wp_a = OrgUnit.objects.create(
        code="WA1a", name="Arbejdsplads A1a", kind="workplace", parent=area_a
    )
    wp_b = OrgUnit.objects.create(
        code="WA1b", name="Arbejdsplads A1b", kind="workplace", parent=area_a
    )
    dep_hr = OrgUnit.objects.create(
        code="FHR", name="HR og Personale", kind="department", parent=kommune
    )
    area_hr = OrgUnit.objects.create(code="OHR", name="Lederudvikling", kind="area", parent=dep_hr)
    hr = OrgUnit.objects.create(code="WHR", name="HR-teamet", kind="workplace", parent=area_hr)
    dep_b = OrgUnit.objects.create(
        code="FB", name="Forvaltning B", kind="department", parent=kommune
    )
    area_b = OrgUnit.objects.create(code="OB1", name="Område B1", kind="area", parent=dep_b)
    wp_out = OrgUnit.objects.create(
        code="WB1a", name="Arbejdsplads B1a", kind="workplace", parent=area_b
    )

    chef = make_person(
        "Charlotte", "Chef", area_a, number="100", title="Områdechef", is_leader=True
    )
    leader = make_person(
        "Lars", "Leder", wp_a, manager=chef, number="101", title="Afdelingsleder", is_leader=True
    )
    other_leader = make_person(
        "Lene", "Leder", wp_b, manager=chef, number="102", title="Afdelingsleder", is_leader=True
    )
    aspirant = make_person("Anna", "Aspirant", wp_a, manager=leader, number="103")
    other_aspirant = make_person("Bo", "Aspirant", wp_b, manager=other_leader, number="104")
    colleague = make_person("Carl", "Kollega", wp_a, manager=leader, number="105")
    host = make_person("Hanne", "Vært", wp_b, manager=other_leader, number="106", title="Teamleder")
    hr_chief = make_person("Helle", "HR-chef", hr, number="107", title="HR-chef", is_leader=True)
    consultant = make_person(
        "Kim",
        "Konsulent",
        hr,
        manager=hr_chief,
        number="108",
        title="HR-konsulent",
        profession="HR",
    )
    hr_colleague = make_person(
        "Karen",
        "Konsulent",
        hr,
        manager=hr_chief,
        number="109",
        title="HR-konsulent",
        profession="HR",
    )
    outsider = make_person("Otto", "Udenfor", wp_out, number="110")
    perm = Permission.objects.get(codename="manage_programmes")
    for p in (consultant, hr_colleague):
        login_of(p).user_permissions.add(perm)
    admin = User.objects.create_superuser(email="admin@test.dk", password=PASSWORD)

    programme = Programme.objects.create(
        key="aspirant", kind=ProgrammeKind.ASPIRANT, name="Lederaspirantforløb", is_operational=True
    )
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=programme,
        name="Aspiranthold test",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=180),
        capacity=24,
    )
    cohort.consultants.add(consultant)
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        person=aspirant,
        status=Enrolment.Status.ENROLLED,
        nominated_by=leader,
        motivation="Klar til ledelse",
    )
    other_enrolment = Enrolment.objects.create(
        cohort=cohort,
        person=other_aspirant,
        status=Enrolment.Status.ENROLLED,
        nominated_by=other_leader,
        motivation="Stærk kandidat",
    )
    return Cast(
        municipality=kommune,
        workplace=wp_a,
        other_workplace=wp_b,
        hr_unit=hr,
        programme=programme,
        cohort=cohort,
        consultant=consultant,
        hr_colleague=hr_colleague,
        chef=chef,
        leader=leader,
        other_leader=other_leader,
        aspirant=aspirant,
        other_aspirant=other_aspirant,
        colleague=colleague,
        host=host,
        outsider=outsider,
        admin=admin,
        enrolment=enrolment,
        other_enrolment=other_enrolment,
    )


def content_programme(kind: str) -> Programme:
    """The programme of `kind` from the seed content: loads the programme templates
    (`load_programmes`, idempotent) unless they are in the database already (the tests'
    `seed_content` layer, lederspor/conftest.py)."""
    programme = Programme.objects.filter(kind=kind, phases__isnull=False).order_by("key").first()
    if programme is None:
        from lederspor.programmes.content import load_programmes

        programme = next(p for p in load_programmes() if p.kind == kind)
    return programme


def content_conversation_templates() -> list["ConversationTemplate"]:
    """Every conversation template from the seed content: loads them
    (`load_conversation_templates`, idempotent) unless they are all in the database already
    (the tests' `seed_content` layer)."""
    from lederspor.conversations.content import load_conversation_templates
    from lederspor.conversations.models import ConversationKind, ConversationTemplate

    found = {t.kind: t for t in ConversationTemplate.objects.filter(versions__isnull=False)}
    if set(found) >= set(ConversationKind.values):
        return [found[kind] for kind in ConversationKind.values]
    return load_conversation_templates()


def make_cohort(
    kind: str,
    *,
    consultants: list[Person],
    participants: Sequence[Person] = (),
    name: str = "",
    starts_in_days: int = -10,
    length_days: int = 180,
) -> tuple[Cohort, list[Enrolment]]:
    """A cohort of programme `kind` ("clarification", "trainee", …) from the real seed content,
    with `consultants` and each of `participants` enrolled (nominated by their manager).

    The programme comes from the seed content (`content_programme`). Returns the cohort and the
    enrolments in the order of `participants`.
    """
    programme = content_programme(kind)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=programme,
        name=name or f"{programme.name} test",
        starts_on=today + dt.timedelta(days=starts_in_days),
        ends_on=today + dt.timedelta(days=starts_in_days + length_days),
        capacity=24,
    )
    cohort.consultants.set(consultants)
    enrolments = [
        Enrolment.objects.create(
            cohort=cohort,
            person=person,
            status=Enrolment.Status.ENROLLED,
            nominated_by=person.manager,
            motivation="Indstillet i test",
        )
        for person in participants
    ]
    return cohort, enrolments
