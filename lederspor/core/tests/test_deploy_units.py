"""The systemd units in deploy/systemd/ are tested to start (issue #17 §3; docs/operations.md
"Drift: topologi"): their ExecStart lines, run as written (the virtual environment's path
mapped to this one, ${VARIABLES} from the test's environment and a free port), start a gunicorn
that answers /health/ and a worker whose heartbeat that answer sees; every log line they write
with LOG_FORMAT=json is one JSON object; and `systemd-analyze verify` accepts the units when
the machine has it."""

import json
import re
import shlex
import shutil
import subprocess
import sys
import urllib.request
import uuid
from pathlib import Path

import pytest

from lederspor.core.tests.processes import (
    database_env,
    free_port,
    get_json,
    process_env,
    running,
    wait_for,
)

ROOT = Path(__file__).resolve().parents[3]
UNITS = ROOT / "deploy" / "systemd"
#: where the units expect the installation's virtual environment
INSTALLED_VENV_BIN = "/opt/lederspor/.venv/bin/"
THIS_VENV_BIN = f"{Path(sys.executable).parent}/"
HARDENING = {
    "NoNewPrivileges": "yes",
    "PrivateTmp": "yes",
    "ProtectSystem": "strict",
    "ProtectHome": "yes",
    "CapabilityBoundingSet": "",
    "RestrictSUIDSGID": "yes",
}


def parse_unit(name: str) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values in order]}} (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in (UNITS / name).read_text().splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        key, _sep, value = line.partition("=")
        assert current is not None, f"{name}: {line!r} outside a section"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def exec_start(name: str, env: dict[str, str]) -> list[str]:
    """The unit's ExecStart as the arguments systemd would run: ${VAR} from `env` (KeyError for
    a variable the environment lacks), the installed virtual environment's path mapped to the
    one running the tests."""
    (line,) = parse_unit(name)["Service"]["ExecStart"]
    assert line.startswith(INSTALLED_VENV_BIN)
    line = THIS_VENV_BIN + line.removeprefix(INSTALLED_VENV_BIN)
    return shlex.split(re.sub(r"\$\{(\w+)\}", lambda m: env[m.group(1)], line))


def example_env() -> dict[str, str]:
    text = (UNITS / "lederspor.env.example").read_text()
    return dict(
        line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#")
    )


@pytest.mark.parametrize("name", ["lederspor-web.service", "lederspor-worker@.service"])
def test_the_units_run_as_a_user_from_the_environment_file_and_are_hardened(name):
    service = parse_unit(name)["Service"]
    assert service["User"] == ["lederspor"]
    assert service["EnvironmentFile"] == ["/etc/lederspor/lederspor.env"]
    assert service["WorkingDirectory"] == ["/opt/lederspor"]
    for key, value in HARDENING.items():
        assert service[key] == [value], key
    assert service["ReadWritePaths"] == [example_env()["LEDERSPOR_DATA_DIR"]]
    # every variable ExecStart names is in the example environment file
    exec_start(name, example_env())
    assert parse_unit(name)["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_units_start_a_server_that_answers_health_and_a_worker_that_beats(
    transactional_db, tmp_path
):
    port = free_port()
    env = process_env(
        {
            **database_env(tmp_path),
            "LEDERSPOR_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": "1",
            "LOG_FORMAT": "json",
            # as production sets it (else the checks write a warning, in plain text)
            "LEDERSPOR_ACCESSIBILITY_STATEMENT_URL": "https://www.was.digst.dk/",
        }
    )
    health = f"http://127.0.0.1:{port}/health/"
    web_log, worker_log = tmp_path / "web.log", tmp_path / "worker.log"
    web_cmd = exec_start("lederspor-web.service", env)
    worker_cmd = exec_start("lederspor-worker@.service", env)
    with running(web_cmd, env=env, cwd=ROOT, log=web_log) as web:
        status, body = wait_for(
            lambda: get_json(health), timeout=90, what="gunicorn on /health/", processes=[web]
        )
        assert (status, body["database"], body["worker"]) == (503, "ok", "missing")
        with running(worker_cmd, env=env, cwd=ROOT, log=worker_log) as worker:
            status, body = wait_for(
                lambda: (answer := get_json(health))[0] == 200 and answer,
                timeout=90,
                what="the worker's heartbeat on /health/",
                processes=[web, worker],
            )
            assert body["status"] == "ok" and body["workers"] == 1
            assert body["worker_seen_seconds_ago"] < 30
            worker.terminate()
            worker.wait(timeout=90)  # TimeoutStopSec
        request_id = uuid.uuid4().hex
        request = urllib.request.Request(health, headers={"X-Request-ID": request_id})
        with urllib.request.urlopen(request, timeout=5) as answer:  # noqa: S310
            assert answer.headers["X-Request-ID"] == request_id
    lines = [json.loads(line) for line in web_log.read_text().splitlines() if line.strip()]
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    assert any(line["request_id"] == request_id for line in access), access
    assert {"time", "level", "logger", "message", "request_id"} <= set(access[-1])
    for line in worker_log.read_text().splitlines():
        if line.strip():
            json.loads(line)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not here")
def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    for name in ("lederspor-web.service", "lederspor-worker@.service"):
        text = (UNITS / name).read_text().replace(INSTALLED_VENV_BIN, THIS_VENV_BIN)
        (tmp_path / name).write_text(text)
    result = subprocess.run(
        [
            "systemd-analyze",
            "verify",
            str(tmp_path / "lederspor-web.service"),
            str(tmp_path / "lederspor-worker@.service"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown" not in result.stderr and "ignoring" not in result.stderr, result.stderr
