"""The demo municipality (`lederspor demo`): realistic, complete, deterministic and idempotent.

The tests that look at the demo share the one built per session (the `demo` fixture in
`lederspor/conftest.py`: built in an outer transaction that is rolled back at the end, each test
in a savepoint of its own), so the demo never leaks into the shared test database that the cast
lives in. Two tests build demos of their own in a database without it: the determinism test (two
builds with the same seed and one with another) and the command test (the command builds one and
must find it the second time).
"""

import hashlib
import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import RequestFactory
from django.utils import timezone

from lederspor.catalogue.models import TaskAssignment, TaskNote
from lederspor.people.models import OrgUnit, Person
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session
from lederspor.site.demo import (
    ACTIVE_COHORT,
    DEMO_PASSWORD,
    EMAIL_DOMAIN,
    MUNICIPALITY_CODE,
    NEXT_COHORT,
    ROLES,
    DemoLogins,
    build_demo,
    demo_logins,
)

LOGIN_LINE = re.compile(r"^[\w-]+: \S+@\S+ \S+$")


def demo_persons():
    return Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def demo_units(kind: str):
    path = {"department": "parent", "area": "parent__parent", "workplace": "parent__parent__parent"}
    return OrgUnit.objects.filter(kind=kind, **{f"{path[kind]}__code": MUNICIPALITY_CODE})


def digest() -> str:
    """A fingerprint of everything the seed decides: people, units, enrolments and tasks."""
    rows = [
        demo_persons()
        .order_by("employee_number")
        .values_list(
            "employee_number",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "profession",
            "unit__name",
            "manager__email",
            "gender",
            "birth_year",
            "employed_since",
        ),
        Enrolment.objects.filter(cohort__name=ACTIVE_COHORT)
        .order_by("person__email")
        .values_list("person__email", "status", "motivation"),
        TaskAssignment.objects.filter(enrolment__cohort__name=ACTIVE_COHORT)
        .order_by("enrolment__person__email", "title")
        .values_list("enrolment__person__email", "title", "status", "host__email", "due_on"),
    ]
    text = repr([list(r) for r in rows])
    return hashlib.sha256(text.encode()).hexdigest()


@pytest.fixture
def logins(demo) -> DemoLogins:
    return demo


@pytest.mark.django_db
def test_demo_builds_a_municipality_with_departments_areas_and_workplaces(logins):
    kommune = OrgUnit.objects.get(code=MUNICIPALITY_CODE)
    assert kommune.name == "Lederspor Kommune"
    assert kommune.kind == OrgUnit.Kind.MUNICIPALITY
    departments = set(demo_units("department").values_list("name", flat=True))
    assert len(departments) >= 4
    assert {"Børn og Unge", "Sundhed og Omsorg", "Økonomi og Personale"} <= departments
    assert demo_units("area").count() >= len(departments)
    workplaces = demo_units("workplace")
    assert workplaces.count() >= 40
    assert {"Skovbakkeskolen", "Plejecenter Solgården", "Jobcenter Nord"} <= set(
        workplaces.values_list("name", flat=True)
    )


@pytest.mark.django_db
def test_every_demo_person_but_the_top_has_a_manager_and_chains_end_at_the_top(logins):
    persons = {p.pk: p for p in demo_persons()}
    assert len(persons) >= 600
    tops = [p for p in persons.values() if p.manager_id is None]
    assert [p.job_title for p in tops] == ["Kommunaldirektør"]
    kinds = dict(demo_units("workplace").values_list("pk", "kind"))
    units = dict(OrgUnit.objects.values_list("pk", "kind"))
    for person in persons.values():
        seen, current = set(), person
        while current.manager_id is not None:  # walks up; a cycle would repeat a person
            assert current.pk not in seen, f"manager cycle at {current}"
            seen.add(current.pk)
            current = persons[current.manager_id]
        assert current.pk == tops[0].pk
        if person.unit_id in kinds and not person.is_leader:
            leader = persons[person.manager_id]
            assert leader.is_leader and leader.unit_id == person.unit_id
            # a team leader the history appointed reports to the workplace's leader
            head = leader
            if units[persons[leader.manager_id].unit_id] != OrgUnit.Kind.AREA:
                head = persons[leader.manager_id]
            assert head.is_leader and head.unit_id == person.unit_id
            assert units[persons[head.manager_id].unit_id] == OrgUnit.Kind.AREA
            director = persons[persons[head.manager_id].manager_id]
            assert units[director.unit_id] == OrgUnit.Kind.DEPARTMENT
    emails = [p.email for p in persons.values()]
    assert all(re.fullmatch(r"[a-z0-9.-]+@lederspor-kommune\.dk", e) for e in emails)
    assert {Person.Gender.FEMALE, Person.Gender.MALE} <= {p.gender for p in persons.values()}
    assert all(p.birth_year and p.employed_since and p.user_id for p in persons.values())


