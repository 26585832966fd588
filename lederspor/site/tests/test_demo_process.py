"""`lederspor demo` as a user runs it: a real process with its worker, stopped with `kill`."""

import os
import signal
import socket
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


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc to find the worker")
def test_kill_stops_the_demo_and_its_worker(tmp_path):
    port = _free_port()
    env = {**os.environ, "LEDERSPOR_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)  # the demo's own SQLite file in tmp_path
    demo = subprocess.Popen(
        [sys.executable, "-m", "lederspor.cli", "demo", "--port", str(port)],
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
