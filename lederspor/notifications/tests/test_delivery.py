"""E-mail delivery through the real django-tasks database worker, and .ics invitations."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from lederspor.notifications import services
from lederspor.notifications.ics import CANCEL, Invitation, build_ics, stable_uid
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker


def _calendar_part(message) -> str:
    """The text/calendar alternative of a sent message (beside the text and HTML parts)."""
    (content,) = [c for c, mime in message.alternatives if mime.startswith("text/calendar")]
    return content


def _invitation(cast, sequence=0):
    start = timezone.now().replace(microsecond=0) + dt.timedelta(days=3)
    return Invitation(
        uid=stable_uid(cast.cohort),
        sequence=sequence,
        summary="Jobbesøg",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location="Rådhuset",
        attendees=[(cast.leader.full_name, cast.leader.email)],
    )


def test_queued_email_is_sent_by_the_worker_not_in_the_request(cast):
    email = services.email_queue(
        to=cast.leader, subject="Din makker", body="Hej", kind="test", about=cast.cohort
    )
    assert mail.outbox == []
    assert email.status == OutgoingEmail.Status.QUEUED
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.attempts == 1
    assert [m.to for m in mail.outbox] == [[cast.leader.email]]
    assert mail.outbox[0].subject == "Din makker"


def test_ics_request_and_cancel_parse_with_stable_uid_and_sequence(cast):
    invitation = _invitation(cast, sequence=2)
    services.email_queue(
        to=cast.leader,
        subject="Invitation",
        body="Se vedhæftet",
        kind="test",
        ics=build_ics(invitation),
    )
    services.email_queue(
        to=cast.leader,
        subject="Aflyst",
        body="Aflyst",
        kind="test",
        ics=build_ics(invitation, method=CANCEL),
    )
    run_worker()
    assert len(mail.outbox) == 2
    request_part = [a for a in mail.outbox[0].alternatives if "text/calendar" in a[1]]
    assert "method=REQUEST" in request_part[0][1]
    cal = Calendar.from_ical(request_part[0][0])
    assert str(cal["method"]) == "REQUEST"
    event = next(iter(cal.walk("VEVENT")))
    assert str(event["uid"]) == invitation.uid
    assert int(event["sequence"]) == 2
    assert event.decoded("dtstart") == invitation.starts_at
    assert str(event["location"]) == "Rådhuset"
    cancel = Calendar.from_ical(_calendar_part(mail.outbox[1]))
    assert str(cancel["method"]) == "CANCEL"
    assert str(next(iter(cancel.walk("VEVENT")))["status"]) == "CANCELLED"


def test_failed_send_is_retried_then_marked_failed(cast, settings):
    settings.EMAIL_BACKEND = "lederspor.notifications.tests.failing_backend.FailingBackend"
    email = services.email_queue(to=cast.leader, subject="X", body="Y", kind="test")
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "SMTP nede" in email.last_error


def test_build_ics_rejects_bad_input(cast):
    invitation = _invitation(cast)
    with pytest.raises(ValueError):
        build_ics(invitation, method="PUBLISH")
    backwards = Invitation(
        **{**invitation.__dict__, "ends_at": invitation.starts_at - dt.timedelta(hours=1)}
    )
    with pytest.raises(ValueError):
        build_ics(backwards)
