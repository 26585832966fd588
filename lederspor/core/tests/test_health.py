"""The load balancer's health check, the workers' heartbeat and the request id in the logs
(issue #17 §3; docs/operations.md "Sundhedstjek", "Logning")."""

import datetime as dt
import io
import json
import logging
import os
import socket
import time
import uuid

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from lederspor.core.health import HEALTH_PATH, heartbeat_record, worker_heartbeat
from lederspor.core.models import WorkerHeartbeat
from lederspor.notifications.testing import run_worker

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: float, *, pid: int = 4242, host: str = "worker-1") -> WorkerHeartbeat:
    seen = timezone.now() - dt.timedelta(seconds=seconds_ago)
    return WorkerHeartbeat.objects.create(host=host, pid=pid, started_at=seen, seen_at=seen)


def test_the_path_is_the_url_of_core_health():
    assert reverse("core:health") == HEALTH_PATH == "/health/"


def test_without_a_worker_heartbeat_it_fails_with_503(client):
    response = client.get(HEALTH_PATH)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "fail",
        "database": "ok",
        "worker": "missing",
        "worker_seen_seconds_ago": None,
        "workers": 0,
    }


def test_a_recent_heartbeat_makes_it_ok(client):
    _beat(10, pid=1)
    _beat(50, pid=2)
    _beat(600, pid=3)  # a worker that died ten minutes ago does not count
    response = client.get(HEALTH_PATH)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["worker"] == "ok"
    assert 9 <= body["worker_seen_seconds_ago"] <= 12
    assert body["workers"] == 2
    assert "no-store" in response["Cache-Control"]


def test_only_old_heartbeats_fail_as_stale(client, settings):
    settings.LEDERSPOR_WORKER_HEARTBEAT_MAX_AGE = 60
    _beat(61)
    response = client.get(HEALTH_PATH)
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["worker"], body["workers"]) == ("fail", "stale", 0)
    assert 60 <= body["worker_seen_seconds_ago"] <= 63


def test_a_database_error_fails_with_503(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get(HEALTH_PATH)
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "database": "fail",
        "worker": "unknown",
        "worker_seen_seconds_ago": None,
        "workers": 0,
    }


@pytest.mark.parametrize("workers", [1, 40])
def test_two_queries_at_two_data_sizes(client, django_assert_num_queries, workers):
    for pid in range(workers):
        _beat(5, pid=pid)
    with django_assert_num_queries(2):
        response = client.get(HEALTH_PATH)
    assert response.json()["workers"] == workers


def test_only_get_and_head(client):
    _beat(1)
    assert client.head(HEALTH_PATH).status_code == 200
    assert client.post(HEALTH_PATH).status_code == 405


def test_no_personal_data_and_no_session(client):
    _beat(1, host="app-1.kommune.local")
    response = client.get(HEALTH_PATH)
    assert set(response.json()) == {
        "status",
        "database",
        "worker",
        "worker_seen_seconds_ago",
        "workers",
    }
    assert b"app-1" not in response.content  # not even the workers' host names
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_exempt_from_the_https_redirect(settings):
    settings.SECURE_SSL_REDIRECT = True
    _beat(1)
    client = Client()
    assert client.get(HEALTH_PATH).status_code == 200
    # every other page still goes to https
    assert client.get(reverse("login")).status_code == 301


def test_answers_any_host_the_balancer_sends():
    """Balancers often probe a server by its address; Django's host check is not made."""
    _beat(1)
    client = Client(HTTP_HOST="10.20.30.40")
    assert client.get(HEALTH_PATH).status_code == 200
    assert client.get(reverse("login")).status_code == 400


