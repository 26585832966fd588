"""Session invitations as calendars read them (issue #14 §2): UTF-8 text, attendees asked to
answer, a UID that does not follow the host name, a move that replaces the entry, and a
withdrawn participant's calendar cleared of the cohort's coming sessions (METHOD:CANCEL, same
UID, higher SEQUENCE). Real services, the real worker, the sent messages parsed from bytes."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lederspor.notifications.testing import calendar_parts, event_of, run_worker
from lederspor.programmes import services
from lederspor.programmes.models import Session

THEME = "Økonomi – styring i praksis"


def deliver() -> list:
    mail.outbox.clear()
    run_worker()
    return list(mail.outbox)


def at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def create(cast, days: int, theme: str = THEME) -> Session:
    return services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme=theme,
        starts_at=at(days, 9),
        ends_at=at(days, 12),
        place="Rådhuset – lokale 1",
        by=cast.consultant.user,
    )


def only(messages, person):
    (message,) = [m for m in messages if m.to == [person.email]]
    return message


def test_a_session_invitation_reads_in_utf8_and_asks_everyone_to_answer(cast, settings):
    settings.SITE_URL = "https://lederspor.kommune.dk"
    session = create(cast, 5)
    message = only(deliver(), cast.aspirant)
    for _part, calendar in calendar_parts(message).values():
        event = event_of(calendar)
        assert str(event["summary"]) == f"{cast.cohort.name}: {THEME}"
        assert str(event["location"]) == "Rådhuset – lokale 1"
        assert str(event["uid"]) == f"programmes.session-{session.pk}@lederspor"
        assert "class" not in event  # a course session is not private
        assert str(event["organizer"]).startswith("mailto:")
        attendees = event["attendee"]
        assert len(attendees) == 3
        assert all(a.params["RSVP"] == "TRUE" for a in attendees)
        assert all(a.params["PARTSTAT"] == "NEEDS-ACTION" for a in attendees)
        assert {a.params["CN"] for a in attendees} >= {cast.aspirant.full_name}
    assert "Økonomi – styring" in message.subject


def test_moving_a_session_replaces_the_entry(cast):
    session = create(cast, 5)
    first = event_of(calendar_parts(only(deliver(), cast.aspirant))["attachment"][1])
    services.session_update(
        session=session,
        expected_version=session.version,
        by=cast.consultant.user,
        starts_at=at(6, 9),
        ends_at=at(6, 12),
    )
    calendar = calendar_parts(only(deliver(), cast.aspirant))["attachment"][1]
    moved = event_of(calendar)
    assert str(calendar["method"]) == "REQUEST"
    assert str(moved["uid"]) == str(first["uid"])
    assert int(moved["sequence"]) > int(first["sequence"])
    assert moved.decoded("dtstart") == at(6, 9)


def test_a_withdrawn_participant_gets_cancel_for_the_coming_sessions_only(cast):
    past = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Forbi",
        starts_at=at(-2, 9),
        ends_at=at(-2, 12),
    )
    coming = [create(cast, 5), create(cast, 9, theme="Ledelse – næste skridt")]
    invited = {
        str(event_of(calendar_parts(m)["alternative"][1])["uid"]): event_of(
            calendar_parts(m)["alternative"][1]
        )
        for m in deliver()
        if m.to == [cast.aspirant.email]
    }
    assert len(invited) == 2

    services.enrolment_withdraw(enrolment=cast.enrolment, by=cast.admin, reason="Nyt job")
    sent = deliver()
    assert [m.to for m in sent] == [[cast.aspirant.email]] * 2  # nobody else is told
    for message, session in zip(sent, coming, strict=True):
        session.refresh_from_db()
        assert message.subject.startswith("Fjernet fra din kalender:")
        assert "ikke længere tilmeldt holdet" in message.body
        for _part, calendar in calendar_parts(message).values():
            assert str(calendar["method"]) == "CANCEL"
            event = event_of(calendar)
            before = invited[str(event["uid"])]
            assert str(event["uid"]) == f"programmes.session-{session.pk}@lederspor"
            assert str(event["status"]) == "CANCELLED"
            assert int(event["sequence"]) == session.ics_sequence > int(before["sequence"])
            assert str(event["attendee"]) == f"mailto:{cast.aspirant.email}"  # the one attendee
    past.refresh_from_db()
    assert past.ics_sequence == 0  # the past session is left alone

    # the others' next update is still newer than anything the withdrawn person saw
    services.session_update(
        session=coming[0],
        expected_version=coming[0].version,
        by=cast.consultant.user,
        place="Dokk1",
    )
    update = deliver()
    assert cast.aspirant.email not in [m.to[0] for m in update]
    event = event_of(calendar_parts(update[0])["attachment"][1])
    assert int(event["sequence"]) == 2


def test_withdrawing_a_nomination_sends_nothing(cast):
    from lederspor.programmes.models import Enrolment

    create(cast, 5)
    deliver()
    nominee = Enrolment.objects.create(
        cohort=cast.cohort, person=cast.colleague, status=Enrolment.Status.NOMINATED
    )
    services.enrolment_withdraw(enrolment=nominee, by=cast.admin, reason="Fortrudt")
    assert deliver() == []


def test_withdrawal_needs_a_reason_and_then_cancels_nothing(cast):
    from django.core.exceptions import ValidationError

    create(cast, 5)
    deliver()
    with pytest.raises(ValidationError):
        services.enrolment_withdraw(enrolment=cast.enrolment, by=cast.admin, reason=" ")
    assert deliver() == []
