"""Conversation invitations (.ics through the worker) and the reminders for a conversation not
held by its date and an agreed action due (issue #3 §6), with the clock moved by `time_machine`.

Conversation rows are made directly (the planning service is another app's), then the contract
functions `conversation_invite`, `conversation_reminders_schedule` and `action_reminder_schedule`
are called as the services do."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from icalendar import Calendar

from lederspor.conversations.calendar import conversation_invite, conversation_url
from lederspor.conversations.content import load_conversation_templates
from lederspor.conversations.models import (
    AgreedAction,
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationStatus,
    ConversationTemplate,
)
from lederspor.conversations.tasks import (
    action_reminder_schedule,
    conversation_reminders_schedule,
)
from lederspor.notifications.testing import run_worker
from lederspor.site.testing import make_cohort


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`hour` o'clock local time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def deliver_at(moment: dt.datetime) -> list:
    """Run the worker with the clock at `moment`; return the e-mails sent then."""
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        run_worker()
    return list(mail.outbox)


def deliver_now() -> list:
    mail.outbox.clear()
    run_worker()
    return list(mail.outbox)


def ics_of(message) -> Calendar:
    """The parsed text/calendar alternative of a sent message."""
    (content,) = [c for c, mime in message.alternatives if mime.startswith("text/calendar")]
    return Calendar.from_ical(content)


def event_of(cal: Calendar):
    (event,) = [c for c in cal.walk() if c.name == "VEVENT"]
    return event


@pytest.fixture
def day():
    return timezone.localdate() + dt.timedelta(days=7)


@pytest.fixture
def conversation(cast, day):
    load_conversation_templates()
    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    template = ConversationTemplate.objects.get(kind=ConversationKind.MIDWAY)
    c = Conversation.objects.create(
        enrolment=enrolment,
        template_version=template.versions.order_by("-number").first(),
        kind=ConversationKind.MIDWAY,
        starts_at=at(day, 10),
        ends_at=at(day, 11),
        place="Mødelokale 2",
        organiser=cast.consultant,
    )
    for person, role in (
        (cast.aspirant, AttendeeRole.PARTICIPANT),
        (cast.leader, AttendeeRole.LEADER),
        (cast.consultant, AttendeeRole.CONSULTANT),
    ):
        ConversationAttendee.objects.create(conversation=c, person=person, role=role)
    return c


ATTENDEES = ("aspirant", "leader", "consultant")


def emails(cast, *names) -> list[list[str]]:
    return sorted([getattr(cast, n).email] for n in names)


# --- invitations ---------------------------------------------------------------------------


def test_invitation_goes_to_every_attendee_with_a_request(cast, conversation):
    conversation_invite(conversation)
    assert mail.outbox == []  # nothing in the request: only the worker sends
    sent = deliver_now()
    assert sorted(m.to for m in sent) == emails(cast, *ATTENDEES)
    for message in sent:
        assert "Midtvejssamtale" in message.subject and "Anna Aspirant" in message.subject
        assert "Mødelokale 2" in message.body
        cal = ics_of(message)
        assert str(cal["METHOD"]) == "REQUEST"
        event = event_of(cal)
        assert str(event["UID"]).startswith(f"conversations.conversation-{conversation.pk}@")
        assert int(event["SEQUENCE"]) == 0
        assert str(event["STATUS"]) == "CONFIRMED"
        assert str(event["LOCATION"]) == "Mødelokale 2"
        assert event.decoded("DTSTART") == conversation.starts_at
        assert sorted(str(a) for a in event.get("ATTENDEE")) == sorted(
            f"mailto:{getattr(cast, n).email}" for n in ATTENDEES
        )


def test_a_moved_conversation_keeps_its_uid_with_a_higher_sequence(cast, conversation, day):
    conversation_invite(conversation)
    first = deliver_now()
    conversation.starts_at, conversation.ends_at = at(day, 13), at(day, 14)
    conversation.ics_sequence += 1
    conversation.save()
    conversation_invite(conversation)
    second = deliver_now()
    assert len(second) == 3
    old, new = event_of(ics_of(first[0])), event_of(ics_of(second[0]))
    assert str(old["UID"]) == str(new["UID"])
    assert int(new["SEQUENCE"]) == 1
    assert new.decoded("DTSTART") == at(day, 13)
    assert second[0].subject.startswith("Ændret:")


def test_a_cancelled_conversation_sends_cancel(cast, conversation):
    conversation.status = ConversationStatus.CANCELLED
    conversation.ics_sequence = 2
    conversation.save()
    conversation_invite(conversation, method="CANCEL")
    sent = deliver_now()
    assert sorted(m.to for m in sent) == emails(cast, *ATTENDEES)
    cal = ics_of(sent[0])
    assert str(cal["METHOD"]) == "CANCEL"
    event = event_of(cal)
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2
    assert sent[0].subject.startswith("Aflyst:")
    assert "aflyst" in sent[0].body


def test_a_bad_method_is_refused(conversation):
    with pytest.raises(ValueError):
        conversation_invite(conversation, method="PUBLISH")


def test_a_rolled_back_plan_queues_nothing(cast, conversation):
    with pytest.raises(RuntimeError), transaction.atomic():
        conversation_invite(conversation)
        raise RuntimeError
    assert deliver_now() == []


# --- "not held by its date" ----------------------------------------------------------------


NOT_HELD = "Samtalen er ikke registreret som afholdt"


def test_not_held_reminder_is_sent_once_the_morning_after(cast, conversation, day):
    conversation_reminders_schedule(conversation)
    assert deliver_at(at(day, 18)) == []  # the day itself: nothing
    assert deliver_at(at(day + dt.timedelta(days=1), 6, 59)) == []  # before 07:00
    sent = deliver_at(at(day + dt.timedelta(days=1), 7, 1))
    # the organiser (consultant) and the participant, not the leader
    assert sorted(m.to for m in sent) == emails(cast, "aspirant", "consultant")
    for message in sent:
        assert NOT_HELD in message.subject
        assert NOT_HELD in message.body
        assert date_format(day) in message.body  # the locale's DATE_FORMAT, not %d.%m.%Y
    conversation.refresh_from_db()
    assert conversation.not_held_reminded_on == day
    assert deliver_at(at(day + dt.timedelta(days=1), 12)) == []
    assert deliver_at(at(day + dt.timedelta(days=3), 8)) == []


def test_scheduling_twice_still_sends_once(cast, conversation, day):
    conversation_reminders_schedule(conversation)
    conversation_reminders_schedule(conversation)
    assert len(deliver_at(at(day + dt.timedelta(days=1), 8))) == 2


def test_a_held_conversation_gets_no_reminder(cast, conversation, day):
    conversation_reminders_schedule(conversation)
    conversation.status = ConversationStatus.HELD
    conversation.held_at = at(day, 11)
    conversation.save()
    assert deliver_at(at(day + dt.timedelta(days=1), 8)) == []


def test_a_cancelled_conversation_gets_no_reminder(cast, conversation, day):
    conversation_reminders_schedule(conversation)
    Conversation.objects.filter(pk=conversation.pk).update(status=ConversationStatus.CANCELLED)
    assert deliver_at(at(day + dt.timedelta(days=1), 8)) == []


def test_a_moved_conversation_is_reminded_after_the_new_date_only(cast, conversation, day):
    conversation_reminders_schedule(conversation)
    new_day = day + dt.timedelta(days=5)
    conversation.starts_at, conversation.ends_at = at(new_day, 9), at(new_day, 10)
    conversation.save()
    conversation_reminders_schedule(conversation)
    assert deliver_at(at(day + dt.timedelta(days=1), 8)) == []
    sent = deliver_at(at(new_day + dt.timedelta(days=1), 8))
    assert sorted(m.to for m in sent) == emails(cast, "aspirant", "consultant")
    assert date_format(new_day) in sent[0].body


def test_participant_who_organised_gets_one_reminder(cast, conversation, day):
    conversation.organiser = cast.aspirant
    conversation.save()
    conversation_reminders_schedule(conversation)
    assert [m.to for m in deliver_at(at(day + dt.timedelta(days=1), 8))] == [[cast.aspirant.email]]


# --- agreed actions --------------------------------------------------------------------------


@pytest.fixture
def action(cast, conversation, day):
    return AgreedAction.objects.create(
        conversation=conversation,
        text="Læs om situationsbestemt ledelse",
        owner=cast.aspirant,
        due_on=day + dt.timedelta(days=14),
    )


def test_action_reminder_goes_to_the_owner_on_the_due_date_once(cast, action):
    action_reminder_schedule(action)
    due = action.due_on
    assert deliver_at(at(due - dt.timedelta(days=1), 12)) == []
    assert deliver_at(at(due, 6, 30)) == []
    sent = deliver_at(at(due, 7, 5))
    assert [m.to for m in sent] == [[cast.aspirant.email]]
    assert "Påmindelse" in sent[0].subject
    # the action is private to the conversation: neither subject nor body carries it (issue
    # #15 §4); the body names the conversation's date and links to it
    html = {mime: content for content, mime in sent[0].alternatives}["text/html"]
    assert action.text not in sent[0].subject + sent[0].body + html
    held = date_format(timezone.localdate(action.conversation.starts_at))
    assert f"en aftale fra jeres samtale den {held}" in sent[0].body
    assert conversation_url(action.conversation) in sent[0].body.split()
    named = danish_day(due)
    assert f"frist {named} (i dag)" in sent[0].subject
    assert "overskredet" not in sent[0].subject + sent[0].body
    assert f"er i dag, {named} {due.year}" in sent[0].body
    action.refresh_from_db()
    assert action.reminded_on == due
    assert deliver_at(at(due, 15)) == []
    assert deliver_at(at(due + dt.timedelta(days=1), 8)) == []


def danish_day(day: dt.date) -> str:
    """'21. november' for 21 November: the locale's MONTH_DAY_FORMAT, as the mail writes it."""
    return date_format(day, "MONTH_DAY_FORMAT")


