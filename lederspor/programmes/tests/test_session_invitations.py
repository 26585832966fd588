"""Session invitations (issue #3 §6): creating a session invites the cohort's seated
participants and consultants (METHOD:REQUEST), moving it re-sends with the same UID and a higher
SEQUENCE, deleting it sends CANCEL, and someone enrolled later gets the upcoming sessions. Real
messages from the worker; the .ics parsed with icalendar."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from lederspor.notifications.testing import run_worker
from lederspor.programmes import services
from lederspor.programmes.models import Enrolment, Session


def deliver() -> list:
    mail.outbox.clear()
    run_worker()
    return list(mail.outbox)


def event_of(message):
    (content,) = [c for c, mime in message.alternatives if mime.startswith("text/calendar")]
    cal = Calendar.from_ical(content)
    (event,) = [c for c in cal.walk() if c.name == "VEVENT"]
    return cal, event


def at(days: int, hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def session(cast):
    return services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværksmøde om feedback",
        starts_at=at(5, 9),
        ends_at=at(5, 12),
        place="Rådhuset, lokale 1",
        by=cast.consultant.user,
    )


EVERYONE = ("aspirant", "other_aspirant", "consultant")


def addresses(cast, names=EVERYONE) -> list[list[str]]:
    return sorted([getattr(cast, n).email] for n in names)


def test_creating_a_session_invites_participants_and_consultants(cast, session):
    assert mail.outbox == []
    sent = deliver()
    assert sorted(m.to for m in sent) == addresses(cast)
    for message in sent:
        day = at(5, 9)
        month = (
            "januar februar marts april maj juni juli august september oktober november december"
        )
        named = f"{day.day}. {month.split()[day.month - 1]} {day.year}"
        assert message.subject == f"Invitation: Netværksmøde om feedback {named}"
        assert "Rådhuset, lokale 1" in message.body
        cal, event = event_of(message)
        assert str(cal["METHOD"]) == "REQUEST"
        assert str(event["UID"]).startswith(f"programmes.session-{session.pk}@")
        assert int(event["SEQUENCE"]) == 0
        assert event.decoded("DTSTART") == at(5, 9)
        assert sorted(str(a) for a in event.get("ATTENDEE")) == sorted(
            f"mailto:{getattr(cast, n).email}" for n in EVERYONE
        )


def test_nominated_and_withdrawn_people_are_not_invited(cast):
    services.enrolment_withdraw(enrolment=cast.other_enrolment, by=cast.admin, reason="Flyttet")
    services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Netværk",
        starts_at=at(5, 9),
        ends_at=at(5, 12),
        by=cast.consultant.user,
    )
    assert sorted(m.to for m in deliver()) == addresses(cast, ("aspirant", "consultant"))


def test_moving_a_session_bumps_the_sequence_and_keeps_the_uid(cast, session):
    first = deliver()
    services.session_update(
        session=session,
        expected_version=session.version,
        by=cast.consultant.user,
        starts_at=at(6, 9),
        ends_at=at(6, 12),
    )
    session.refresh_from_db()
    assert session.ics_sequence == 1
    second = deliver()
    assert sorted(m.to for m in second) == addresses(cast)
    _cal, old = event_of(first[0])
    cal, new = event_of(second[0])
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(new["UID"]) == str(old["UID"])
    assert int(new["SEQUENCE"]) == 1
    assert new.decoded("DTSTART") == at(6, 9)
    assert second[0].subject.startswith("Ændret:")


def test_a_new_place_is_a_change_too(cast, session):
    deliver()
    services.session_update(
        session=session, expected_version=session.version, by=cast.consultant.user, place="Dokk1"
    )
    sent = deliver()
    assert len(sent) == 3
    assert str(event_of(sent[0])[1]["LOCATION"]) == "Dokk1"
    assert int(event_of(sent[0])[1]["SEQUENCE"]) == 1


def test_a_new_theme_only_sends_nothing(cast, session):
    deliver()
    services.session_update(
        session=session, expected_version=session.version, by=cast.consultant.user, theme="Nyt tema"
    )
    session.refresh_from_db()
    assert session.ics_sequence == 0
    assert deliver() == []


def test_deleting_a_session_sends_cancel(cast, session):
    deliver()
    uid = f"programmes.session-{session.pk}@"
    services.session_delete(session=session, by=cast.consultant.user)
    sent = deliver()
    assert sorted(m.to for m in sent) == addresses(cast)
    cal, event = event_of(sent[0])
    assert str(cal["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]).startswith(uid)
    assert int(event["SEQUENCE"]) == 1
    assert sent[0].subject.startswith("Aflyst:")


def test_a_past_session_sends_nothing(cast):
    services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Allerede holdt",
        starts_at=at(-2, 9),
        ends_at=at(-2, 12),
        by=cast.consultant.user,
    )
    assert deliver() == []


def test_someone_enrolled_later_gets_the_upcoming_sessions(cast, session):
    services.session_create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Holdt for længe siden",
        starts_at=at(-3, 9),
        ends_at=at(-3, 12),
        by=cast.consultant.user,
    )
    deliver()
    nomination = services.enrolment_nominate(
        cohort=cast.cohort,
        person=cast.colleague,
        nominated_by=cast.leader,
        motivation="Klar",
        by=cast.leader.user,
    )
    assert deliver() == []  # a nomination is not a seat
    services.enrolment_approve(
        enrolment=nomination, decided_by=cast.consultant, by=cast.consultant.user
    )
    sent = deliver()
    assert [m.to for m in sent] == [[cast.colleague.email]]
    _cal, event = event_of(sent[0])
    assert str(event["UID"]).startswith(f"programmes.session-{session.pk}@")
    assert Enrolment.objects.get(pk=nomination.pk).status == Enrolment.Status.ENROLLED
