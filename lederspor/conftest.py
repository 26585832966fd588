"""Shared pytest fixtures: the fixed cast, built once per session (STYLE.md §6); the seed content
and the demo municipality, each loaded or built once per session for the tests that need them.

Layers. The seed content (`seed_content`) and the demo municipality (`demo`) are *layers*: data
that many tests read, written once per session (per xdist worker) inside an outer transaction
that stays open while the tests that use it run (each test's own transaction nests in it as a
savepoint) and is rolled back at the end of the session. So the other tests never see it, and
it works alike on SQLite and PostgreSQL. The tests that use a layer run after all the others,
content before demo (`pytest_collection_modifyitems`): after pytest-django's order of tests in
a rolled-back transaction (`db`), transactional ones (browser journeys, which flush the
database: never while a layer is open) and tests without a database. They carry the `content` or
`demo` marker, so `-m demo` selects them. A transactional test cannot use a layer (it fails at
collection): a journey whose fixtures ask for `seed_content` replaces it in its module with a
function-scoped stand-in that loads nothing in advance (`make_cohort` loads what it needs).

With pytest-xdist (`-n 2 --maxschedchunk 2` in pyproject.toml, the `load` distribution) each
worker gets its tests in the collection's order, so the layers keep their place on every worker
(each worker that gets demo tests builds the demo: xdist 3.8's `loadgroup`, which could keep
them on one, does not rename nodes under pytest 9). Tests are handed out two at a time: in the
default chunks of a quarter of a worker's share, all browser journeys (which sit together in the
order) went to one worker, which then ran 2½ minutes after the other had finished.
"""

import copy
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

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
#: the layers in the order their tests run: (marker, the fixture a test asks for)
LAYERS = (("content", "seed_content"), ("demo", "demo_municipality"))
#: fixtures of tests that flush the database (they never run inside a layer)
TRANSACTIONAL = {"transactional_db", "live_server", "django_db_reset_sequences"}


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


@pytest.fixture(autouse=True)
def _two_factor_only_where_marked(request, settings):
    """Two-factor sign-in (LEDERSPOR_2FA_REQUIRED) is off in the tests, except those marked
    `@pytest.mark.two_factor` (lederspor/accounts/tests/test_two_factor*.py): the journeys sign
    HR staff in through the password form, and what they test lies behind the two-factor step,
    which is tested on its own."""
    settings.LEDERSPOR_2FA_REQUIRED = request.node.get_closest_marker("two_factor") is not None


