"""What every signed-in request costs at municipal size (issue #17 §1): a bare view vs the empty
page with the menu, per role, queries and median milliseconds.

    uv run python benchmarks/request_overhead.py [--persons 30824] [--runs 30]
        [--db /tmp/lederspor-municipality.sqlite3]

The first run builds the generated municipality (`people.generator.generate_municipality`)
through the project's own import (`people.importing.load_tables`) into the SQLite file `--db`
(slow: minutes) plus a cohort with a consultant and enrolments; later runs copy that file and
reuse it. Roles: a consultant (HR permission, a cohort), a chef (a manager of managers), a
leader (has reports), a participant (enrolled) and an employee with no relation. Prints CSV:
`role,page,queries,median_ms`. The same script runs on a checkout from before issue #17 (copy
it and `pagebench.py` there) for the figures before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BASE_PATH = "/__bench_base__/"


def _four_levels(town):  # type: ignore[no-untyped-def]
    """`town` with its "team" units folded into their parents (persons move up): an import
    from before issue #17 §2 knows only four levels; and e-mail addresses in ASCII (the
    import refuses æ, ø, å in an address). The same persons and managers."""
    from lederspor.people.generator import Municipality

    parent = {u["enhedskode"]: u["overordnet_enhedskode"] for u in town.units}
    teams = {u["enhedskode"] for u in town.units if u["niveau"] == "team"}
    units = [u for u in town.units if u["enhedskode"] not in teams]
    ascii_mail = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u"})
    persons = [
        {
            **p,
            "enhedskode": parent[p["enhedskode"]] if p["enhedskode"] in teams else p["enhedskode"],
            "email": p["email"].translate(ascii_mail),
        }
        for p in town.persons
    ]
    return Municipality(units=units, persons=persons)


def build(persons: int) -> None:
    """Migrate the fresh database and load the municipality and one cohort into it."""
    import datetime as dt

    from django.contrib.auth.models import Permission
    from django.core.management import call_command

    from lederspor.core.models import User
    from lederspor.core.uploads import UploadLimits
    from lederspor.people.generator import generate_municipality
    from lederspor.people.importing import load_tables
    from lederspor.people.importing.reader import read_table
    from lederspor.people.models import Person
    from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind

    call_command("migrate", verbosity=0)
    units = max(8, round(persons * 1_662 / 30_824))
    town = generate_municipality(persons=persons, units=units)
    town = _four_levels(town)
    big = UploadLimits(10**9, 10**9, 10**6, 10**6, 10**7, 10**8)
    started = time.perf_counter()
    result = load_tables(
        units=read_table(data=town.units_csv(), filename="enheder.csv", limits=big),
        persons=read_table(data=town.persons_csv(), filename="personer.csv", limits=big),
        label="benchmark",
        by=None,
    )
    if not result.ok:
        raise SystemExit(f"the import failed: {result}")
    print(f"# built {persons} persons in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    for person in Person.objects.filter(user__isnull=True)[:5]:
        person.user = User.objects.create_user(email=person.email, password="bench-password")
        person.save(update_fields=["user"])
    programme = Programme.objects.create(
        key="aspirant", kind=ProgrammeKind.ASPIRANT, name="Lederaspirantforløb"
    )
    today = dt.datetime.now(tz=dt.UTC).date()
    cohort = Cohort.objects.create(
        programme=programme,
        name="Bench",
        starts_on=today,
        ends_on=today + dt.timedelta(days=100),
        capacity=30,
    )
    consultant = Person.objects.filter(user__isnull=False).order_by("pk").last()
    consultant.user.user_permissions.add(Permission.objects.get(codename="manage_programmes"))
    cohort.consultants.add(consultant)
    staff = Person.objects.filter(manager__isnull=False, user__isnull=False).order_by("pk")[:20]
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, person=p, status=Enrolment.Status.ENROLLED) for p in staff
    )


def roles() -> dict[str, object]:
    """The persons whose logins are measured, by role."""
    from django.db.models import Exists, OuterRef

    from lederspor.people.models import Person
    from lederspor.programmes.models import Enrolment

    with_login = Person.objects.filter(user__isnull=False)
    reports = Person.objects.filter(manager=OuterRef("pk"))
    return {
        "consultant": with_login.filter(consulted_cohorts__isnull=False).first(),
        "chef": with_login.filter(Exists(Person.objects.filter(manager__manager=OuterRef("pk"))))
        .order_by("pk")
        .last(),
        "leader": with_login.filter(Exists(reports))
        .exclude(Exists(Person.objects.filter(manager__manager=OuterRef("pk"))))
        .first(),
        "participant": Enrolment.objects.select_related("person").first().person,  # type: ignore[union-attr]
        "employee": with_login.exclude(Exists(reports))
        .exclude(enrolments__isnull=False)
        .exclude(consulted_cohorts__isnull=False)
        .first(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=30_824)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument(
        "--db", default=str(Path(tempfile.gettempdir()) / "lederspor-municipality.sqlite3")
    )
    args = parser.parse_args()
    source = Path(args.db)
    work = Path(tempfile.mkdtemp()) / "work.sqlite3"
    fresh = not source.exists()
    os.environ["DATABASE_URL"] = f"sqlite:///{source if fresh else work}"
    if not fresh:
        shutil.copy(source, work)
    from pagebench import BARE_PATH, add_bare_view, setup_django

    setup_django("overhead")
    if fresh:
        build(args.persons)
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # this checkout's migrations (indexes)
    add_bare_view()

    from django.contrib.auth.decorators import login_required
    from django.db import connection
    from django.template import engines
    from django.test import Client
    from django.urls import clear_url_caches, path

    import lederspor.urls

    empty = engines["django"].from_string(
        '{% extends "base.html" %}{% block title %}Tom{% endblock %}'
        "{% block content %}<h1>Tom</h1>{% endblock %}"
    )

    @login_required
    def base(request):  # type: ignore[no-untyped-def]
        from django.http import HttpResponse

        return HttpResponse(empty.render({}, request))

    lederspor.urls.urlpatterns.append(path(BASE_PATH.strip("/") + "/", base))
    clear_url_caches()

    print("role,page,queries,median_ms")
    for role, person in roles().items():
        client = Client()
        client.force_login(person.user, backend="lederspor.core.auth.EmailBackend")  # type: ignore[attr-defined]
        for name, url in (("bare", BARE_PATH), ("base", BASE_PATH)):
            assert client.get(url, secure=True).status_code == 200, (role, url)
            statements: list[str] = []

            def counter(execute, sql, params, many, context, statements=statements):  # type: ignore[no-untyped-def]
                statements.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(counter):
                client.get(url, secure=True)
            times = []
            for _ in range(args.runs):
                started = time.perf_counter()
                client.get(url, secure=True)
                times.append((time.perf_counter() - started) * 1000)
            print(f"{role},{name},{len(statements)},{statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
