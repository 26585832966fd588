"""Calendar files that work everywhere (issue #14 §2): the .ics parts are UTF-8 with charset once
in the Content-Type, every attendee is asked to answer, the UID does not depend on the host name,
and an invitation to a meeting that has ended is never sent. Read back from the bytes of the
messages the real worker sent (`testing.calendar_parts`)."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from lederspor.notifications import services
from lederspor.notifications.ics import (
    CANCEL,
    Invitation,
    build_ics,
    calendar_has_ended,
    stable_uid,
)
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.tasks import MEETING_ENDED
from lederspor.notifications.testing import calendar_parts, event_of, run_worker

SUMMARY = "Økonomi – opfølgning på Ærø"


def _invitation(cast, *, days=3, private=False, sequence=0):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=days)
    return Invitation(
        uid=stable_uid(cast.cohort),
        sequence=sequence,
        summary=SUMMARY,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location="Rådhuset – lokale Ø",
        attendees=[
            (cast.leader.full_name, cast.leader.email),
            ("Søren Ørsted, HR", "soeren@test.dk"),
        ],
        private=private,
    )


def _send(cast, ics_text):
    services.email_queue(to=cast.leader, subject="Invitation", body="Se", kind="test", ics=ics_text)
    mail.outbox.clear()
    run_worker()
    (message,) = mail.outbox
    return calendar_parts(message)


@pytest.mark.parametrize("method", ["REQUEST", CANCEL])
def test_both_calendar_parts_are_utf8_with_charset_named_once(cast, method):
    parts = _send(cast, build_ics(_invitation(cast), method=method))
    for part, calendar in parts.values():
        event = event_of(calendar)
        assert str(event["summary"]) == SUMMARY
        assert "Ø" in str(event["summary"]) and "–" in str(event["summary"])
        assert str(event["location"]) == "Rådhuset – lokale Ø"
        assert str(calendar["method"]) == method
        raw = part.get_payload(decode=True)
        assert "Ø".encode() in raw and "–".encode() in raw
        assert b"\\u2013" not in raw and b"\xd8" not in raw.replace("Ø".encode(), b"")
    alternative, _calendar = parts["alternative"]
    content_type = alternative["Content-Type"]
    assert content_type.lower().count("charset") == 1, content_type
    assert alternative.get_content_charset() == "utf-8"
    assert alternative.get_param("method") == method
    attachment, _calendar = parts["attachment"]
    assert attachment.get_content_type() == "application/ics"
    assert attachment.get_content_disposition() == "attachment"


def test_every_attendee_is_asked_to_answer_and_the_organiser_is_lederspor(cast, settings):
    settings.DEFAULT_FROM_EMAIL = "Lederspor <lederspor@kommune.dk>"
    event = event_of(_send(cast, build_ics(_invitation(cast)))["alternative"][1])
    organizer = event["organizer"]
    assert str(organizer) == "mailto:lederspor@kommune.dk"
    assert str(organizer.params["CN"]) == "Lederspor"
    attendees = {str(a): a.params for a in event["attendee"]}
    assert set(attendees) == {f"mailto:{cast.leader.email}", "mailto:soeren@test.dk"}
    for params in attendees.values():
        assert params["RSVP"] == "TRUE"
        assert params["PARTSTAT"] == "NEEDS-ACTION"
        assert params["ROLE"] == "REQ-PARTICIPANT"
    assert attendees["mailto:soeren@test.dk"]["CN"] == "Søren Ørsted, HR"
    assert attendees[f"mailto:{cast.leader.email}"]["CN"] == cast.leader.full_name


def test_only_a_private_invitation_is_class_private(cast):
    private = event_of(_send(cast, build_ics(_invitation(cast, private=True)))["attachment"][1])
    assert str(private["class"]) == "PRIVATE"
    public = event_of(_send(cast, build_ics(_invitation(cast)))["attachment"][1])
    assert "class" not in public


def test_the_uid_does_not_follow_the_host_name(cast, settings):
    settings.SITE_URL = "https://lederspor.kommune.dk"
    first = stable_uid(cast.cohort)
    settings.SITE_URL = "http://nyserver.intern:8000"
    assert stable_uid(cast.cohort) == first == f"programmes.cohort-{cast.cohort.pk}@lederspor"
    settings.LEDERSPOR_CALENDAR_UID_DOMAIN = "lederspor.kommune.dk"
    assert stable_uid(cast.cohort) == f"programmes.cohort-{cast.cohort.pk}@lederspor.kommune.dk"
    assert stable_uid(cast.enrolment) != stable_uid(cast.other_enrolment)


def test_an_unsaved_object_has_no_uid(cast):
    from lederspor.programmes.models import Cohort

    with pytest.raises(ValueError):
        stable_uid(Cohort(name="Ikke gemt"))


def test_calendar_has_ended_reads_the_end(cast):
    assert not calendar_has_ended(build_ics(_invitation(cast, days=1)))
    assert calendar_has_ended(build_ics(_invitation(cast, days=-1)))
    with pytest.raises(ValueError):
        calendar_has_ended("ikke en kalender")


def test_email_send_queues_no_invitation_to_a_meeting_that_has_ended(cast):
    def send(days):
        return services.email_send(
            to=[cast.leader],
            template="programmes/email/session",
            context={},
            kind="test.invite",
            ics=build_ics(_invitation(cast, days=days)),
        )

    assert send(-1) == []
    assert not OutgoingEmail.objects.filter(kind="test.invite").exists()
    assert len(send(1)) == 1


def test_an_invitation_whose_meeting_ended_while_it_waited_is_not_sent(cast):
    invitation = _invitation(cast, days=1)
    email = services.email_queue(
        to=cast.leader, subject="Invitation", body="Se", kind="test", ics=build_ics(invitation)
    )
    plain = services.email_queue(to=cast.leader, subject="Hej", body="Hej", kind="test")
    mail.outbox.clear()
    with time_machine.travel(invitation.ends_at + dt.timedelta(minutes=1)):
        run_worker()
    assert [m.subject for m in mail.outbox] == ["Hej"]
    email.refresh_from_db()
    plain.refresh_from_db()
    assert email.status == OutgoingEmail.Status.EXPIRED
    assert email.last_error == str(MEETING_ENDED)
    assert plain.status == OutgoingEmail.Status.SENT


@pytest.mark.parametrize("method", ["REQUEST", CANCEL])
def test_the_calendar_part_is_labelled_as_outlook_and_gmail_label_theirs(cast, method):
    _send(cast, build_ics(_invitation(cast), method=method))
    raw = mail.outbox[0].message().as_bytes()
    label = f'Content-Type: text/calendar; charset="utf-8"; method={method}\n'.encode()
    assert raw.count(label) == 1
    assert raw.count(b"charset") == 2  # the text body's and the calendar's, once each


@pytest.mark.django_db
def test_expired_invitations_are_not_counted_as_failed_and_their_bodies_expire():
    """An invitation held back because its meeting ended is "expired", not "failed": the e-mail
    page's failed count leaves it out, and the retention rule blanks its body like a sent mail's."""
    from lederspor.notifications.services import expire_email_bodies

    email = OutgoingEmail.objects.create(
        to_address="a@example.org",
        subject="Invitation",
        body="Tekst",
        ics="BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n",
        kind="test.invite",
        status=OutgoingEmail.Status.EXPIRED,
    )
    assert not OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).exists()
    earlier = timezone.now() - dt.timedelta(days=1)
    assert expire_email_bodies(delivered_before=earlier, dry_run=False) == 0
    later = timezone.now() + dt.timedelta(days=1)
    assert expire_email_bodies(delivered_before=later, dry_run=True) == 1
    assert expire_email_bodies(delivered_before=later, dry_run=False) == 1
    email.refresh_from_db()
    assert (email.body, email.ics) == ("", "")