def _transactional(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    return bool(names & TRANSACTIONAL) or bool(marker and marker.kwargs.get("transaction"))


def pytest_itemcollected(item: pytest.Item) -> None:
    """Mark the tests that use a layer with its marker (the demo includes the content)."""
    info = getattr(item, "_fixtureinfo", None)
    defs = info.name2fixturedefs if info is not None else {}
    for marker, fixture in LAYERS:
        # the session's layer, not a journey module's function-scoped stand-in
        if fixture in defs and defs[fixture][-1].scope == "session":
            item.add_marker(getattr(pytest.mark, marker))


def _layer(item: pytest.Item) -> int:
    """0 for a test outside the layers, else 1 + the index of its (last) layer."""
    found = 0
    for index, (marker, _fixture) in enumerate(LAYERS, start=1):
        if item.get_closest_marker(marker) is not None:
            found = index
    return found


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the layers' tests last, content before demo, each in pytest-django's order.

    Raises UsageError for a transactional test that uses a layer: its flush would run inside
    the layer's transaction."""
    wrong = [item.nodeid for item in items if _layer(item) and _transactional(item)]
    if wrong:
        raise pytest.UsageError("transactional tests cannot use a layer: " + ", ".join(wrong))
    items.sort(key=_layer)


@contextmanager
def _outer_transaction(django_db_blocker) -> Iterator[Callable[[Callable[[], Any]], Any]]:
    """An outer transaction for a layer, rolled back on exit; yields `write(fn)` that runs `fn`
    in it with the database unblocked and the tests' settings."""
    from django.db import transaction
    from django.test import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    _DATA_GENERATION[0] += 1  # the cast's rows may read differently inside the layer

    def write(fn: Callable[[], Any]) -> Any:
        with django_db_blocker.unblock(), override_settings(**FAST_SETTINGS):
            return fn()

    try:
        yield write
    except BaseException:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(*sys.exc_info())
        _DATA_GENERATION[0] += 1
        raise
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    _DATA_GENERATION[0] += 1


@pytest.fixture(scope="session")
def seed_content(_cast_holder, django_db_blocker) -> Iterator[None]:
    """The seed content (`lederspor load_content`: programme templates, task catalogue,
    conversation templates, competence examples), loaded once per session in a layer (see the
    module docstring) on top of the committed cast."""
    from lederspor.catalogue.content import load_catalogue
    from lederspor.competence.services import examples_load
    from lederspor.conversations.content import load_conversation_templates
    from lederspor.programmes.content import load_programmes

    def load() -> None:
        load_programmes()
        load_catalogue()
        load_conversation_templates()
        examples_load()

    _ensure_cast(_cast_holder, django_db_blocker)
    with _outer_transaction(django_db_blocker) as write:
        write(load)
        yield


@pytest.fixture(scope="session")
def demo_municipality(_cast_holder, django_db_blocker):
    """The demo municipality (`lederspor.site.demo.build_demo()`, default seed and today),
    built once per session in a layer (see the module docstring) on top of the committed cast
    (and the seed content, if its layer is open). Use it through `demo`. Yields the role
    logins."""
    from lederspor.site.demo import build_demo

    _ensure_cast(_cast_holder, django_db_blocker)
    with _outer_transaction(django_db_blocker) as write:
        yield write(build_demo)


@pytest.fixture
def demo(demo_municipality, db):
    """The session's demo municipality (its role logins, `DemoLogins`) for one test, whose own
    changes are rolled back after it."""
    return demo_municipality


#: bumped whenever the committed data under the tests changes: a layer opens or closes, or the
#: cast is rebuilt; the `cast` fixture then re-reads its snapshot
_DATA_GENERATION = [0]


@pytest.fixture(scope="session")
def _cast_holder(django_db_setup) -> dict[str, Any]:
    return {"cast": None, "snapshot": None, "generation": -1}


def _ensure_cast(holder: dict[str, Any], django_db_blocker) -> Cast:
    """Build the cast once and keep it committed; rebuild it if a transactional test (e.g. a
    browser journey with live_server) flushed the database."""
    from django.test import override_settings

    from lederspor.core.models import User

    with django_db_blocker.unblock(), override_settings(**FAST_SETTINGS):
        cached = holder["cast"]
        if cached is None or not User.objects.filter(pk=cached.admin.pk).exists():
            cached = holder["cast"] = build_cast()
            _DATA_GENERATION[0] += 1
    return cached


@pytest.fixture
def _cast_ready(_cast_holder, django_db_blocker) -> Cast:
    return _ensure_cast(_cast_holder, django_db_blocker)


@pytest.fixture
def cast(_cast_ready, _cast_holder, db) -> Cast:
    """The cast (see `lederspor.site.testing`); each test runs in a rolled-back transaction.

    Each test gets its own copy of the cast's objects, as the database holds them under the
    test (its changes in memory do not reach the next test), the way Django's `setUpTestData`
    gives each test a deep copy: the rows are read once per data generation (`_DATA_GENERATION`)
    instead of once per object per test."""
    if _cast_holder["generation"] != _DATA_GENERATION[0]:
        for obj in vars(_cast_ready).values():
            if hasattr(obj, "refresh_from_db"):
                obj.refresh_from_db()
        _cast_holder["snapshot"] = copy.deepcopy(_cast_ready)
        _cast_holder["generation"] = _DATA_GENERATION[0]
    return copy.deepcopy(_cast_holder["snapshot"])


def login(client: Client, person_or_user) -> Client:
    """Sign `client` in as a cast member (Person or User) and return it."""
    user = getattr(person_or_user, "user", None) or person_or_user
    # signs in without the sign-in form's checks (lockout, the sign-in log): those are tested
    # through the form in lederspor/accounts/tests
    assert user.check_password(PASSWORD)
    client.force_login(user, backend="lederspor.core.auth.EmailBackend")
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
