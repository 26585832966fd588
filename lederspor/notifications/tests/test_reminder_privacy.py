"""Subjects and bodies of reminders never carry the content of a conversation or an agreed
action (issue #15 §4): the action reminder says "en aftale fra jeres samtale den …" with a link.
Every reminder kind of a conversation is queued and delivered by the real worker with a
distinctive text in the conversation's minutes and its action."""

import datetime as dt

import time_machine
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from lederspor.conversations.calendar import conversation_invite, conversation_url
from lederspor.conversations.content import load_conversation_templates
from lederspor.conversations.models import (
    AgreedAction,
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationTemplate,
)
from lederspor.conversations.tasks import action_reminder_schedule, conversation_reminders_schedule
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker

ACTION = "Find en vært til karrieresamtalen hos Zebrafinken"
NOTES = "Referat: Anna overvejer at søge væk fra Papegøjehuset"


def _at(day, hour):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_no_reminder_carries_the_conversation_or_the_action(cast):
    load_conversation_templates()
    template = ConversationTemplate.objects.get(kind=ConversationKind.MIDWAY)
    enrolment = cast.cohort.enrolments.get(person=cast.aspirant)
    day = timezone.localdate() + dt.timedelta(days=7)
    conversation = Conversation.objects.create(
        enrolment=enrolment,
        template_version=template.versions.order_by("-number").first(),
        kind=ConversationKind.MIDWAY,
        starts_at=_at(day, 10),
        ends_at=_at(day, 11),
        place="Mødelokale 2",
        organiser=cast.consultant,
        notes=NOTES,
    )
    for person, role in (
        (cast.aspirant, AttendeeRole.PARTICIPANT),
        (cast.leader, AttendeeRole.LEADER),
        (cast.consultant, AttendeeRole.CONSULTANT),
    ):
        ConversationAttendee.objects.create(conversation=conversation, person=person, role=role)
    due = day + dt.timedelta(days=14)
    on_time = AgreedAction.objects.create(
        conversation=conversation, text=ACTION, owner=cast.aspirant, due_on=due
    )
    late = AgreedAction.objects.create(
        conversation=conversation, text=ACTION + " (2)", owner=cast.leader, due_on=due
    )
    conversation_invite(conversation)
    conversation_reminders_schedule(conversation)
    action_reminder_schedule(on_time)
    run_worker()  # the invitation, sent before the conversation (never after it: issue #14 §2)
    with time_machine.travel(_at(day + dt.timedelta(days=1), 8), tick=False):
        run_worker()  # the "not held" reminder
    with time_machine.travel(_at(due, 8), tick=False):
        run_worker()  # the action due today
    action_reminder_schedule(late)
    with time_machine.travel(_at(due + dt.timedelta(days=3), 9), tick=False):
        run_worker()  # an overdue action (the worker was down on the day)
    kinds = set(OutgoingEmail.objects.values_list("kind", flat=True))
    assert kinds == {
        "conversations.invite",
        "conversations.not_held",
        "conversations.action_due",
    }
    assert len(mail.outbox) == OutgoingEmail.objects.count() == 3 + 2 + 1 + 1
    for message in mail.outbox:
        html = "".join(c for c, mime in message.alternatives if mime == "text/html")
        for secret in ("Zebrafinken", "Papegøjehuset", "karrieresamtalen"):
            assert secret not in message.subject, message.subject
            assert secret not in message.body, message.body
            assert secret not in html
    for row in OutgoingEmail.objects.all():  # as stored and shown on the e-mail page
        assert "Zebrafinken" not in row.subject + row.body + row.html_body
    reminders = [m for m in mail.outbox if "Påmindelse" in m.subject]
    assert len(reminders) == 2
    held = date_format(day)
    for message in reminders:
        assert f"en aftale fra jeres samtale den {held}" in message.body
        assert conversation_url(conversation) in message.body.split()
