"""The backup procedure of docs/operations.md ("Backup and restore"), done for real on
PostgreSQL (issue #15 §5): `pg_dump -Fc` of the test database, `createdb` + `pg_restore` into
a fresh database, `lederspor migrate --check` against the restored copy, then `dropdb`.

PostgreSQL only: run with DATABASE_URL=postgres://… (as `.ci/run` does); needs the PostgreSQL
client programs (`pg_dump`, `pg_restore`, `createdb`, `dropdb`) on the PATH."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

PROGRAMS = ("pg_dump", "pg_restore", "createdb", "dropdb")
#: seconds any one step may take before the test fails rather than hangs
TIMEOUT = 300


def _require_postgresql() -> dict:
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL only: dumps and restores the test database with pg_dump/pg_restore "
            "(run with DATABASE_URL=postgres://…, as .ci/run does); SQLite is backed up by "
            "copying its file"
        )
    missing = [name for name in PROGRAMS if shutil.which(name) is None]
    assert not missing, f"the PostgreSQL client programs are missing: {missing}"
    return connection.settings_dict


def _client_env(settings: dict) -> dict[str, str]:
    """The environment the PostgreSQL programs read the server and password from."""
    env = dict(os.environ)
    env.update(
        PGHOST=str(settings["HOST"] or "localhost"),
        PGPORT=str(settings["PORT"] or 5432),
        PGUSER=str(settings["USER"]),
        PGPASSWORD=str(settings["PASSWORD"] or ""),
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _rows(env: dict[str, str], database: str, table: str) -> int:
    """The number of rows in `table` of `database`, read through psql."""
    result = _run(
        ["psql", "-d", database, "-tAc", f"SELECT count(*) FROM {table}"],  # noqa: S608
        env,
    )
    return int(result.stdout.strip())


@pytest.mark.django_db
def test_a_dump_restores_into_a_fresh_database_that_needs_no_migration(tmp_path: Path):
    settings = _require_postgresql()
    env = _client_env(settings)
    source = str(settings["NAME"])
    fresh = f"{source}_restore_{secrets.token_hex(4)}"
    dump = tmp_path / "lederspor.dump"

    _run(["pg_dump", "-Fc", "--no-owner", "-d", source, "-f", str(dump)], env)
    assert dump.stat().st_size > 0
    _run(["createdb", fresh], env)
    try:
        _run(["pg_restore", "--no-owner", "--no-privileges", "-d", fresh, str(dump)], env)
        for table in ("django_migrations", "auth_permission", "django_content_type"):
            assert _rows(env, fresh, table) == _rows(env, source, table) > 0, table

        lederspor = Path(sys.executable).with_name("lederspor")
        url = "postgres://{user}:{password}@{host}:{port}/{name}".format(
            user=quote(env["PGUSER"], safe=""),
            password=quote(env["PGPASSWORD"], safe=""),
            host=env["PGHOST"],
            port=env["PGPORT"],
            name=fresh,
        )
        check = subprocess.run(
            [str(lederspor), "migrate", "--check"],
            env={**env, "DATABASE_URL": url, "LEDERSPOR_DEV": "1"},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert check.returncode == 0, f"migrate --check:\n{check.stdout}\n{check.stderr}"

        # the check can fail: a database without the migration history needs migrating
        _run(["psql", "-d", fresh, "-qc", "DELETE FROM django_migrations WHERE app = 'core'"], env)
        unmigrated = subprocess.run(
            [str(lederspor), "migrate", "--check"],
            env={**env, "DATABASE_URL": url, "LEDERSPOR_DEV": "1"},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
        )
        assert unmigrated.returncode != 0
    finally:
        _run(["dropdb", "--force", "--if-exists", fresh], env)
