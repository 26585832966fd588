"""Planning a conversation (`services.conversation_plan`): attendees, times, validation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lederspor.conversations import services
from lederspor.conversations.models import Conversation, ConversationAttendee
from lederspor.core.audit import AuditEvent


def _roles(conversation):
    return {(a.person_id, a.role) for a in conversation.attendees.all()}


def test_plan_fills_attendees_from_template_roles(cast, clarification, when):
    _cohort, (enrolment, _other) = clarification
    c = services.conversation_plan(
        enrolment=enrolment,
        kind="leader_before",
        starts_at=when[0],
        ends_at=when[1],
        by=cast.leader.user,
        place="Mødelokale 2",
    )
    assert _roles(c) == {(cast.aspirant.pk, "participant"), (cast.leader.pk, "leader")}
    assert c.organiser == cast.leader
    assert c.template_version.template.kind == "leader_before"
    assert c.template_version.number == 1
    assert c.status == "planned"
    assert AuditEvent.objects.filter(action="conversation.plan", object_id=str(c.pk)).exists()


def test_plan_fills_consultant_from_cohort(cast, clarification, when):
    _cohort, (enrolment, _other) = clarification
    c = services.conversation_plan(
        enrolment=enrolment,
        kind="jti_feedback",
        starts_at=when[0],
        ends_at=when[1],
        by=cast.aspirant.user,
    )
    assert _roles(c) == {(cast.aspirant.pk, "participant"), (cast.consultant.pk, "consultant")}


def test_career_needs_a_host(cast, clarification, when):
    _cohort, (enrolment, _other) = clarification
    with pytest.raises(ValidationError, match="Vælg en vært til karrieresamtalen"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="career",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.aspirant.user,
        )
    with pytest.raises(ValidationError, match="Vælg en vært"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="career",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.aspirant.user,
            attendees=[(cast.aspirant, "participant")],
        )
    assert not Conversation.objects.exists()
    c = services.conversation_plan(
        enrolment=enrolment,
        kind="career",
        starts_at=when[0],
        ends_at=when[1],
        by=cast.aspirant.user,
        attendees=[(cast.aspirant, "participant"), (cast.host, "host")],
    )
    assert _roles(c) == {(cast.aspirant.pk, "participant"), (cast.host.pk, "host")}


@pytest.mark.parametrize(
    "shift, message",
    [
        (dt.timedelta(0), "slutte efter"),
        (dt.timedelta(hours=-1), "slutte efter"),
        (dt.timedelta(hours=13), "højst vare 12 timer"),
    ],
)
def test_bad_times_are_refused(cast, clarification, when, shift, message):
    _cohort, (enrolment, _other) = clarification
    with pytest.raises(ValidationError, match=message):
        services.conversation_plan(
            enrolment=enrolment,
            kind="leader_before",
            starts_at=when[0],
            ends_at=when[0] + shift,
            by=cast.leader.user,
        )
    assert not Conversation.objects.exists()
    assert not ConversationAttendee.objects.exists()


def test_kind_must_belong_to_the_programme(cast, clarification, when):
    _cohort, (enrolment, _other) = clarification
    with pytest.raises(ValidationError, match="hører ikke til"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="midway",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.leader.user,
        )


def test_task_followup_needs_a_task(cast, clarification, when):
    _cohort, (enrolment, _other) = clarification
    with pytest.raises(ValidationError, match="praksisopgave"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="task_followup",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.leader.user,
        )


def test_participant_must_attend_and_only_once(cast, clarification, when):
    _cohort, (enrolment, _other) = clarification
    with pytest.raises(ValidationError, match="Deltageren skal være med"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="leader_before",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.leader.user,
            attendees=[(cast.leader, "leader")],
        )
    with pytest.raises(ValidationError, match="én rolle"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="leader_before",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.leader.user,
            attendees=[(cast.aspirant, "participant"), (cast.aspirant, "leader")],
        )


def test_trainee_start_part1_checks_the_prerequisite_and_has_three_roles(cast, trainee, when):
    from lederspor.programmes.models import Enrolment
    from lederspor.site.testing import make_cohort

    _cohort, (enrolment,) = trainee
    with pytest.raises(ValidationError, match="persontest"):
        services.conversation_plan(
            enrolment=enrolment,
            kind="start_part1",
            starts_at=when[0],
            ends_at=when[1],
            by=cast.consultant.user,
        )
    assert not Conversation.objects.exists()
    # seed 003: a completed Leder på spring in Lederspor exempts the trainee
    _c, (done,) = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant],
        starts_in_days=-200,
        length_days=100,
    )
    Enrolment.objects.filter(pk=done.pk).update(status=Enrolment.Status.COMPLETED)
    c = services.conversation_plan(
        enrolment=enrolment,
        kind="start_part1",
        starts_at=when[0],
        ends_at=when[1],
        by=cast.consultant.user,
        is_joint_meeting=True,
    )
    assert _roles(c) == {
        (cast.aspirant.pk, "participant"),
        (cast.leader.pk, "leader"),
        (cast.consultant.pk, "consultant"),
    }
    assert c.is_joint_meeting


def test_task_followup_planned_from_the_task(cast, as_, templates, when):
    from django.urls import reverse

    from lederspor.catalogue.models import TaskAssignment
    from lederspor.site.testing import make_cohort

    _cohort, (enrolment,) = make_cohort(
        "aspirant", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    task = TaskAssignment.objects.create(
        enrolment=enrolment,
        title="Led et personalemøde",
        learning_goal="Tydelighed",
        status=TaskAssignment.Status.DONE,
        proposed_by=cast.aspirant,
    )
    detail = as_(cast.leader).get(reverse("catalogue:assignment_detail", args=[task.pk]))
    url = reverse("conversations:plan_task", args=[task.pk])
    assert url in detail.content.decode()
    assert as_(cast.outsider).get(url).status_code == 404
    assert as_(cast.chef).get(url).status_code == 403
    day = when[0].date().isoformat()
    response = as_(cast.leader).post(
        url, {"kind": "task_followup", "day": day, "starts": "09:00", "ends": "09:45"}
    )
    assert response.status_code == 302
    c = Conversation.objects.get()
    assert c.task_assignment == task and c.kind == "task_followup"
    assert _roles(c) == {(cast.aspirant.pk, "participant"), (cast.leader.pk, "leader")}
