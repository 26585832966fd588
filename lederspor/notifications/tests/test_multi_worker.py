"""Several app servers and several workers against one PostgreSQL (issue #17 §3; docs/operations.md
"Drift: topologi"): two gunicorn app servers and three `lederspor worker` processes on the test
database, a few hundred mails and reminders queued through the servers' pages and through
services in this process, delivered to a real SMTP server on this machine. Every mail arrives
exactly once (by Message-ID), none is lost, and both servers served requests.

PostgreSQL only: one SQLite file shared by five processes is not a multi-server set-up (and
its single writer lock would hide the races this test looks for).
"""

import datetime as dt
import email
import http.cookiejar
import re
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.utils import timezone

from lederspor.core.tests.processes import (
    database_env,
    free_port,
    get_json,
    process_env,
    running,
    wait_for,
)

pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="PostgreSQL only: one SQLite file is not a multi-server set-up",
)

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
LEDERSPOR = str(Path(sys.executable).parent / "lederspor")
#: mails queued directly through the notifications service, in this process
DIRECT_MAILS = 200
#: reminders ("samtalen er ikke registreret som afholdt"): each a task a worker runs, which
#: queues two mails (organiser and participant) that workers then deliver
REMINDERS = 40
#: password-reset requests through the app servers' pages (one mail each), half on each server
PAGE_REQUESTS = 40
#: seconds to wait for the five processes to start (Django's start-up and checks; generous for
#: a loaded CI machine: on an idle one they answer within ~10 s) and for the queue to drain
#: (~10 s on an idle machine)
STARTUP_SECONDS = 240
DRAIN_SECONDS = 180


class Inbox:
    """An aiosmtpd handler that keeps the Message-ID of every message it accepts."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.message_ids: list[str] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content)
        with self.lock:
            self.message_ids.append(str(message["Message-ID"]).strip())
        return "250 Message accepted for delivery"

    def received(self) -> list[str]:
        with self.lock:
            return list(self.message_ids)


def _reset_through_page(base: str, address: str) -> int:
    """Ask for a password reset on the server at `base` as a browser would (the form's CSRF
    token and cookie); returns the final status."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    url = f"{base}/konto/glemt-adgangskode/"
    with opener.open(url, timeout=30) as page:
        html = page.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "email": address}).encode()
    request = urllib.request.Request(url, data=data)  # noqa: S310 (http on 127.0.0.1)
    with opener.open(request, timeout=30) as answer:
        assert answer.url.endswith("/konto/glemt-adgangskode/sendt/"), answer.url
        return answer.status


def _conversations(cast, count: int) -> list:
    """`count` conversations of one trainee enrolment, planned for yesterday and not held."""
    from lederspor.conversations.content import load_conversation_templates
    from lederspor.conversations.models import Conversation, ConversationKind, ConversationTemplate
    from lederspor.site.testing import make_cohort

    load_conversation_templates()
    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    version = (
        ConversationTemplate.objects.get(kind=ConversationKind.MIDWAY)
        .versions.order_by("-number")
        .first()
    )
    yesterday = timezone.now() - dt.timedelta(days=1)
    return [
        Conversation.objects.create(
            enrolment=enrolment,
            template_version=version,
            kind=ConversationKind.MIDWAY,
            starts_at=yesterday,
            ends_at=yesterday + dt.timedelta(hours=1),
            place="Mødelokale 2",
            organiser=cast.consultant,
        )
        for _ in range(count)
    ]


