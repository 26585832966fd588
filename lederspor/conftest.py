"""Shared pytest fixtures: the fixed cast, built once per session (STYLE.md §6), and the demo
municipality, built once per session for the tests that ask for it (`demo`).

Order of a run: tests in a rolled-back transaction (`db`), then transactional ones (browser
journeys, which flush the database), then tests without a database (pytest-django's order), and
last the tests that use the demo municipality (`pytest_collection_modifyitems` below; they carry
the `demo` marker). The demo is built on their first use inside an outer transaction that each
test's own transaction nests in as a savepoint, and rolled back at the end of the session — so
the other tests never see it and it is built once, on SQLite and PostgreSQL alike.
"""

import sys

import pytest
from django.test import Client

from lederspor.site.testing import PASSWORD, Cast, build_cast

#: settings every test runs with: a fast hasher, mail in memory, plain static files
FAST_SETTINGS = {
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
}
#: the session fixture that holds the demo municipality; its tests run last
DEMO_FIXTURE = "demo_municipality"


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    for name, value in FAST_SETTINGS.items():
        setattr(settings, name, value)
    # Every test starts in the default language: a request with Accept-Language: en (or a user
    # who chose English) leaves English active in the thread after the response.
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests that use the demo municipality `demo` (so `-m demo` selects them)."""
    if DEMO_FIXTURE in getattr(item, "fixturenames", ()):
        item.add_marker(pytest.mark.demo)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the demo tests last, after pytest-django's order (and so after the journeys that
    flush the database): the demo's outer transaction stays open from the first of them to the
    end of the session."""
    items.sort(key=lambda item: item.get_closest_marker("demo") is not None)


@pytest.fixture(scope="session")
def demo_municipality(django_db_setup, django_db_blocker):
    """The demo municipality (`lederspor.site.demo.build_demo()`, default seed and today),
    built once per session in a transaction that is rolled back when the session ends. Use it
    through `demo`. Yields the role logins."""
    from django.db import transaction
    from django.test import override_settings

    from lederspor.site.demo import build_demo

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(**FAST_SETTINGS):
                logins = build_demo()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
            raise
    try:
        yield logins
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def demo(demo_municipality, db):
    """The session's demo municipality (its role logins, `DemoLogins`) for one test, whose own
    changes are rolled back after it."""
    return demo_municipality


@pytest.fixture(scope="session")
def _cast_holder(django_db_setup) -> dict:
    return {"cast": None}


@pytest.fixture
def _cast_ready(_cast_holder, django_db_blocker) -> Cast:
    """Build the cast once and keep it committed; rebuild it if a transactional test (e.g. a
    browser journey with live_server) flushed the database."""
    from lederspor.core.models import User

    with django_db_blocker.unblock():
        cached = _cast_holder["cast"]
        if cached is None or not User.objects.filter(pk=cached.admin.pk).exists():
            _cast_holder["cast"] = build_cast()
    return _cast_holder["cast"]


@pytest.fixture
def cast(_cast_ready, db) -> Cast:
    """The cast (see `lederspor.site.testing`); each test runs in a rolled-back transaction."""
    for obj in vars(_cast_ready).values():
        if hasattr(obj, "refresh_from_db"):
            obj.refresh_from_db()
    return _cast_ready


def login(client: Client, person_or_user) -> Client:
    """Sign `client` in as a cast member (Person or User) and return it."""
    user = getattr(person_or_user, "user", None) or person_or_user
    assert client.login(username=user.email, password=PASSWORD)
    return client


@pytest.fixture
def as_(client):
    """`as_(cast.leader)` → a test client signed in as that person."""

    def _as(person_or_user) -> Client:
        c = Client()
        return login(c, person_or_user)

    return _as


@pytest.fixture
def browser():
    """Debian's Chromium through Playwright (journeys; see `core.browser_testing`)."""
    from playwright.sync_api import sync_playwright

    from lederspor.core.browser_testing import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
