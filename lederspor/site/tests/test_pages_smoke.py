"""Every main page renders for the role it is made for (a first line of defence)."""

import pytest
from django.urls import reverse

from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.services import task_assignment_propose
from lederspor.programmes.content import load_programmes


@pytest.fixture
def content(cast):
    load_programmes()
    return load_catalogue()


@pytest.mark.parametrize(
    "who,url_name",
    [
        ("consultant", "site:home"),
        ("consultant", "programmes:cohort_list"),
        ("consultant", "programmes:nomination_queue"),
        ("consultant", "programmes:schedule"),
        ("consultant", "programmes:cohort_create"),
        ("consultant", "people:import"),
        ("leader", "site:home"),
        ("leader", "site:my_reports"),
        ("leader", "programmes:nominate"),
        ("chef", "site:chef_area"),
        ("aspirant", "site:home"),
        ("aspirant", "catalogue:task_list"),
        ("aspirant", "catalogue:task_print"),
        ("aspirant", "programmes:programme_list"),
        ("outsider", "site:home"),
    ],
)
def test_role_pages_render(cast, content, as_, who, url_name):
    response = as_(getattr(cast, who)).get(reverse(url_name))
    assert response.status_code == 200, response.content[:500]


def test_detail_pages_render(cast, content, as_):
    task = content[9]
    assignment = task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.leader,
        by=cast.leader.user,
        catalogue_task=task,
        learning_goal="Træne mødeledelse",
    )
    for who, url in [
        ("consultant", reverse("programmes:cohort_detail", args=[cast.cohort.pk])),
        ("aspirant", reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])),
        ("aspirant", reverse("programmes:my_programme")),
        ("leader", reverse("catalogue:assignment_detail", args=[assignment.pk])),
        ("aspirant", reverse("catalogue:task_detail", args=[10])),
        ("leader", reverse("catalogue:assignment_create", args=[cast.enrolment.pk])),
        ("leader", reverse("catalogue:assignment_edit", args=[assignment.pk])),
        ("aspirant", reverse("programmes:programme_detail", args=["aspirant"])),
        ("aspirant", reverse("programmes:programme_detail", args=["trainee"])),
    ]:
        response = as_(getattr(cast, who)).get(url, follow=True)
        assert response.status_code == 200, (url, response.content[:800])


@pytest.mark.parametrize("url_name", ["site:home", "site:my_reports", "site:chef_area"])
def test_role_pages_send_the_anonymous_to_login(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["aspirant", "outsider", "consultant"])
def test_the_leader_page_is_404_for_those_who_lead_no_one(cast, as_, who):
    assert as_(getattr(cast, who)).get(reverse("site:my_reports")).status_code == 404


def test_home_page_for_an_administrator_without_a_person_record(as_, cast):
    """A technical administrator (a login with no person) sees the HR card: with HR rights
    from is_staff the page counts the waiting nominations without a person (it crashed); since
    issue #16 §2 the count is in "Venter på dig"."""
    from lederspor.programmes.models import Enrolment

    assert not hasattr(cast.admin, "person") or cast.admin.person is None
    Enrolment.objects.create(cohort=cast.cohort, person=cast.colleague, nominated_by=cast.leader)
    response = as_(cast.admin).get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Som HR-konsulent" in html
    assert "1 indstilling venter på din afgørelse" in html
