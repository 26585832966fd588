"""At-least-once delivery (issue #15 §5): the worker claims a mail ("sending", a Message-ID)
and commits that before it calls the relay, outside any transaction and with EMAIL_TIMEOUT; a
worker that dies mid-send leaves the mail to be sent once more, with the same Message-ID, after
the stale period; a second interrupted send marks it failed. Run with the real worker."""

import asyncio
import datetime as dt
import socket
import threading
import time
from email import message_from_bytes

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.tasks import (
    INTERRUPTED_TWICE,
    _claim,
    deliver_email,
)
from lederspor.notifications.testing import run_worker
from lederspor.people.models import Person

DYING = "lederspor.notifications.tests.dying_backend.DyingBackend"
FAILING = "lederspor.notifications.tests.failing_backend.FailingBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def _queue(cast, subject="Din makker"):
    return services.email_queue(
        to=cast.leader, subject=subject, body="Hej", kind="test", cohort_id=cast.cohort.pk
    )


def _run_at(moment):
    with time_machine.travel(moment, tick=False):
        run_worker()


def _message_id(message) -> str:
    return message.message()["Message-ID"]


def test_the_message_id_is_made_at_the_claim_and_sent_in_the_headers(cast):
    email = _queue(cast)
    assert email.message_id == ""
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.message_id.startswith("<") and email.message_id.endswith("@127.0.0.1>")
    assert [_message_id(m) for m in mail.outbox] == [email.message_id]


def test_a_queued_mail_is_claimed_once_two_workers_never_both_send(cast):
    email = _queue(cast)
    first = _claim(email.pk)
    assert first is not None and first.status == OutgoingEmail.Status.SENDING
    assert first.attempts == 1 and first.claimed_at is not None and first.message_id
    assert _claim(email.pk) is None  # the second worker finds it no longer queued
    # and the task of a second worker skips it without sending
    assert deliver_email.call(email.pk) == "skipped"
    assert mail.outbox == []


def test_a_transport_error_keeps_the_message_id_for_the_retry(cast, settings):
    email = _queue(cast)
    start = timezone.now()
    settings.EMAIL_BACKEND = FAILING
    _run_at(start)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED and email.attempts == 1
    first_id = email.message_id
    assert first_id
    settings.EMAIL_BACKEND = LOCMEM
    _run_at(start + dt.timedelta(minutes=2))  # the back-off of attempt 2 is one minute
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.attempts == 2
    assert email.message_id == first_id
    assert [_message_id(m) for m in mail.outbox] == [first_id]


def test_a_worker_killed_mid_send_leaves_it_sending_then_it_is_sent_once_more(cast, settings):
    email = _queue(cast)
    start = timezone.now()
    settings.EMAIL_BACKEND = DYING
    _run_at(start)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING
    assert email.get_status_display() == "Sendes"
    message_id = email.message_id
    settings.EMAIL_BACKEND = LOCMEM
    # before the stale period (15 minutes) nothing happens: it may still be on its way
    _run_at(start + dt.timedelta(minutes=10))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING and mail.outbox == []
    # after it, the next run sends it once more with the same Message-ID
    _run_at(start + dt.timedelta(minutes=16))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.interrupted_sends == 1
    assert email.message_id == message_id
    assert [_message_id(m) for m in mail.outbox] == [message_id]
    assert email.last_error == ""


def test_a_second_interrupted_send_marks_it_failed_and_resend_asks_first(cast, as_, settings):
    email = _queue(cast)
    start = timezone.now()
    settings.EMAIL_BACKEND = DYING
    _run_at(start)
    message_id = OutgoingEmail.objects.get(pk=email.pk).message_id
    _run_at(start + dt.timedelta(minutes=16))  # retried once, dies again
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING and email.interrupted_sends == 1
    _run_at(start + dt.timedelta(minutes=40))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert email.interrupted_sends == 2
    assert email.last_error == str(INTERRUPTED_TWICE)
    assert "kan være sendt; tjek før du sender igen" in email.last_error
    # never sent again by itself
    settings.EMAIL_BACKEND = LOCMEM
    _run_at(start + dt.timedelta(hours=3))
    assert mail.outbox == []
    # "Send igen" asks first: it may have reached the recipient
    retry = reverse("notifications:email_retry", args=[email.pk])
    page = as_(cast.consultant).post(retry)
    assert page.status_code == 200
    assert "Send e-mailen igen?" in page.content.decode()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.FAILED
    assert as_(cast.consultant).post(retry, {"confirm": "1"}).status_code == 302
    _run_at(start + dt.timedelta(hours=3, minutes=1))
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    # its first send is uncertain: the same Message-ID, so a duplicate is recognisable
    assert [_message_id(m) for m in mail.outbox] == [message_id]


# --- a real SMTP relay ---------------------------------------------------------------------


class SlowRelay:
    """An aiosmtpd handler that accepts a message only when `release` is set."""

    def __init__(self):
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def relay(settings):
    handler = SlowRelay()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 20
    yield handler
    handler.release.set()
    controller.stop()


def test_a_hung_relay_fails_the_send_after_email_timeout_and_it_is_retried(cast, relay, settings):
    settings.EMAIL_TIMEOUT = 1
    email = _queue(cast)
    began = time.monotonic()
    assert deliver_email.call(email.pk) == OutgoingEmail.Status.QUEUED
    assert time.monotonic() - began < 10
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED and email.attempts == 1
    assert "timed out" in email.last_error or "Timeout" in email.last_error


@pytest.mark.django_db(transaction=True)
def test_a_hung_relay_never_blocks_page_writes(cast, relay):
    """While the relay holds the mail (as one taking minutes would), the row is already
    "sending" and committed, and a sign-in (it writes the session and last_login) and plain
    writes in another connection go through at once, and nothing is locked: the worker holds no transaction while it talks to the relay
    (on SQLite, sending inside one made a sign-in wait and writes fail with "database is
    locked")."""
    email = _queue(cast)
    outcome = {}

    def work():
        try:
            outcome["status"] = deliver_email.call(email.pk)
        finally:
            connection.close()  # the thread's own connection (PostgreSQL drops the test DB)

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert relay.arrived.wait(10), "the worker never reached the relay"
        began = time.monotonic()
        # a page write: signing in writes the session and last_login
        client = Client()
        client.force_login(cast.leader.user, backend="lederspor.core.auth.EmailBackend")
        # plain writes in this thread's own connection
        Person.objects.filter(pk=cast.leader.pk).update(job_title="Afdelingsleder")
        AuditEvent.objects.create(action="test.write", summary="skrevet under afsendelsen")
        assert time.monotonic() - began < 3
        row = OutgoingEmail.objects.get(pk=email.pk)
        assert row.status == OutgoingEmail.Status.SENDING  # committed before the relay call
        assert row.message_id
    finally:
        relay.release.set()
        worker.join(30)
    assert outcome == {"status": OutgoingEmail.Status.SENT}
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    [received] = relay.messages
    assert received["Message-ID"] == email.message_id
    assert received["Subject"] == "Din makker"
