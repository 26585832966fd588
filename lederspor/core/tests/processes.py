"""Helpers for tests that start real server and worker processes against the test database
(core/tests/test_deploy_units.py, notifications/tests/test_multi_worker.py)."""

import json
import os
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_env(tmp_path: Path) -> dict[str, str | None]:
    """Environment variables that point a subprocess at the test database: on PostgreSQL its
    DATABASE_URL (the test database's name); on SQLite a copy of the in-memory test database
    in `tmp_path` (LEDERSPOR_DATA_DIR; call outside a test transaction). None = unset."""
    from django.db import connection

    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(tmp_path / "lederspor.sqlite3") as copy:
            connection.connection.backup(copy)
        return {"LEDERSPOR_DATA_DIR": str(tmp_path), "DATABASE_URL": None}
    s = connection.settings_dict
    url = f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    return {"DATABASE_URL": url, "LEDERSPOR_DATA_DIR": str(tmp_path)}


def process_env(extra: dict[str, str | None]) -> dict[str, str]:
    """This process's environment (development mode, set by lederspor/dev_settings.py) with
    `extra` applied (None removes a variable) and plain-text logs."""
    env = {**os.environ, "LOG_FORMAT": "text"}
    env.pop("DJANGO_SETTINGS_MODULE", None)  # the servers' own: lederspor.settings
    for key, value in extra.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def get_json(url: str, *, timeout: float = 5) -> tuple[int, dict]:
    """GET `url`: (status, JSON body); an HTTP error status is returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def wait_for(check, *, timeout: float, what: str, processes=()) -> object:
    """Call `check()` until it returns a true value (returned) or `timeout` seconds pass
    (AssertionError naming `what`); fails early when one of `processes` stops."""
    deadline = time.monotonic() + timeout
    while True:
        for process in processes:
            assert process.poll() is None, f"{process.args[:3]} stopped while waiting for {what}"
        try:
            result = check()
        except (OSError, ValueError) as error:
            result = error
        if result and not isinstance(result, Exception):
            return result
        assert time.monotonic() < deadline, (
            f"timed out after {timeout} s waiting for {what} (last: {result!r})"
        )
        time.sleep(0.3)


@contextmanager
def running(
    args: list[str], *, env: dict[str, str], cwd: Path, log: Path
) -> Iterator[subprocess.Popen]:
    """Start `args` (output to `log`), yield the process, and stop it at the end (SIGTERM, then
    SIGKILL after 20 s)."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
