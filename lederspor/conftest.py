"""Shared pytest fixtures: the fixed cast, built once per session (STYLE.md §6)."""

import pytest
from django.test import Client

from lederspor.site.testing import PASSWORD, Cast, build_cast


@pytest.fixture(autouse=True)
def _fast_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


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
