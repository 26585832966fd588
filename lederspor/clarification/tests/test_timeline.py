"""The visual overview the participant guide promises (seed 002 §1): a dated timeline on the
participant's programme page — teaching days numbered 1–5 with their homework, JTI, the
conversations, the network group and the certificate — as an ordered list, with done / next
in words; conversations dated only for those who may open them."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification import services
from lederspor.conversations import services as conversations
from lederspor.programmes.services import attendance_set
from lederspor.site.testing import content_conversation_templates


def page(client, enrolment) -> str:
    response = client.get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def step_of(html: str, label: str) -> str:
    """The timeline step (its <li>) whose title is `label`."""
    at = html.index(label)
    start = html.rindex('<li class="lps-tl-', 0, at)
    end = html.find('<li class="lps-tl-', at)
    return html[start : end if end != -1 else len(html)]


def timeline(html: str) -> str:
    start = html.index('<ol class="lps-timeline">')
    return html[start : html.index("</ol>\n</section>", start)]


@pytest.fixture
def career(cast, anna, days, seed_content):
    content_conversation_templates()
    start = timezone.make_aware(
        dt.datetime.combine(days[2].starts_at.date() + dt.timedelta(days=3), dt.time(10))
    )
    return conversations.conversation_plan(
        enrolment=anna,
        kind="career",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        attendees=[(cast.aspirant, "participant"), (cast.host, "host")],
        by=cast.aspirant.user,
    )


def test_the_timeline_is_an_ordered_list_of_the_course_in_date_order(cast, as_, anna, days):
    services.homework_create(
        session=days[2],
        title="Observer et møde",
        text="",
        is_network_group_task=True,
        by=cast.admin,
    )
    html = timeline(page(as_(cast.aspirant), anna))
    dates = re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)">', html)
    assert dates == sorted(dates) and len(dates) >= 7
    positions = [html.index(f"Dag {n}: ") for n in range(1, 6)]
    assert positions == sorted(positions)
    assert "Dag 3: Ledelse i spil" in html and "Hjemmeopgave: Observer et møde" in html
    assert html.index("Artikler og link til JTI-analysen") < positions[0]
    assert html.index("Kursusbevis") > positions[4]
    assert "Afsluttende samtale med din nærmeste leder" in html
    # exactly one step is the next one, said in words and as aria-current
    assert html.count('aria-current="step"') == 1 and html.count(">Næste<") == 1


def test_done_steps_say_so_and_the_next_one_moves_on(cast, as_, anna, days):
    html = timeline(page(as_(cast.aspirant), anna))
    assert 'aria-current="step"' in step_of(html, "Artikler og link til JTI-analysen")
    assert "Gennemført" not in step_of(html, "JTI-analysen besvaret")
    services.jti_answered_set(enrolment=anna, answered=True, by=cast.aspirant.user)
    html = timeline(page(as_(cast.aspirant), anna))
    assert "Gennemført" in step_of(html, "JTI-analysen besvaret")
    assert "Næste" not in step_of(html, "JTI-analysen besvaret")


def test_attendance_is_shown_to_the_participant_and_not_to_the_chef(cast, as_, anna, days):
    attendance_set(session=days[0], enrolment=anna, status="excused", by=cast.admin)
    assert "· Afbud" in timeline(page(as_(cast.aspirant), anna))
    assert "· Afbud" in timeline(page(as_(cast.leader), anna))
    assert "· Afbud" not in timeline(page(as_(cast.chef), anna))


@pytest.mark.parametrize(
    ("who", "sees"), [("aspirant", True), ("leader", False), ("chef", False), ("consultant", False)]
)
def test_the_career_conversation_is_dated_only_for_those_who_may_open_it(
    cast, as_, anna, career, who, sees
):
    html = timeline(page(as_(getattr(cast, who)), anna))
    assert "Karrieresamtale" in html
    assert (reverse("conversations:detail", args=[career.pk]) in html) is sees
    day = timezone.localdate(career.starts_at).isoformat()
    assert (f'datetime="{day}"' in step_of(html, "Karrieresamtale")) is sees


def test_without_teaching_days_the_timeline_still_lists_the_course(cast, as_, anna):
    html = timeline(page(as_(cast.aspirant), anna))
    assert "Dag 1" not in html
    assert "Samtale med nærmeste leder" in html and "Kursusbevis" in html


@pytest.mark.parametrize("who", ["host", "other_aspirant", "outsider"])
def test_no_timeline_for_others(cast, as_, anna, days, who):
    url = reverse("programmes:enrolment_detail", args=[anna.pk])
    assert as_(getattr(cast, who)).get(url).status_code == 404
