"""The panel on the participant's programme page: only for Leder på spring, each step with
its state and the viewer's action, and the course timeline, in at most seven queries at any
data size."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from lederspor.clarification import services
from lederspor.clarification.panels import enrolment_panel
from lederspor.clarification.tests.test_mailing import save_mailing
from lederspor.conversations.models import Conversation
from lederspor.core.access import Relation
from lederspor.people.roles import roles_for
from lederspor.programmes.extensions import EnrolmentPage, render_enrolment_sections
from lederspor.programmes.services import attendance_set


def render(enrolment, relations, user=None):
    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    roles_for(request)  # the page caches the viewer's roles before its panels render
    return enrolment_panel(EnrolmentPage(request, enrolment, relations))


@pytest.mark.parametrize("size", [1, 12])
def test_the_panel_shows_the_steps_and_the_timeline_in_at_most_seven_queries(
    cast, cohort, anna, days, django_assert_max_num_queries, size
):
    save_mailing(cast, cohort)
    for n in range(size):
        homework = services.homework_create(
            session=days[n % 5],
            title="Mit ledelsesrum" if n == 0 else f"Opgave {n}",
            text="",
            is_network_group_task=False,
            by=cast.admin,
        )
        services.homework_mark(homework=homework, enrolment=anna, done=True, by=cast.admin)
    for day in days[: min(size, 5)]:
        attendance_set(session=day, enrolment=anna, status="present", by=cast.admin)
    services.leader_talk_create(enrolment=anna, title="Vagtplanen", session=days[4], by=cast.admin)
    request = RequestFactory().get("/")
    request.user = cast.aspirant.user
    # the first render runs the context processors, which cache the viewer's roles and
    # permissions on the request (the page has done so before its panels are rendered)
    enrolment_panel(EnrolmentPage(request, anna, {Relation.PARTICIPANT}))
    # steps 3, learning goals 1, timeline 2 (conversations, attendance), the cohort's sessions 1
    # (shared with the page's other sections)
    with django_assert_max_num_queries(7):
        html = enrolment_panel(EnrolmentPage(request, anna, {Relation.PARTICIPANT}))
    for text in (
        "Leder på spring – forløbets skridt",
        "Artikler og link til JTI-analysen",
        "Mailen sendes",
        "Jeg har besvaret JTI-analysen",
        "Mit ledelsesrum",
        "Vagtplanen",
        "Kursusbevis",
        "Overblik over forløbet",
        "Dag 5: Min vej mod ledelse – fortsat",
    ):
        assert text in html
    assert html.count("Hjemmeopgave: ") == size


def test_no_panel_for_another_programme(cast):
    request = RequestFactory().get("/")
    request.user = cast.aspirant.user
    page = EnrolmentPage(request, cast.enrolment, {Relation.PARTICIPANT})
    rendered = "".join(html for htmls in render_enrolment_sections(page).values() for html in htmls)
    assert "Næste skridt" in rendered  # the aspirant's own sections are there
    assert "lps-heading" not in rendered


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


def test_the_jti_conversation_is_shown_only_to_those_who_may_open_it(cast, as_, anna, days):
    """The participant and the consultant see the feedback session's time and a link; the
    nearest leader and the chef, who get 404 on the conversation, see nothing of it: neither
    its name nor its time, booked or not (issue #15 §4)."""
    page_url = reverse("programmes:enrolment_detail", args=[anna.pk])
    for who, sees in (("aspirant", True), ("consultant", True), ("leader", False), ("chef", False)):
        html = as_(getattr(cast, who)).get(page_url).content.decode()
        assert "Leder på spring – forløbets skridt" in html, who
        assert ('id="lps-jti-conversation"' in html) is sees, who
    day2 = days[1].starts_at.astimezone().date()
    booked = as_(cast.consultant).post(
        reverse("clarification:jti_book", args=[anna.pk]),
        {"date": day2.isoformat(), "starts": "10:00", "ends": "11:00", "place": "HR"},
    )
    assert booked.status_code == 302
    conversation = Conversation.objects.get(enrolment=anna)
    link = reverse("conversations:detail", args=[conversation.pk])
    when = date_format(timezone.localtime(conversation.starts_at), "WEEKDAY_DATETIME_FORMAT")
    for who, sees in (
        ("aspirant", True),
        ("consultant", True),
        ("leader", False),
        ("chef", False),
    ):
        client = as_(getattr(cast, who))
        html = client.get(page_url).content.decode()
        assert "Leder på spring – forløbets skridt" in html, who
        assert ('id="lps-jti-conversation"' in html) is sees, who
        assert ("Individuel tilbagemeldingssamtale:" in html) is sees, who
        assert (when in html) is sees, who
        assert (link in html) is sees, who
        assert client.get(link).status_code == (200 if sees else 404), who