def test_does_not_touch_a_session_or_sign_anyone_out(client, cast):
    """A probe carrying an expired session's cookie is answered without the session-limit
    middleware signing the person out (or the two-factor middleware sending them on)."""
    from lederspor.accounts.middleware import LAST_ACTIVITY_SESSION_KEY, SIGNED_IN_AT_SESSION_KEY

    client.force_login(cast.hr_colleague.user, backend="lederspor.core.auth.EmailBackend")
    session = client.session
    long_ago = int(time.time()) - 48 * 3600
    session[SIGNED_IN_AT_SESSION_KEY] = long_ago
    session[LAST_ACTIVITY_SESSION_KEY] = long_ago
    session.save()
    before = Session.objects.get(session_key=session.session_key).session_data
    _beat(1)
    response = client.get(HEALTH_PATH)
    assert response.status_code == 200
    assert not response.cookies
    assert Session.objects.get(session_key=session.session_key).session_data == before
    # the same session on a page is signed out: the limits do hold there
    assert client.get(reverse("site:home")).status_code == 302
    assert not Session.objects.filter(session_key=session.session_key).exists()


def test_the_worker_batch_writes_its_heartbeat_once(client):
    stale = _beat(3 * 24 * 3600, pid=99, host="gone")  # forgotten after a day
    run_worker()  # `lederspor worker --batch`, inside the test's transaction
    beat = WorkerHeartbeat.objects.get()
    assert (beat.host, beat.pid) == (socket.gethostname(), os.getpid())
    assert timezone.now() - beat.seen_at < dt.timedelta(seconds=30)
    assert not WorkerHeartbeat.objects.filter(pk=stale.pk).exists()
    assert client.get(HEALTH_PATH).json()["worker"] == "ok"


def test_a_second_beat_renews_the_same_row():
    started = timezone.now() - dt.timedelta(minutes=5)
    heartbeat_record(host="w", pid=7, started_at=started)
    first = WorkerHeartbeat.objects.get().seen_at
    heartbeat_record(host="w", pid=7, started_at=timezone.now())
    beat = WorkerHeartbeat.objects.get()
    assert beat.started_at == started
    assert beat.seen_at >= first


@pytest.mark.django_db(transaction=True)
def test_a_running_worker_beats_from_a_thread():
    with worker_heartbeat(interval=0.05):
        first = WorkerHeartbeat.objects.get().seen_at
        deadline = time.monotonic() + 10
        while WorkerHeartbeat.objects.get().seen_at == first:
            assert time.monotonic() < deadline, "no second heartbeat from the thread"
            time.sleep(0.05)
    assert WorkerHeartbeat.objects.count() == 1


# --- the request id --------------------------------------------------------------------------


def test_a_valid_request_id_from_the_balancer_is_kept(client):
    given = uuid.uuid4().hex
    assert client.get(HEALTH_PATH, HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    hyphenated = str(uuid.uuid4())
    assert client.get(HEALTH_PATH, HTTP_X_REQUEST_ID=hyphenated)["X-Request-ID"] == hyphenated


def test_an_invalid_or_missing_request_id_is_replaced(client):
    made = client.get(reverse("login"), HTTP_X_REQUEST_ID="<script>")["X-Request-ID"]
    assert made != "<script>"
    assert uuid.UUID(made).hex == made
    other = client.get(reverse("login"))["X-Request-ID"]
    assert uuid.UUID(other).hex == other != made


def _configured(kind: str, name: str):
    """Build the formatter or filter `name` exactly as settings.LOGGING configures it."""
    config = dict(settings.LOGGING[kind][name])
    factory = import_string(config.pop("()"))
    return factory(**config)


def test_a_request_logs_one_json_line_with_its_id(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(_configured("formatters", "json"))
    handler.addFilter(_configured("filters", "request_id"))
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    given = uuid.uuid4().hex
    try:
        response = client.get("/findes-ikke/", HTTP_X_REQUEST_ID=given)
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 404
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["request_id"] == given
    assert record["level"] == "WARNING"
    assert record["logger"] == "django.request"
    assert record["message"] == "Not Found: /findes-ikke/"
    assert dt.datetime.fromisoformat(record["time"]).tzinfo is not None


def test_log_format_is_text_in_development_and_tests():
    assert settings.LOG_FORMAT == "text"
    assert settings.LOGGING["handlers"]["console"]["formatter"] == "text"
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["request_id"]
    # the levels of before are kept
    assert settings.LOGGING["loggers"]["weasyprint"] == {"level": "WARNING"}
