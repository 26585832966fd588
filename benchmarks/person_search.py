"""HR's person search at municipality size (issue #16 §3: "fast at 30,000 persons").

    uv run python benchmarks/person_search.py [--persons 30000] [--runs 9]
    DATABASE_URL=postgres://… uv run python benchmarks/person_search.py      # on PostgreSQL

Builds a municipality of 6 departments, 30 areas and 600 workplaces with `--persons` persons
in a fresh database (a temporary SQLite file unless DATABASE_URL is set; that database is
flushed first, so never point it at one you need), one person with ten enrolments over ten
years, signs in as HR staff and times the person list (a page of 50) unfiltered, by a name, by
an area's name (its 20 workplaces), by a workplace's name and by two words, and that one
person's page with the programme history: the median of `--runs` requests after a warm-up.

Prints CSV: `page,queries,count,median_ms`.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pagebench import add_bare_view, setup_django  # noqa: E402


def build(*, persons: int) -> int:
    """The organisation, the persons, the HR login and one person's history; returns that
    person's id."""
    import datetime as dt

    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.db import connection

    from lederspor.core.models import User
    from lederspor.people.models import OrgUnit, Person
    from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    top = OrgUnit.objects.create(name="Bench Kommune", code="K", kind=OrgUnit.Kind.MUNICIPALITY)
    workplaces = []
    for d in range(6):
        dep = OrgUnit.objects.create(
            name=f"Forvaltning {d}", code=f"F{d}", kind=OrgUnit.Kind.DEPARTMENT, parent=top
        )
        for a in range(5):
            area = OrgUnit.objects.create(
                name=f"Område {d}-{a}", code=f"A{d}{a}", kind=OrgUnit.Kind.AREA, parent=dep
            )
            workplaces += OrgUnit.objects.bulk_create(
                OrgUnit(
                    name=f"Arbejdsplads {d}-{a}-{w}",
                    code=f"W{d}{a}{w}",
                    kind=OrgUnit.Kind.WORKPLACE,
                    parent=area,
                )
                for w in range(20)
            )
    first = ["Anne", "Bo", "Camilla", "Dennis", "Eva", "Frederik", "Gitte", "Henrik", "Ida"]
    last = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen"]
    Person.objects.bulk_create(
        (
            Person(
                employee_number=str(100_000 + i),
                first_name=f"{first[i % len(first)]}{i}",
                last_name=last[i % len(last)],
                email=f"p{i}@bench.dk",
                unit=workplaces[i % len(workplaces)],
            )
            for i in range(persons)
        ),
        batch_size=5000,
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
    programme = Programme.objects.create(
        key="aspirant", kind=ProgrammeKind.ASPIRANT, name="Lederaspirantforløb"
    )
    someone = Person.objects.order_by("pk").first()
    for year in range(2015, 2025):
        cohort = Cohort.objects.create(
            programme=programme,
            name=f"Aspiranthold {year}",
            starts_on=dt.date(year, 2, 1),
            ends_on=dt.date(year, 11, 30),
            capacity=24,
        )
        Enrolment.objects.create(cohort=cohort, person=someone, status=Enrolment.Status.COMPLETED)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return someone.pk


def measure(person_id: int, runs: int) -> list[tuple[str, int, int, float]]:
    """(page, queries, persons found, median ms) per page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lederspor.core.models import User

    client = Client()
    client.force_login(
        User.objects.get(email="hr@bench.dk"), backend="lederspor.core.auth.EmailBackend"
    )
    pages = [
        ("list", "/organisation/personer/"),
        ("list q=name", "/organisation/personer/?q=Camilla2"),
        ("list q=area", "/organisation/personer/?q=Område+3-2"),
        ("list q=workplace", "/organisation/personer/?q=Arbejdsplads+3-2-17"),
        ("list q=two words", "/organisation/personer/?q=Område+1-1+Hansen"),
        ("person page + history", f"/organisation/personer/{person_id}/"),
    ]
    results = []
    for name, url in pages:
        client.get(url, secure=True)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        found = re.search(r"(\d+) person", response.content.decode())
        count = int(found.group(1)) if found and name != "person page + history" else 1
        results.append((name, len(queries), count, statistics.median(times)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=30_000)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    setup_django("person-search")
    add_bare_view()
    person_id = build(persons=args.persons)
    print("page,queries,count,median_ms")
    for name, queries, count, ms in measure(person_id, args.runs):
        print(f"{name},{queries},{count},{ms:.1f}")


if __name__ == "__main__":
    main()