def test_a_late_action_reminder_names_the_due_date_and_says_overdue(cast, action):
    """The worker was down on the due date: the reminder sent days later must not say "i dag"."""
    action_reminder_schedule(action)
    due = action.due_on
    sent = deliver_at(at(due + dt.timedelta(days=3), 9))
    assert [m.to for m in sent] == [[cast.aspirant.email]]
    (message,) = sent
    named = danish_day(due)
    assert f"frist {named} er overskredet" in message.subject
    assert f"var {named} {due.year} og er overskredet" in message.body
    assert "i dag" not in message.subject + message.body
    assert action.text not in message.subject + message.body
    assert deliver_at(at(due + dt.timedelta(days=4), 9)) == []


def test_a_done_action_gets_no_reminder(cast, action):
    action_reminder_schedule(action)
    action.done_at = timezone.now()
    action.save()
    assert deliver_at(at(action.due_on, 8)) == []


def test_a_moved_action_is_reminded_on_the_new_date_only(cast, action):
    action_reminder_schedule(action)
    old_due = action.due_on
    action.due_on = old_due + dt.timedelta(days=3)
    action.save()
    action_reminder_schedule(action)
    assert deliver_at(at(old_due, 8)) == []
    assert [m.to for m in deliver_at(at(action.due_on, 8))] == [[cast.aspirant.email]]


