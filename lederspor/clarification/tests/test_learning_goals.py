"""The learning goals set in the conversation before the course (seed 002 §3 "Læringsmål for
kurset") are shown on the participant's page and beside the closing conversation's questions
(§8 "Kig sammen på de opsatte læringsmål og tal om, hvordan det er gået."), to those who may see
the conversation before the course: the participant and the nearest leader. Never to the
chef, the consultant, a host or another participant, and never anyone's private preparation."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.conversations import services as conversations
from lederspor.site.testing import content_conversation_templates

GOAL = "At blive afklaret om jeg vil søge et lederjob inden for to år."
PERSONAL = "Tydelighed og autoritet foran en gruppe."
DRIVE = "Jeg vil gerne skabe retning."  # not a learning goal: not carried over
PRIVATE = "Min private forberedelse om mål"


def _at(day: dt.date, hour: int) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
    return start, start + dt.timedelta(hours=1)


@pytest.fixture
def before(cast, anna, cohort, seed_content):
    content_conversation_templates()
    start, end = _at(cohort.starts_on - dt.timedelta(days=10), 10)
    c = conversations.conversation_plan(
        enrolment=anna, kind="leader_before", starts_at=start, ends_at=end, by=cast.leader.user
    )
    conversations.preparation_save(
        attendee=c.attendees.get(person=cast.aspirant),
        answers={"course_goals": PRIVATE},
        expected_version=1,
        by=cast.aspirant.user,
    )
    c.refresh_from_db()
    conversations.record_save(
        conversation=c,
        answers={"course_goals": GOAL, "personal_goals": PERSONAL, "drive": DRIVE},
        notes="",
        expected_version=c.version,
        by=cast.leader.user,
    )
    return c


@pytest.fixture
def after(cast, anna, cohort, before):
    start, end = _at(cohort.ends_on + dt.timedelta(days=5), 9)
    return conversations.conversation_plan(
        enrolment=anna, kind="leader_after", starts_at=start, ends_at=end, by=cast.leader.user
    )


def page(client, enrolment) -> str:
    response = client.get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["aspirant", "leader"])
def test_the_participant_and_the_leader_see_the_goals_on_the_programme_page(
    cast, as_, anna, before, who
):
    html = page(as_(getattr(cast, who)), anna)
    assert 'id="lps-goals"' in html
    assert "Hvilke læringsmål har jeg for min deltagelse i kurset?" in html
    assert GOAL in html and PERSONAL in html
    assert DRIVE not in html and PRIVATE not in html


@pytest.mark.parametrize("who", ["chef", "consultant"])
def test_the_chef_and_the_consultant_do_not_see_the_goals(cast, as_, anna, before, who):
    html = page(as_(getattr(cast, who)), anna)
    assert 'id="lps-goals"' not in html
    assert GOAL not in html and PERSONAL not in html


@pytest.mark.parametrize("who", ["host", "other_aspirant", "outsider"])
def test_others_do_not_reach_the_page(cast, as_, anna, before, who):
    response = as_(getattr(cast, who)).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    assert response.status_code == 404


def test_no_goals_written_yet_says_so(cast, as_, anna, cohort, seed_content):
    content_conversation_templates()
    start, end = _at(cohort.starts_on - dt.timedelta(days=10), 10)
    conversations.conversation_plan(
        enrolment=anna, kind="leader_before", starts_at=start, ends_at=end, by=cast.leader.user
    )
    html = page(as_(cast.aspirant), anna)
    assert "Læringsmålene er ikke skrevet i samtalens referat endnu." in html


def test_a_cancelled_conversation_before_carries_no_goals(cast, as_, anna, before):
    before.refresh_from_db()
    conversations.conversation_cancel(
        conversation=before, expected_version=before.version, by=cast.leader.user
    )
    assert GOAL not in page(as_(cast.aspirant), anna)


@pytest.mark.parametrize("who", ["aspirant", "leader"])
def test_the_closing_conversation_shows_the_goals_beside_its_questions(cast, as_, after, who):
    c = as_(getattr(cast, who))
    for name in ("conversations:detail", "conversations:prepare"):
        html = c.get(reverse(name, args=[after.pk])).content.decode()
        assert "Læringsmål fra samtalen før kurset" in html
        assert GOAL in html and PERSONAL in html
        assert DRIVE not in html and PRIVATE not in html
        assert "Kig sammen på de opsatte læringsmål" in html


def test_a_new_leader_who_did_not_attend_the_conversation_before_sees_no_goals(
    cast, as_, anna, cohort, before
):
    """The closing conversation held with someone who was not at the conversation before the
    course: that person may not see the goals (they are the shared record of a conversation
    they may not open)."""
    start, end = _at(cohort.ends_on + dt.timedelta(days=5), 9)
    after = conversations.conversation_plan(
        enrolment=anna,
        kind="leader_after",
        starts_at=start,
        ends_at=end,
        attendees=[(cast.aspirant, "participant"), (cast.other_leader, "leader")],
        by=cast.aspirant.user,
    )
    html = as_(cast.other_leader).get(reverse("conversations:detail", args=[after.pk]))
    assert html.status_code == 200
    assert GOAL not in html.content.decode()
    assert (
        GOAL
        in as_(cast.aspirant).get(reverse("conversations:detail", args=[after.pk])).content.decode()
    )


def test_the_goals_are_not_shown_beside_other_conversations(cast, as_, anna, cohort, before):
    html = as_(cast.aspirant).get(reverse("conversations:detail", args=[before.pk]))
    assert "Læringsmål fra samtalen før kurset" not in html.content.decode()
