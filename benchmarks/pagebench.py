"""What the page benchmarks (reports.py, readlog.py) share: Django set up on a fresh database
with production-like settings, and a bare logged-in view to measure pages against.

    from pagebench import add_bare_view, setup_django
    setup_django("reports")       # before any import of the project's models
    add_bare_view()               # GET /__bench_bare__/ → HttpResponse("ok")
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

#: the path of the bare view added by `add_bare_view`
BARE_PATH = "/__bench_bare__/"


def setup_django(name: str) -> None:
    """Set up Django with DEBUG off and a benchmark SECRET_KEY, two-factor off, on
    DATABASE_URL or else a fresh temporary SQLite file `<name>-bench.sqlite3`."""
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp()) / f"{name}-bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lederspor.settings")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("LEDERSPOR_2FA_REQUIRED", "0")
    import django

    django.setup()


def add_bare_view() -> None:
    """Serve `BARE_PATH` (`HttpResponse("ok")` behind the project's middleware) to the test
    client, with plain static URLs instead of the production manifest (no collectstatic)."""
    from django.conf import settings
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import lederspor.urls

    lederspor.urls.urlpatterns.append(
        path(BARE_PATH.strip("/") + "/", lambda request: HttpResponse("ok"))
    )
    clear_url_caches()
    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
