"""The panel on the participant's programme page: only for Leder på spring, each step with
its state and the viewer's action, at most four queries."""

from django.test import RequestFactory
from django.urls import reverse

from lederspor.clarification import services
from lederspor.clarification.panels import enrolment_panel
from lederspor.clarification.tests.test_mailing import save_mailing
from lederspor.core.access import Relation


def render(enrolment, relations):
    request = RequestFactory().get("/")
    return enrolment_panel(request, enrolment, relations)


def test_the_panel_shows_the_steps_in_at_most_four_queries(
    cast, cohort, anna, days, django_assert_max_num_queries
):
    save_mailing(cast, cohort)
    services.homework_create(
        session=days[0],
        title="Mit ledelsesrum",
        text="",
        is_network_group_task=False,
        by=cast.admin,
    )
    services.leader_talk_save(enrolment=anna, title="Vagtplanen", session=days[4], by=cast.admin)
    with django_assert_max_num_queries(4):
        html = render(anna, {Relation.PARTICIPANT})
    for text in (
        "Leder på spring – forløbets skridt",
        "Artikler og link til JTI-analysen",
        "Mailen sendes",
        "Jeg har besvaret JTI-analysen",
        "Mit ledelsesrum",
        "Vagtplanen",
        "Kursusbevis",
    ):
        assert text in html


def test_no_panel_for_another_programme(cast):
    assert render(cast.enrolment, {Relation.PARTICIPANT}) == ""


def test_the_consultant_gets_the_cohort_links(cast, as_, anna):
    html = as_(cast.consultant).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    html = html.content.decode()
    assert reverse("clarification:cohort", args=[anna.cohort_id]) in html
    assert reverse("clarification:jti_book", args=[anna.pk]) in html
    assert "Jeg har besvaret JTI-analysen" not in html


def test_the_chef_reads_without_actions(cast, as_, anna):
    html = as_(cast.chef).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    html = html.content.decode()
    assert "Leder på spring – forløbets skridt" in html
    assert "Jeg har besvaret JTI-analysen" not in html
    assert reverse("clarification:jti_book", args=[anna.pk]) not in html


def test_strangers_see_no_programme_page(cast, as_, anna):
    for who in ("outsider", "host", "other_aspirant", "colleague"):
        page = as_(getattr(cast, who)).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
        assert page.status_code == 404, who
