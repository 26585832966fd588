"""What the read log costs a request (issue #15 §1: "at most one write per request").

    uv run python benchmarks/readlog.py [--persons 5000] [--log-rows 200000] [--runs 15]
    DATABASE_URL=postgres://… uv run python benchmarks/readlog.py      # on PostgreSQL

Builds `--persons` persons in a fresh database (a temporary SQLite file unless DATABASE_URL is
set; that database is flushed first, so never point it at one you need) and `--log-rows` rows
of read log, signs in as HR staff and times HR's person list (a page of 50 persons), one
person's page and the person export, each with the read log on and with `ReadLogMiddleware`
taken out, next to a bare logged-in view (`HttpResponse("ok")` behind the same middleware),
the median of `--runs` requests after one warm-up. Then it times the two read-log searches:
every read about one person (the "Mine data" page and the DPO's search by subject) and one
reader's reads.

Prints CSV: `page,read_log,queries,writes,median_ms,ratio_to_bare`, then
`search,median_ms,ratio_to_bare`, and the reference workload of `baseline.py`.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pagebench import BARE_PATH, add_bare_view, setup_django  # noqa: E402

WRITES = ("INSERT", "UPDATE", "DELETE")


def build(*, persons: int, log_rows: int, rng: random.Random) -> None:
    """Persons in 20 units with bulk inserts, an HR login, and `log_rows` read-log rows of
    1–50 persons each over two years."""
    import datetime as dt

    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from lederspor.core.models import User
    from lederspor.people.models import OrgUnit, Person
    from lederspor.privacy.models import ReadLogEntry

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    top = OrgUnit.objects.create(name="Bench Kommune", code="K", kind=OrgUnit.Kind.MUNICIPALITY)
    units = [
        OrgUnit.objects.create(
            name=f"Enhed {i}", code=f"U{i}", kind=OrgUnit.Kind.WORKPLACE, parent=top
        )
        for i in range(20)
    ]
    Person.objects.bulk_create(
        Person(
            employee_number=str(10_000 + i),
            first_name=f"Fornavn{i}",
            last_name="Efternavn",
            email=f"p{i}@bench.dk",
            unit=units[i % len(units)],
        )
        for i in range(persons)
    )
    hr = User.objects.create_user(email="hr@bench.dk", password="x")
    hr.user_permissions.add(Permission.objects.get(codename="manage_programmes"))
    Person.objects.create(
        user=hr,
        employee_number="1",
        first_name="Hanne",
        last_name="HR",
        email="hr@bench.dk",
        unit=top,
    )
    ids = list(Person.objects.values_list("pk", flat=True))
    now = timezone.now()
    batch = []
    for _ in range(log_rows):
        shown = rng.sample(ids, rng.randint(1, 50))
        batch.append(
            ReadLogEntry(
                at=now - dt.timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)),
                reader=hr,
                reader_label="Hanne HR <hr@bench.dk>",
                kinds="person",
                subjects=" " + " ".join(map(str, shown)) + " ",
                subject_count=len(shown),
                path="/organisation/personer/",
                channel="page",
            )
        )
        if len(batch) == 5000:
            ReadLogEntry.objects.bulk_create(batch)
            batch = []
    ReadLogEntry.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _median_ms(call, runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(runs: int) -> list[tuple[str, str, int, int, float]]:
    """(page, read log on/off, queries, writes, median ms) per page."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings

    from lederspor.core.models import User
    from lederspor.people.models import Person

    someone = Person.objects.exclude(user__isnull=False).order_by("pk").first()
    pages = [
        ("bare", BARE_PATH),
        ("person_list", "/organisation/personer/"),
        ("person_detail", f"/organisation/personer/{someone.pk}/"),
        ("person_export.csv", "/organisation/personer/?eksport=csv"),
    ]
    without = [m for m in settings.MIDDLEWARE if not m.endswith("ReadLogMiddleware")]
    results = []
    for mode, middleware in (("on", list(settings.MIDDLEWARE)), ("off", without)):
        with override_settings(MIDDLEWARE=middleware):
            client = Client()
            client.force_login(
                User.objects.get(email="hr@bench.dk"), backend="lederspor.core.auth.EmailBackend"
            )
            for name, url in pages:
                if name == "bare" and mode == "off":
                    continue
                assert client.get(url, secure=True).status_code == 200, url
                statements: list[str] = []

                def counter(execute, sql, params, many, context, statements=statements):
                    statements.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(counter):
                    client.get(url, secure=True)
                writes = sum(1 for sql in statements if sql.lstrip().upper().startswith(WRITES))
                ms = _median_ms(lambda url=url, client=client: client.get(url, secure=True), runs)
                results.append((name, mode, len(statements), writes, ms))
    return results


def searches(runs: int) -> list[tuple[str, float]]:
    """(search, median ms) of the read-log lookups by subject and by reader."""
    from lederspor.core.models import User
    from lederspor.people.models import Person
    from lederspor.privacy.models import ReadLogEntry

    subject = Person.objects.order_by("pk")[10].pk
    reader = User.objects.get(email="hr@bench.dk")
    return [
        (
            "reads_about_one_person (first page of 50)",
            _median_ms(
                lambda: list(ReadLogEntry.objects.filter(subjects__contains=f" {subject} ")[:50]),
                runs,
            ),
        ),
        (
            "reads_by_one_reader (first page of 50)",
            _median_ms(lambda: list(ReadLogEntry.objects.filter(reader=reader)[:50]), runs),
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=5_000)
    parser.add_argument("--log-rows", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django("readlog")
    add_bare_view()

    from baseline import baseline_seconds

    started = time.perf_counter()
    build(persons=args.persons, log_rows=args.log_rows, rng=random.Random(0))
    print(
        f"# built {args.persons} persons, {args.log_rows} read-log rows in "
        f"{time.perf_counter() - started:.1f} s"
    )
    base = baseline_seconds()
    rows = measure(args.runs)
    bare = rows[0][4]
    print("page,read_log,queries,writes,median_ms,ratio_to_bare")
    for name, mode, queries, writes, ms in rows:
        print(f"{name},{mode},{queries},{writes},{ms:.1f},{ms / bare:.1f}")
    print("search,median_ms,ratio_to_bare")
    for name, ms in searches(args.runs):
        print(f"{name},{ms:.1f},{ms / bare:.1f}")
    print(f"# reference workload (baseline.py): {base:.3f} s")


if __name__ == "__main__":
    main()
