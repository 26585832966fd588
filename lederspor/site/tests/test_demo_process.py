"""`lederspor demo` as a user runs it: a real process with its worker, stopped with `kill`.

The process serves a data dir whose database is already migrated and does not build the demo
(`--no-build`): building it is what `test_demo.py` tests, and here it would only add half a
minute before the process serves.
"""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a finished child not yet reaped by its (gone) parent counts as stopped
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"


@pytest.fixture
def data_dir(tmp_path, django_db_setup, django_db_blocker):
    """A data dir for the demo's own SQLite file, already migrated when the test database is
    SQLite (a copy of it, taken outside any test transaction: SQLite cannot back up an
    in-memory database while a transaction holds it); on PostgreSQL the process migrates the
    new file itself."""
    from django.db import connection

    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        with django_db_blocker.unblock():
            connection.ensure_connection()
            with sqlite3.connect(tmp_path / "lederspor.sqlite3") as copy:
                connection.connection.backup(copy)
    return tmp_path


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the worker")
def test_kill_stops_the_demo_and_its_worker(data_dir):
    port = _free_port()
    env = {**os.environ, "LEDERSPOR_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)  # the demo's own SQLite file in data_dir
    demo = subprocess.Popen(
        [sys.executable, "-m", "lederspor.cli", "demo", "--no-build", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert demo.poll() is None, "the demo stopped before serving"
            time.sleep(0.5)
        else:
            pytest.fail("the demo did not start serving within 180 s")
        children = subprocess.run(
            ["pgrep", "-P", str(demo.pid)], capture_output=True, text=True
        ).stdout.split()
        assert children, "the demo started no worker"
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
        time.sleep(0.5)
        assert not [pid for pid in children if _alive(int(pid))]
    finally:
        if demo.poll() is None:
            demo.kill()