def test_two_servers_and_three_workers_send_every_mail_exactly_once(
    transactional_db, _cast_ready, tmp_path
):
    from lederspor.conversations.tasks import conversation_not_held_remind
    from lederspor.notifications.models import OutgoingEmail
    from lederspor.notifications.services import email_queue
    from lederspor.site.testing import make_person

    cast = _cast_ready
    inbox = Inbox()
    smtp_port = free_port()
    smtp = Controller(inbox, hostname="127.0.0.1", port=smtp_port)
    smtp.start()
    ports = [free_port(), free_port()]
    env = process_env(
        {
            **database_env(tmp_path),
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp_port),
            "EMAIL_BACKEND": None,
            "LEDERSPOR_ACCESSIBILITY_STATEMENT_URL": "https://www.was.digst.dk/",
            "LEDERSPOR_LOCKOUT_FAILURES": "1000",
        }
    )
    expected = PAGE_REQUESTS + DIRECT_MAILS + 2 * REMINDERS
    people = [
        make_person(f"Nulstil{n:03d}", "Person", cast.workplace, number=f"MW{n:04d}")
        for n in range(PAGE_REQUESTS)
    ]
    conversations = _conversations(cast, REMINDERS)
    with ExitStack() as stack:
        stack.callback(smtp.stop)
        processes = [
            stack.enter_context(
                running(
                    [
                        GUNICORN,
                        "-c",
                        "python:lederspor.gunicorn_conf",
                        "--bind",
                        f"127.0.0.1:{port}",
                    ],
                    env={**env, "GUNICORN_WORKERS": "1"},
                    cwd=ROOT,
                    log=tmp_path / f"web-{port}.log",
                )
            )
            for port in ports
        ]
        processes += [
            stack.enter_context(
                running([LEDERSPOR, "worker"], env=env, cwd=ROOT, log=tmp_path / f"worker-{n}.log")
            )
            for n in range(3)
        ]
        for port in ports:
            wait_for(
                lambda port=port: (
                    (answer := get_json(f"http://127.0.0.1:{port}/health/"))[0] == 200
                    and answer[1]["workers"] == 3
                ),
                timeout=STARTUP_SECONDS,
                what=f"the app server on {port} and three workers' heartbeats",
                processes=processes,
            )
        # three workers started together queued the nightly retention run once
        assert _retention_runs_waiting() == 1
        # queue: through the servers' pages (alternating), reminders for the workers to run,
        # and mails straight from the service, interleaved so all three kinds overlap
        for n, person in enumerate(people):
            assert _reset_through_page(f"http://127.0.0.1:{ports[n % 2]}", person.email) == 200
            if n == PAGE_REQUESTS // 2:
                for conversation in conversations:
                    conversation_not_held_remind.enqueue(
                        conversation.pk, timezone.localdate(conversation.starts_at).isoformat()
                    )
                for i in range(DIRECT_MAILS):
                    email_queue(
                        to=people[i % len(people)],
                        subject=f"Besked {i}",
                        body="Hej",
                        kind="test.multi_worker",
                    )

        def drained() -> bool:
            return (
                OutgoingEmail.objects.count() == expected
                and not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
                and len(inbox.received()) >= expected
            )

        wait_for(drained, timeout=DRAIN_SECONDS, what="the queue to drain", processes=processes)
        time.sleep(1)  # a second send of any mail would arrive now

    received = inbox.received()
    duplicates = [mid for mid, n in Counter(received).items() if n > 1]
    assert not duplicates, f"sent more than once: {duplicates[:5]}"
    queued = set(OutgoingEmail.objects.values_list("message_id", flat=True))
    assert len(queued) == expected
    assert set(received) == queued, "lost or unknown mails"
    assert OutgoingEmail.objects.filter(kind="conversations.not_held").count() == 2 * REMINDERS
    assert OutgoingEmail.objects.filter(kind="accounts.password_reset").count() == PAGE_REQUESTS
    # both app servers served the page requests (one access line per request)
    for port in ports:
        log = (tmp_path / f"web-{port}.log").read_text()
        assert log.count("POST /konto/glemt-adgangskode/") == PAGE_REQUESTS // 2
    # every worker delivered some of them (the claim spread the work)
    sent_by = Counter()
    for n in range(3):
        sent_by[n] = (
            (tmp_path / f"worker-{n}.log").read_text().count("deliver_email state=SUCCESSFUL")
        )
    assert all(sent_by.values()), sent_by


def _retention_runs_waiting() -> int:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from lederspor.privacy.tasks import retention_daily

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=retention_daily.module_path
    ).count()


def test_workers_starting_together_queue_the_nightly_run_once(transactional_db):
    """Every worker queues the nightly retention run when it starts, unless one is waiting;
    the check and the queueing happen under one lock, so a worker that starts while another is
    queueing waits and then finds the run waiting."""
    import psycopg
    from django.db import connection

    from lederspor.core.tasks import SCHEDULING_LOCK_KEY, scheduling_lock
    from lederspor.privacy.tasks import retention_schedule

    s = connection.settings_dict
    other_worker = psycopg.connect(
        host=s["HOST"] or "127.0.0.1",
        port=s["PORT"] or 5432,
        user=s["USER"],
        password=s["PASSWORD"],
        dbname=s["NAME"],
        autocommit=True,
    )
    queued: list[bool] = []
    done = threading.Event()

    def this_worker() -> None:
        try:
            with scheduling_lock():
                queued.append(retention_schedule())
        finally:
            connection.close()
            done.set()

    try:
        other_worker.execute("SELECT pg_advisory_lock(%s)", [SCHEDULING_LOCK_KEY])
        thread = threading.Thread(target=this_worker)
        thread.start()
        assert not done.wait(1.5), "scheduled while another worker held the lock"
        assert retention_schedule()  # the other worker queues the run, then lets go
        other_worker.execute("SELECT pg_advisory_unlock(%s)", [SCHEDULING_LOCK_KEY])
        assert done.wait(20)
        thread.join()
    finally:
        other_worker.close()
    assert queued == [False]
    assert _retention_runs_waiting() == 1