def test_an_action_without_due_date_is_not_scheduled(cast, action):
    action.due_on = None
    action.save()
    action_reminder_schedule(action)
    assert deliver_at(timezone.now() + dt.timedelta(days=365)) == []


# --- through the planning service ------------------------------------------------------------


def test_planning_a_trainee_start_conversation_needs_the_prerequisite_then_invites(cast, day):
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    from lederspor.conversations.services import conversation_plan
    from lederspor.trainee.models import PersonalityTest

    load_conversation_templates()
    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    plan = {
        "enrolment": enrolment,
        "kind": ConversationKind.START_PART1,
        "starts_at": at(day, 9),
        "ends_at": at(day, 10),
        "place": "HR-huset",
        "by": cast.consultant.user,
    }
    with pytest.raises(ValidationError, match="persontest"):
        conversation_plan(**plan)
    assert deliver_now() == []
    PersonalityTest.objects.create(
        enrolment=enrolment,
        taken_on=timezone.localdate() - dt.timedelta(days=9),
        feedback_given_on=timezone.localdate() - dt.timedelta(days=2),
        feedback_by=cast.consultant,
    )
    conversation = conversation_plan(**plan)
    sent = deliver_now()
    assert sorted(m.to for m in sent) == emails(cast, *ATTENDEES)
    link = reverse("conversations:detail", args=[conversation.pk])
    assert all(link in m.body for m in sent)
    assert str(event_of(ics_of(sent[0]))["UID"]).startswith(
        f"conversations.conversation-{conversation.pk}@"
    )
    reminded = deliver_at(at(day + dt.timedelta(days=1), 8))
    assert sorted(m.to for m in reminded) == emails(cast, "aspirant", "consultant")
