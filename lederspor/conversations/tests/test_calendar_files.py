"""Conversation invitations as calendars read them (issue #14 §2): private (CLASS:PRIVATE), UTF-8
("Ø" and "–" arrive as themselves), every attendee asked to answer, a UID that does not follow the
host name, a move that replaces the entry — and no invitation at all for a conversation that has
already ended (planned afterwards to record it). Planned through the real services, delivered
by the real worker, read back from the bytes of the sent messages."""

import datetime as dt

import time_machine
from django.core import mail

from lederspor.conversations import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.tasks import MEETING_ENDED
from lederspor.notifications.testing import calendar_parts, event_of, run_worker


def deliver() -> list:
    mail.outbox.clear()
    run_worker()
    return list(mail.outbox)


def _with_danish_name(cast):
    cast.aspirant.last_name = "Østergård"
    cast.aspirant.save(update_fields=["last_name"])


def test_a_planned_conversation_is_a_private_utf8_invitation(cast, clarification, plan, settings):
    settings.SITE_URL = "https://lederspor.kommune.dk"
    _with_danish_name(cast)
    _cohort, (enrolment, _other) = clarification
    enrolment.person.refresh_from_db()
    c = plan(enrolment, "leader_before", place="Lokale Æble – 2. sal")
    sent = deliver()
    assert sorted(m.to[0] for m in sent) == sorted([cast.aspirant.email, cast.leader.email])
    for message in sent:
        for _part, calendar in calendar_parts(message).values():
            event = event_of(calendar)
            summary = str(event["summary"])
            assert "Ø" in summary and "–" in summary, summary
            assert summary.endswith("– Anna Østergård")
            assert str(event["location"]) == "Lokale Æble – 2. sal"
            assert str(event["class"]) == "PRIVATE"
            assert str(event["uid"]) == f"conversations.conversation-{c.pk}@lederspor"
            assert int(event["sequence"]) == 0
            assert str(event["organizer"]).startswith("mailto:")
            attendees = {str(a): a.params for a in event["attendee"]}
            assert set(attendees) == {
                f"mailto:{cast.aspirant.email}",
                f"mailto:{cast.leader.email}",
            }
            for params in attendees.values():
                assert params["RSVP"] == "TRUE"
                assert params["PARTSTAT"] == "NEEDS-ACTION"
                assert params["ROLE"] == "REQ-PARTICIPANT"
            assert attendees[f"mailto:{cast.aspirant.email}"]["CN"] == "Anna Østergård"


def test_a_moved_conversation_replaces_the_entry_and_a_cancelled_one_removes_it(
    cast, clarification, plan, when
):
    _cohort, (enrolment, _other) = clarification
    c = plan(enrolment, "leader_before")
    first = event_of(calendar_parts(deliver()[0])["attachment"][1])
    c = services.conversation_reschedule(
        conversation=c,
        starts_at=when[0] + dt.timedelta(days=1),
        ends_at=when[1] + dt.timedelta(days=1),
        place="Et andet lokale",
        expected_version=c.version,
        by=cast.leader.user,
    )
    calendar = calendar_parts(deliver()[0])["attachment"][1]
    moved = event_of(calendar)
    assert str(calendar["method"]) == "REQUEST"
    assert str(moved["uid"]) == str(first["uid"])
    assert int(moved["sequence"]) == 1
    assert moved.decoded("dtstart") == when[0] + dt.timedelta(days=1)
    services.conversation_cancel(conversation=c, expected_version=c.version, by=cast.leader.user)
    calendar = calendar_parts(deliver()[0])["alternative"][1]
    cancelled = event_of(calendar)
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert str(cancelled["uid"]) == str(first["uid"])
    assert int(cancelled["sequence"]) == 2


def test_a_conversation_planned_after_it_ended_sends_no_invitation(cast, clarification, plan):
    _cohort, (enrolment, _other) = clarification
    c = plan(enrolment, "leader_before", past=True)
    assert not OutgoingEmail.objects.filter(about=f"conversations.conversation:{c.pk}").exists()
    # no invitation (the reminder that it is not registered as held may come: its date is past)
    assert not [m for m in deliver() if "text/calendar" in m.message().as_string()]
    # cancelling it afterwards tells nobody either
    services.conversation_cancel(conversation=c, expected_version=c.version, by=cast.leader.user)
    assert deliver() == []


def test_an_invitation_not_sent_before_the_conversation_ended_is_never_sent(
    cast, clarification, plan, when
):
    _cohort, (enrolment, _other) = clarification
    c = plan(enrolment, "leader_before")  # queued while the worker is stopped
    mail.outbox.clear()
    with time_machine.travel(when[1] + dt.timedelta(hours=1)):
        run_worker()
    assert [m for m in mail.outbox if "invitation.ics" in str(m.attachments)] == []
    invitations = OutgoingEmail.objects.filter(
        kind="conversations.invite", about=f"conversations.conversation:{c.pk}"
    )
    assert invitations.count() == 2
    assert {e.status for e in invitations} == {OutgoingEmail.Status.EXPIRED}
    assert {e.last_error for e in invitations} == {str(MEETING_ENDED)}