@pytest.mark.django_db
def test_each_workplace_has_exactly_one_leader_and_maybe_team_leaders_under_them(logins):
    team_leaders = 0
    for unit in demo_units("workplace").prefetch_related("persons__manager__unit"):
        leaders = [p for p in unit.persons.all() if p.is_leader]
        heads = [p for p in leaders if p.manager.unit.kind == OrgUnit.Kind.AREA]
        assert len(heads) == 1, unit.name
        # the team leaders appointed over the years (history.py) report to the head
        assert all(p.manager_id == heads[0].pk for p in leaders if p is not heads[0])
        team_leaders += len(leaders) - 1
    assert team_leaders >= 10


@pytest.mark.django_db
def test_active_cohort_has_participants_meetings_attendance_tasks_and_a_queue(logins):
    cohort = Cohort.objects.get(name=ACTIVE_COHORT)
    assert cohort.starts_on < timezone.localdate() < cohort.ends_on
    assert cohort.consultants.count() == 2
    statuses = list(cohort.enrolments.values_list("status", flat=True))
    # 24 aspirants and two trainees taking the aspirant block (issue #14, seed 003)
    assert statuses.count(Enrolment.Status.ENROLLED) == 26
    assert statuses.count(Enrolment.Status.NOMINATED) >= 5
    assert statuses.count(Enrolment.Status.REJECTED) == 1
    assert statuses.count(Enrolment.Status.WITHDRAWN) == 1
    assert all(e.motivation for e in cohort.enrolments.all())
    departments = {
        e.person.unit.parent.parent.name
        for e in cohort.enrolments.filter(status=Enrolment.Status.ENROLLED).select_related(
            "person__unit__parent__parent"
        )
    }
    assert len(departments) >= 3

    meetings = cohort.sessions.filter(kind=Session.Kind.NETWORK_MEETING)
    assert meetings.count() == 6
    themes = set(meetings.values_list("theme", flat=True))
    assert {"Ledelse i en politisk styret organisation", "Projekt- og procesledelse"} <= themes
    now = timezone.now()
    past = [m for m in meetings if m.ends_at < now]
    assert past and len(past) < 6
    attended = Attendance.objects.filter(session__cohort=cohort)
    assert set(attended.values_list("session", flat=True)) == {m.pk for m in past}
    assert attended.filter(status=Attendance.Status.PRESENT).count() > attended.count() // 2

    tasks = TaskAssignment.objects.filter(enrolment__cohort=cohort)
    for status in TaskAssignment.Status:
        assert tasks.filter(status=status).count() >= 3, status
    assert (
        tasks.filter(host__isnull=False).exclude(host__unit=F("enrolment__person__unit")).exists()
    )
    assert tasks.filter(proposed_by=F("enrolment__person")).exists()
    assert tasks.filter(proposed_by=F("enrolment__person__manager")).exists()
    chef_comments = TaskNote.objects.filter(
        assignment__enrolment__cohort=cohort,
        author=F("assignment__enrolment__person__manager__manager"),
    )
    assert chef_comments.exists()
    assert tasks.filter(status=TaskAssignment.Status.FOLLOWED_UP).exclude(observations="").exists()
    enrolled_without_tasks = cohort.enrolments.filter(
        status=Enrolment.Status.ENROLLED, task_assignments__isnull=True
    )
    assert enrolled_without_tasks.exists()

    upcoming = Cohort.objects.get(name=NEXT_COHORT)
    assert upcoming.enrolments.count() == 0
    assert timezone.localdate() < upcoming.nomination_deadline < upcoming.starts_on


