"""Who sees a conversation (issue #3 §1: only attendees, and the cohort's consultants where the
seed makes them part of it); 404 for everyone else, 403 for a reading consultant's write."""

import pytest
from django.urls import reverse

from lederspor.conversations.models import ConversationTemplate

EVERYONE = [
    "aspirant",
    "leader",
    "consultant",
    "hr_colleague",
    "chef",
    "other_leader",
    "other_aspirant",
    "colleague",
    "host",
    "outsider",
    "admin",
]


def _status(as_, cast, who, url):
    return as_(getattr(cast, who)).get(url).status_code


def _matrix(as_, cast, url, allowed):
    got = {who: _status(as_, cast, who, url) for who in EVERYONE}
    assert got == {who: 200 if who in allowed else 404 for who in EVERYONE}


def test_leader_conversation_only_for_its_attendees(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    _matrix(as_, cast, reverse("conversations:detail", args=[c.pk]), {"aspirant", "leader"})


def test_consultants_read_where_the_seed_makes_them_part(cast, as_, trainee, plan):
    _cohort, (enrolment,) = trainee
    # the HR colleague attends; the cohort's consultant reads (midway: consultants_see)
    c = plan(
        enrolment,
        "midway",
        attendees=[
            (cast.aspirant, "participant"),
            (cast.leader, "leader"),
            (cast.hr_colleague, "consultant"),
        ],
    )
    url = reverse("conversations:detail", args=[c.pk])
    _matrix(as_, cast, url, {"aspirant", "leader", "hr_colleague", "consultant"})
    page = as_(cast.consultant).get(url).content.decode()
    assert "kan kun læse den" in page
    # reading only: a write is 403, and nothing is offered
    record = reverse("conversations:record", args=[c.pk])
    assert as_(cast.consultant).get(record).status_code == 403
    assert (
        as_(cast.consultant)
        .post(record, {"version": c.version, "notes": "Fra konsulenten"})
        .status_code
        == 403
    )
    assert (
        as_(cast.consultant).post(reverse("conversations:cancel", args=[c.pk])).status_code == 403
    )
    c.refresh_from_db()
    assert c.notes == "" and c.status == "planned"
    # without consultants_see the cohort's consultant does not see it
    ConversationTemplate.objects.filter(kind="midway").update(consultants_see=False)
    assert _status(as_, cast, "consultant", url) == 404
    assert _status(as_, cast, "hr_colleague", url) == 200


def test_host_sees_only_the_career_conversation(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    career = plan(
        enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")]
    )
    leader = plan(enrolment, "leader_before")
    _matrix(as_, cast, reverse("conversations:detail", args=[career.pk]), {"aspirant", "host"})
    assert _status(as_, cast, "host", reverse("conversations:detail", args=[leader.pk])) == 404
    listing = as_(cast.host).get(reverse("conversations:list")).content.decode()
    assert reverse("conversations:detail", args=[career.pk]) in listing
    assert reverse("conversations:detail", args=[leader.pk]) not in listing
    # the host may not reschedule or cancel, but the participant may
    assert (
        as_(cast.host).get(reverse("conversations:reschedule", args=[career.pk])).status_code == 403
    )
    assert as_(cast.host).post(reverse("conversations:cancel", args=[career.pk])).status_code == 403


def test_letter_to_host_for_participant_host_and_consultants(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    career = plan(
        enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")]
    )
    url = reverse("conversations:host_letter_pdf", args=[career.pk])
    got = {who: _status(as_, cast, who, url) for who in EVERYONE}
    assert got == {
        who: 200 if who in {"aspirant", "host", "consultant"} else 404 for who in EVERYONE
    }
    other = plan(enrolment, "leader_before")
    assert (
        _status(as_, cast, "aspirant", reverse("conversations:host_letter_pdf", args=[other.pk]))
        == 404
    )


def test_my_conversations_lists_what_i_may_see(cast, as_, clarification, trainee, plan):
    _cohort, (enrolment, other) = clarification
    c1 = plan(enrolment, "leader_before")
    c2 = plan(other, "leader_before")
    jti = plan(enrolment, "jti_feedback")

    def listed(who):
        page = as_(getattr(cast, who)).get(reverse("conversations:list")).content.decode()
        return {c.pk for c in (c1, c2, jti) if reverse("conversations:detail", args=[c.pk]) in page}

    assert listed("aspirant") == {c1.pk, jti.pk}
    assert listed("leader") == {c1.pk}
    assert listed("other_leader") == {c2.pk}
    assert listed("consultant") == {jti.pk}
    assert listed("chef") == set()
    assert listed("admin") == set()
    assert (
        "Du har ingen planlagte samtaler"
        in as_(cast.outsider).get(reverse("conversations:list")).content.decode()
    )


@pytest.mark.parametrize(
    "who, expected",
    [
        ("aspirant", 200),
        ("leader", 200),
        ("consultant", 200),
        ("chef", 403),
        ("other_leader", 404),
        ("outsider", 404),
        ("host", 404),
        ("admin", 403),
    ],
)
def test_who_may_plan(cast, as_, clarification, who, expected):
    _cohort, (enrolment, _o) = clarification
    url = reverse("conversations:plan", args=[enrolment.pk]) + "?kind=leader_before"
    assert _status(as_, cast, who, url) == expected


def test_panel_shows_visible_conversations_and_plan_buttons(cast, as_, clarification, plan):
    _cohort, (enrolment, _o) = clarification
    c = plan(enrolment, "leader_before")
    url = reverse("programmes:enrolment_detail", args=[enrolment.pk])
    detail = reverse("conversations:detail", args=[c.pk])
    leader_page = as_(cast.leader).get(url).content.decode()
    assert detail in leader_page and "Planlæg samtale" in leader_page
    assert "Karrieresamtale" in leader_page
    assert "Midtvejssamtale" not in leader_page  # trainee kinds are not offered here
    consultant_page = as_(cast.consultant).get(url).content.decode()
    assert detail not in consultant_page and "Planlæg samtale" in consultant_page
    chef_page = as_(cast.chef).get(url).content.decode()
    assert detail not in chef_page and "Planlæg samtale" not in chef_page
