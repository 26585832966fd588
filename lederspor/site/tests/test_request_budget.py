"""The per-request budget (issue #17 §1): a signed-in request costs at most three queries before
the page's own — the session, the login and the roles (`people.roles.roles_for`: one query
with an EXISTS per relation) — and the empty page with the menu stays at that, for every role of
the cast and at two data sizes. The bare view is `HttpResponse("ok")` behind the same
middleware (`budget_urls.py`)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import roles_for
from lederspor.programmes.models import Cohort, Enrolment

pytestmark = pytest.mark.urls("lederspor.site.tests.budget_urls")

BARE = "/_budget/bare/"
BASE = "/_budget/base/"
#: the session, the login, the roles
BUDGET = 3
PERSONS = (
    "consultant",
    "hr_colleague",
    "chef",
    "leader",
    "other_leader",
    "aspirant",
    "other_aspirant",
    "colleague",
    "host",
    "outsider",
)


def _grow(cast, n: int, tag: str) -> None:
    """`n` more persons (every tenth a leader with the next nine as reports, all under the
    chef's area), a cohort of the consultant with every fifth of them enrolled."""
    area = cast.workplace.parent
    unit = OrgUnit.objects.create(code=f"G{tag}", name=f"Vækst {tag}", kind="team", parent=area)
    users = User.objects.bulk_create(
        [User(email=f"g{tag}{i}@test.dk", password="x") for i in range(n)]
    )
    persons = []
    manager: Person | None = None
    for i, user in enumerate(users):
        person = Person.objects.create(
            user=user,
            employee_number=f"G{tag}{i}",
            first_name=f"Vækst{i}",
            last_name=tag,
            email=user.email,
            unit=unit,
            manager=cast.leader if i % 10 == 0 else manager,
            is_leader=i % 10 == 0,
        )
        if i % 10 == 0:
            manager = person
        persons.append(person)
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=cast.programme,
        name=f"Vækst {tag}",
        starts_on=today,
        ends_on=today + dt.timedelta(days=100),
        capacity=n,
    )
    cohort.consultants.add(cast.consultant)
    Enrolment.objects.bulk_create(
        [Enrolment(cohort=cohort, person=p, status=Enrolment.Status.ENROLLED) for p in persons[::5]]
    )


def _count(client, url: str) -> int:
    client.get(url)  # the first request may write the session clock
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _counts(cast, as_) -> dict[tuple[str, str], int]:
    found = {}
    for who in (*PERSONS, "admin"):
        client = as_(getattr(cast, who))
        for url in (BARE, BASE):
            found[who, url] = _count(client, url)
    return found


def test_a_signed_in_request_costs_at_most_three_queries_at_two_data_sizes(cast, as_):
    _grow(cast, 20, "a")
    small = _counts(cast, as_)
    _grow(cast, 200, "b")
    large = _counts(cast, as_)
    assert small == large
    for (who, url), count in large.items():
        if who == "admin" and url == BASE:
            # a login without a person: the roles are one query on the person, one on the login
            assert count == BUDGET + 1, (who, url)
        else:
            assert count <= BUDGET, (who, url, count)
    assert all(large[who, BASE] == BUDGET for who in PERSONS)


@pytest.mark.two_factor
def test_two_factor_costs_no_query_for_someone_who_need_not_use_it(cast, as_):
    for who in ("leader", "aspirant", "host", "outsider"):
        client = as_(getattr(cast, who))
        assert _count(client, BARE) <= BUDGET
        assert _count(client, BASE) == BUDGET


def test_the_roles_are_one_query(cast, rf):
    for who in PERSONS:
        request = rf.get("/")
        request.user = getattr(cast, who).user
        with CaptureQueriesContext(connection) as ctx:
            roles_for(request)
            roles_for(request)
        assert len(ctx.captured_queries) == 1, who


@pytest.mark.parametrize(
    ("who", "consultant", "leader", "chef", "participant", "hr"),
    [
        ("consultant", True, False, False, False, True),
        ("hr_colleague", False, False, False, False, True),
        ("chef", False, True, True, False, False),
        ("leader", False, True, False, False, False),
        ("aspirant", False, False, False, True, False),
        ("host", False, False, False, False, False),
        ("outsider", False, False, False, False, False),
    ],
)
def test_the_roles_query_answers_every_relation(
    cast, rf, who, consultant, leader, chef, participant, hr
):
    request = rf.get("/")
    request.user = getattr(cast, who).user
    roles = roles_for(request)
    assert roles.person == getattr(cast, who)
    assert (roles.is_consultant, roles.is_leader, roles.is_chef) == (consultant, leader, chef)
    assert (roles.is_participant, roles.can_manage_programmes) == (participant, hr)


def test_chef_through_an_override_and_not_through_an_overridden_line(cast, rf):
    # the aspirant's chef is the chef through the manager line; an override moves it away
    Person.objects.filter(manager__manager=cast.chef).update(chef_override=cast.outsider)

    def chef(person):
        request = rf.get("/")
        request.user = person.user
        return roles_for(request).is_chef

    assert chef(cast.outsider)
    assert not chef(cast.chef)


def test_a_group_permission_makes_hr_staff(cast, rf):
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.create(name="HR")
    group.permissions.add(Permission.objects.get(codename="manage_programmes"))
    cast.outsider.user.groups.add(group)
    request = rf.get("/")
    request.user = cast.outsider.user
    assert roles_for(request).can_manage_programmes