@pytest.mark.django_db
def test_demo_logins_authenticate_and_fit_their_roles(logins):
    assert [role for role, _email in logins] == list(ROLES)
    users = {}
    for role, email in logins:
        # through the whole backend chain, the lockout's included (it needs the request)
        request = RequestFactory().post("/login/")
        users[role] = authenticate(request, username=email, password=DEMO_PASSWORD)
        assert users[role] is not None, role
    person = {role: Person.objects.get(user=user) for role, user in users.items()}
    leader, aspirant = person["leder"], person["aspirant"]
    assert aspirant.manager == leader
    assert leader.manager == person["chef"]
    enrolment = Enrolment.objects.get(cohort__name=ACTIVE_COHORT, person=aspirant)
    assert enrolment.status == Enrolment.Status.ENROLLED
    task_statuses = set(enrolment.task_assignments.values_list("status", flat=True))
    assert len(task_statuses) >= 3
    assert enrolment.task_assignments.filter(host=person["vaert"]).exists()
    assert person["vaert"].unit != aspirant.unit
    to_nominate = leader.reports.exclude(enrolments__cohort__name=ACTIVE_COHORT)
    assert to_nominate.exists()
    consultant = person["konsulent"]
    assert consultant.consulted_cohorts.filter(name=ACTIVE_COHORT).exists()
    assert users["konsulent"].has_perm("programmes.manage_programmes")
    assert users["administrator"].is_superuser and users["administrator"].is_staff
    assert person["administrator"].unit.name == "HR og Lederudvikling"
    others = Person.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").exclude(
        user__in=users.values()
    )
    assert not any(p.user.has_usable_password() for p in others.select_related("user")[:50])


@pytest.mark.django_db
def test_demo_is_deterministic_for_a_seed():
    fingerprints = []
    for _ in range(2):
        with transaction.atomic():
            build_demo(seed=2026)
            fingerprints.append(digest())
            transaction.set_rollback(True)
    assert fingerprints[0] == fingerprints[1]
    with transaction.atomic():
        build_demo(seed=7)
        assert digest() != fingerprints[0]
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_command_prints_a_login_per_role_and_runs_twice_without_duplicates():
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    lines = out.getvalue().splitlines()
    login_lines = [line for line in lines if LOGIN_LINE.match(line)]
    assert [line.split(":")[0] for line in login_lines] == list(ROLES)
    assert all(line.endswith(f" {DEMO_PASSWORD}") for line in login_lines)
    assert "http://127.0.0.1:8000/" in out.getvalue()
    counts = (demo_persons().count(), Enrolment.objects.count(), TaskAssignment.objects.count())

    again = io.StringIO()
    call_command("demo", "--no-serve", "--port", "8123", stdout=again)
    assert [line for line in again.getvalue().splitlines() if LOGIN_LINE.match(line)] == login_lines
    assert "http://127.0.0.1:8123/" in again.getvalue()
    assert (
        demo_persons().count(),
        Enrolment.objects.count(),
        TaskAssignment.objects.count(),
    ) == counts
    assert demo_logins() is not None


def test_the_hr_consultant_has_adapted_a_catalogue_task(logins):
    """Issue #16 §1: task 15's history shows the seed default and the HR consultant's edit."""
    from lederspor.catalogue.models import PracticeTask
    from lederspor.core.content_versions import history
    from lederspor.core.models import ContentVersion
    from lederspor.site.demo import DEMO_TASK_LINK

    hr_email = dict(logins)["hr-konsulent"]
    versions = history("task:15")
    assert [v.origin for v in versions] == [ContentVersion.Origin.EDIT, ContentVersion.Origin.SEED]
    assert versions[0].created_by is not None and versions[0].created_by.email == hr_email
    assert DEMO_TASK_LINK in PracticeTask.objects.get(number=15).links
