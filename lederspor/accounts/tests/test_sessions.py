"""Session limits (issue #12 §3): a session ends after 30 idle minutes and after 10 hours however
active; the keepalive lets the person stay; the cookies carry the __Host- prefix in production."""

import datetime as dt
import runpy
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.middleware import LAST_ACTIVITY_SESSION_KEY, SIGNED_IN_AT_SESSION_KEY
from lederspor.core.models import AuditEvent

pytestmark = pytest.mark.django_db

HOME = "/"
IDLE_MESSAGE = "Du er blevet logget ud, fordi du ikke har været aktiv i 30 minutter."
ABSOLUTE_MESSAGE = "Du er blevet logget ud, fordi du har været logget ind i 10 timer."
KEEPALIVE = "/konto/session/forny/"
SETTINGS_FILE = str(Path(__file__).resolve().parents[2] / "settings.py")


@pytest.fixture
def start():
    return timezone.now().replace(microsecond=0)


def at(start, **delta):
    return time_machine.travel(start + dt.timedelta(**delta), tick=False)


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def test_the_keepalive_url_is_konto_session_forny():
    assert reverse("accounts:session_keepalive") == KEEPALIVE


def test_a_session_idle_for_31_minutes_ends_with_the_message_and_is_logged(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
        assert client.get(HOME).status_code == 200
    with at(start, minutes=31):
        response = client.get(HOME, REMOTE_ADDR="192.0.2.31")
        assert response.status_code == 302
        assert response["Location"] == "/login/?next=%2F"
        assert not signed_in(client)
        page = client.get(response["Location"])
    assert IDLE_MESSAGE in page.content.decode()
    event = AuditEvent.objects.get(action=AccountAction.SESSION_EXPIRED)
    assert event.actor == cast.leader.user
    assert event.address == "192.0.2.31"
    assert event.data["reason"] == "idle"
    assert not AuditEvent.objects.filter(action=AccountAction.LOGOUT).exists()


def test_activity_keeps_the_session_and_29_idle_minutes_do_not_end_it(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    with at(start, minutes=29):
        assert client.get(HOME).status_code == 200
    with at(start, minutes=29 + 29):
        assert client.get(HOME).status_code == 200
    assert signed_in(client)
    assert not AuditEvent.objects.filter(action=AccountAction.SESSION_EXPIRED).exists()


def test_activity_is_written_to_the_session_at_most_once_a_minute(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
        client.get(HOME)
    first = client.session[LAST_ACTIVITY_SESSION_KEY]
    with at(start, seconds=50):
        client.get(HOME)
    assert client.session[LAST_ACTIVITY_SESSION_KEY] == first
    with at(start, seconds=61):
        client.get(HOME)
    assert client.session[LAST_ACTIVITY_SESSION_KEY] == first + 61


def test_a_session_ends_after_ten_hours_however_active(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    for minutes in range(20, 600, 20):
        with at(start, minutes=minutes):
            assert client.get(HOME).status_code == 200, minutes
    with at(start, hours=10):
        response = client.get(HOME)
        assert response.status_code == 302
        page = client.get(response["Location"])
    assert ABSOLUTE_MESSAGE in page.content.decode()
    event = AuditEvent.objects.get(action=AccountAction.SESSION_EXPIRED)
    assert event.data["reason"] == "absolute"


def test_the_keepalive_extends_the_session(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    with at(start, minutes=29):
        response = client.post(KEEPALIVE)
        assert response.status_code == 200
        assert response.json() == {"seconds_left": 30 * 60}
    with at(start, minutes=29 + 29):
        assert client.get(HOME).status_code == 200


def test_the_status_check_is_not_activity(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    with at(start, minutes=25):
        response = client.get(KEEPALIVE, HTTP_X_LEDERSPOR_BACKGROUND="1")
        assert response.json() == {"seconds_left": 5 * 60}
    with at(start, minutes=31):
        assert client.get(HOME).status_code == 302
    assert not signed_in(client)


def test_the_keepalive_says_what_is_left_of_the_absolute_lifetime(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    for minutes in range(20, 581, 20):
        with at(start, minutes=minutes):
            left = client.post(KEEPALIVE).json()["seconds_left"]
            assert left == min(30 * 60, (600 - minutes) * 60)
    with at(start, hours=9, minutes=50):
        assert client.post(KEEPALIVE).json() == {"seconds_left": 10 * 60}


def test_the_keepalive_needs_csrf_and_a_signed_in_person(cast, start):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.leader.user, backend="lederspor.core.auth.EmailBackend")
    assert client.post(KEEPALIVE).status_code == 403
    anonymous = Client()
    response = anonymous.post(KEEPALIVE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_htmx_request_after_the_limit_is_sent_to_the_sign_in_page(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    with at(start, minutes=31):
        response = client.get(HOME, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/login/")


def test_the_page_of_a_signed_in_person_carries_the_warning(cast, as_, start):
    with at(start):
        client = as_(cast.leader)
    with at(start, minutes=10):
        html = client.get(HOME).content.decode()
    assert 'data-session-idle="1800"' in html  # the visit itself was activity
    assert 'data-session-warning="60"' in html
    assert "lederspor/session.js" in html
    assert '<dialog id="session-warning"' in html
    assert "Bliv logget ind" in html
    anonymous = Client().get(reverse("login")).content.decode()
    assert "data-session-idle" not in anonymous
    assert "session.js" not in anonymous
    assert "session-warning" not in anonymous


def test_the_sign_in_form_starts_the_clock(cast, client, start):
    from lederspor.site.testing import PASSWORD

    with at(start):
        client.post(reverse("login"), {"username": cast.leader.user.email, "password": PASSWORD})
    assert client.session[SIGNED_IN_AT_SESSION_KEY] == int(start.timestamp())


def test_production_cookies_carry_the_host_prefix(monkeypatch):
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.delenv("LEDERSPOR_DEV", raising=False)
    monkeypatch.setenv("SECRET_KEY", "a-test-secret-key-that-is-long-enough-for-the-check-0123")
    monkeypatch.setenv("ALLOWED_HOSTS", "x.dk")
    production = runpy.run_path(SETTINGS_FILE)
    assert production["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert production["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    assert production["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert production["SESSION_COOKIE_AGE"] == 10 * 3600
    # the prefix requires Path=/ and no Domain
    assert production.get("SESSION_COOKIE_PATH", "/") == "/"
    assert production.get("SESSION_COOKIE_DOMAIN") is None
    monkeypatch.setenv("DEBUG", "1")
    development = runpy.run_path(SETTINGS_FILE)
    assert "SESSION_COOKIE_NAME" not in development  # Django's default "sessionid" over http
