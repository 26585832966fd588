"""Privacy (issue #4 §3): a visit's content only for the pair; consultants see progress, not
content; wrap-up notes only for that group's consultants and members; everyone else 404."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.visits import services
from lederspor.visits.tests import factories as f

SECRET = "Hemmelig aktivitet: budgetforhandling med direktørgruppen"


@pytest.fixture
def world(cast):
    """Lars Leder + Bente (nearest leader Birger, whose manager is Berit: Bente's chef)."""
    berit = f.leader(cast, "Berit")
    birger = f.leader(cast, "Birger", unit=berit.unit, manager=berit)
    bente = f.leader(cast, "Bente", unit=berit.unit, manager=birger)
    c = f.published(cast, [cast.leader, bente])
    pair = c.visit_pairs.get()
    visit = pair.visits.get(host=cast.leader)
    services.visit_plan(
        visit=visit,
        person=cast.leader,
        by=cast.leader.user,
        expected_version=visit.version,
        activity=SECRET,
        themes=["Visionsledelse"],
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
        place="Rådhuset",
    )
    return {
        "cohort": c,
        "pair": pair,
        "visit": visit,
        "bente": bente,
        "birger": birger,
        "berit": berit,
    }


def _urls(w):
    v, p = w["visit"].pk, w["pair"].pk
    return [
        reverse("visits:pair_detail", args=[p]),
        reverse("visits:visit_detail", args=[v]),
        reverse("visits:visit_plan", args=[v]),
    ]


def test_partners_see_the_visit_and_its_content(cast, world, as_):
    for person in (cast.leader, world["bente"]):
        client = as_(person)
        for url in _urls(world)[:2]:
            response = client.get(url)
            assert response.status_code == 200, url
        assert SECRET in client.get(_urls(world)[1]).content.decode()


@pytest.mark.parametrize(
    "who", ["consultant", "hr_colleague", "chef", "other_leader", "outsider", "aspirant", "admin"]
)
def test_others_get_404_on_pair_and_visit_pages(cast, world, as_, who):
    client = as_(getattr(cast, who))
    for url in _urls(world):
        assert client.get(url).status_code == 404, url
    write = reverse("visits:visit_write", args=[world["visit"].pk, "expectations"])
    assert client.post(write, {"expectations-version": 1}).status_code == 404
    held = reverse("visits:visit_transition", args=[world["visit"].pk, "held"])
    assert client.post(held, {"version": 1}).status_code == 404


@pytest.mark.parametrize("who", ["birger", "berit"])
def test_partners_nearest_leader_and_chef_get_404(cast, world, as_, who):
    client = as_(world[who])
    for url in _urls(world):
        assert client.get(url).status_code == 404, url


def test_guest_may_not_open_the_hosts_plan_page(cast, world, as_):
    assert as_(world["bente"]).get(_urls(world)[2]).status_code == 404


def test_consultant_sees_progress_but_not_content(cast, world, as_):
    client = as_(cast.consultant)
    url = reverse("visits:cohort_overview", args=[world["cohort"].pk])
    html = client.get(url).content.decode()
    assert "Lars Leder" in html and "Bente Jobbesøg" in html
    assert "Aftalt" in html  # the scheduled visit's status
    assert SECRET not in html
    assert "Rådhuset" not in html  # not even the place


@pytest.mark.parametrize("who", ["chef", "other_leader", "outsider", "aspirant"])
def test_non_consultants_get_404_on_the_overview_and_consultant_actions(cast, world, as_, who):
    client = as_(getattr(cast, who))
    pk = world["cohort"].pk
    assert client.get(reverse("visits:cohort_overview", args=[pk])).status_code == 404
    assert client.get(reverse("visits:cohort_list")).status_code == 404
    assert client.get(reverse("visits:enrol", args=[pk])).status_code == 404
    for name in ("pairs_make", "pair_swap", "pairs_publish", "wrap_up_compose"):
        assert client.post(reverse(f"visits:{name}", args=[pk])).status_code == 404


def test_partner_cannot_see_the_consultant_overview(cast, world, as_):
    url = reverse("visits:cohort_overview", args=[world["cohort"].pk])
    assert as_(cast.leader).get(url).status_code == 404


def test_hr_reader_may_read_overview_but_not_act(cast, world, as_):
    client = as_(cast.hr_colleague)
    pk = world["cohort"].pk
    assert client.get(reverse("visits:cohort_overview", args=[pk])).status_code == 200
    assert client.post(reverse("visits:pairs_publish", args=[pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("visits:visit_detail", args=[world["visit"].pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_other_programmes_cohort_is_404_on_job_visit_pages(cast, as_):
    url = reverse("visits:cohort_overview", args=[cast.cohort.pk])
    assert as_(cast.consultant).get(url).status_code == 404


def test_nav_item_only_for_people_in_a_published_pair(cast, world, as_):
    assert "Mit jobbesøg" in as_(cast.leader).get(reverse("site:home")).content.decode()
    assert "Mit jobbesøg" not in as_(cast.other_leader).get(reverse("site:home")).content.decode()
    assert "Mit jobbesøg" not in as_(cast.consultant).get(reverse("site:home")).content.decode()


def test_consultant_enrols_leaders_with_an_audit_row(cast, as_):
    c = f.cohort(cast, [])
    bente = f.leader(cast, "Bente")
    client = as_(cast.consultant)
    url = reverse("visits:enrol", args=[c.pk])
    page = client.get(url, {"q": "Bente"}).content.decode()
    assert "Bente Jobbesøg" in page and "Lars Leder" not in page
    response = client.post(url, {"person": [bente.pk, cast.leader.pk]})
    assert response.status_code == 302
    assert set(c.enrolments.values_list("person_id", flat=True)) == {bente.pk, cast.leader.pk}
    assert AuditEvent.objects.filter(action="enrolment.enrol_job_visit").count() == 2
    # a non-leader is refused
    client.post(url, {"person": [cast.aspirant.pk]})
    assert not c.enrolments.filter(person=cast.aspirant).exists()


def test_enrol_list_is_paginated(cast, as_):
    c = f.cohort(cast, [])
    f.leaders(cast, 30)
    client = as_(cast.consultant)
    first = client.get(reverse("visits:enrol", args=[c.pk]))
    assert "Side 1 af 2" in first.content.decode()
    assert client.get(reverse("visits:enrol", args=[c.pk]), {"page": 2}).status_code == 200
