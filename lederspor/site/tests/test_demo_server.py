"""`lederspor demo` serves the Danish error pages, not Django's debug page (issue #16 §4).

Starts the real command in a process of its own (`lederspor demo --no-build`, with its own
SQLite file and nothing but the environment a person has who runs it: no DEBUG, no
LEDERSPOR_DEV), and asks it over HTTP for a page that does not exist, for a form post without
its security code and for a static file (served by WhiteNoise with DEBUG off).
"""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, data: bytes | None = None) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, data=data, timeout=10) as response:  # noqa: S310
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def demo_server(tmp_path: Path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DEBUG", "LEDERSPOR_DEV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY"}
        and not key.startswith("PYTEST")
    }
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env["LEDERSPOR_DATA_DIR"] = str(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "lederspor.cli", "demo", "--no-build", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # migrating an empty database, under load
        while True:
            assert process.poll() is None, "the demo stopped"
            try:
                fetch(base + "/login/")
                break
            except OSError:
                assert time.monotonic() < deadline, "the demo did not start"
                time.sleep(1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_the_demo_serves_the_danish_error_pages_and_its_static_files(demo_server):
    status, page = fetch(demo_server + "/findes-ikke/")
    assert status == 404
    assert "Siden findes ikke" in page
    assert "Using the URLconf" not in page and "DEBUG = True" not in page

    status, page = fetch(demo_server + "/login/", data=b"username=a&password=b")
    assert status == 403
    assert "Formularen kunne ikke sendes" in page
    assert "CSRF verification failed" not in page and "DEBUG = True" not in page

    status, css = fetch(demo_server + "/static/lederspor/app.css")
    assert status == 200 and ".menu-toggle" in css
    status, script = fetch(demo_server + "/static/lederspor/menu.js")
    assert status == 200 and "aria-expanded" in script

    status, page = fetch(demo_server + "/login/")
    assert status == 200
    assert 'href="https://www.was.digst.dk/"' in page  # the demo's example statement


@pytest.mark.django_db
def test_the_demo_says_so_when_debug_is_on(settings):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("demo", "--no-serve", "--no-build", stdout=out)
    assert "DEBUG=1" not in out.getvalue()
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo", "--no-serve", "--no-build", stdout=out)
    assert "Lederspors danske 404/403-sider" in out.getvalue()
