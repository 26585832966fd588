"""The report pages at municipal size (issue #13 §1: "Report pages stay fast at municipal size").

    uv run python benchmarks/reports.py [--persons 30000] [--years 10] [--runs 7]
    DATABASE_URL=postgres://… uv run python benchmarks/reports.py      # on PostgreSQL

Builds a municipality in a fresh database (a temporary SQLite file unless DATABASE_URL is set;
that database is flushed first, so never point it at one you need): `--persons` employees in
5 forvaltninger × 5 områder × 20 arbejdspladser, `--years` years of two cohorts a year of each
of the four programmes with 30 nominations each (completed, rejected, withdrawn), eight
sessions with attendance, trainee effects and outcomes, and leadership changes over time. Then
it signs in as HR staff and times each report page (and its XLSX export) with Django's test
client, the median of `--runs` requests after one warm-up, next to a bare logged-in view
(`HttpResponse("ok")` behind the same middleware) timed the same way in the same run.

Prints CSV: `page,queries,median_ms,ratio_to_bare` and the reference workload of `baseline.py`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pagebench import BARE_PATH, add_bare_view, setup_django  # noqa: E402


def build(*, persons: int, years: int, rng: random.Random) -> None:
    """Write the municipality and its history with bulk inserts (not through the services:
    the benchmark measures reading, and the rows are valid for every constraint)."""
    from django.contrib.auth.models import Permission
    from django.core.management import call_command
    from django.utils import timezone

    from lederspor.core.models import User
    from lederspor.people.models import LeadershipChange, OrgUnit, Person
    from lederspor.programmes.content import load_programmes
    from lederspor.programmes.models import Attendance, Cohort, Enrolment, Programme, Session
    from lederspor.trainee.models import EffectAnswer, Outcome, TraineeOutcome

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    load_programmes()
    root = OrgUnit.objects.create(code="K", name="Kommune", kind="municipality")
    workplaces = []
    for d in range(5):
        dep = OrgUnit.objects.create(
            code=f"F{d}", name=f"Forvaltning {d}", kind="department", parent=root
        )
        for a in range(5):
            area = OrgUnit.objects.create(
                code=f"O{d}{a}", name=f"Område {d}.{a}", kind="area", parent=dep
            )
            workplaces += OrgUnit.objects.bulk_create(
                OrgUnit(
                    code=f"W{d}{a}{w}",
                    name=f"Arbejdsplads {d}.{a}.{w}",
                    kind="workplace",
                    parent=area,
                )
                for w in range(20)
            )
    professions = [
        "Pædagog",
        "Lærer",
        "Sygeplejerske",
        "SOSU-assistent",
        "Ingeniør",
        "HK",
        "Socialrådgiver",
    ]
    Person.objects.bulk_create(
        Person(
            employee_number=f"E{i}",
            first_name=f"Fornavn{i}",
            last_name="Efternavn",
            email=f"p{i}@bench.dk",
            unit=workplaces[i % len(workplaces)],
            profession=professions[i % len(professions)],
            gender=["female", "male", "other"][i % 3],
            birth_year=1960 + i % 40,
        )
        for i in range(persons)
    )
    people = list(Person.objects.values_list("id", flat=True))
    user = User.objects.create_user(email="hr@bench.dk", password="x")
    user.user_permissions.add(Permission.objects.get(codename="manage_programmes"))
    Person.objects.create(
        user=user,
        employee_number="HR",
        first_name="HR",
        last_name="Konsulent",
        email="hr@bench.dk",
        unit=workplaces[0],
    )
    today = timezone.localdate()
    programmes = list(Programme.objects.all())
    changes = []
    chosen = rng.sample(people, min(len(people), years * len(programmes) * 2 * 30))
    index = 0
    for y in range(years):
        year = today.year - years + y
        for programme in programmes:
            phases = list(programme.phases.all())
            for half in (0, 1):
                starts = dt.date(year, 2 + 6 * half, 1)
                cohort = Cohort.objects.create(
                    programme=programme,
                    name=f"{programme.name} {year}/{half}",
                    starts_on=starts,
                    ends_on=starts + dt.timedelta(days=150),
                    capacity=30,
                )
                ended = timezone.make_aware(dt.datetime.combine(cohort.ends_on, dt.time(12)))
                enrolments = []
                for n in range(30):
                    person = chosen[index % len(chosen)]
                    index += 1
                    status = "completed" if n < 22 else ("rejected" if n < 27 else "withdrawn")
                    enrolments.append(
                        Enrolment(
                            cohort=cohort,
                            person_id=person,
                            status=status,
                            completed_at=ended if status == "completed" else None,
                            decided_at=ended,
                            decision_reason="Ikke nu" if status == "rejected" else "",
                            withdrawal_reason="Nyt job" if status == "withdrawn" else "",
                        )
                    )
                    changes.append(
                        LeadershipChange(
                            person_id=person, kind="stopped", on=starts, source="import"
                        )
                    )
                    if rng.random() < 0.3:
                        changes.append(
                            LeadershipChange(
                                person_id=person,
                                kind="became",
                                source="import",
                                on=cohort.ends_on + dt.timedelta(days=rng.randrange(30, 1200)),
                            )
                        )
                Enrolment.objects.bulk_create(enrolments)
                seated = [e for e in enrolments if e.status == "completed"]
                sessions = Session.objects.bulk_create(
                    Session(
                        cohort=cohort,
                        kind="network_meeting",
                        theme=f"Møde {s}",
                        starts_at=timezone.make_aware(
                            dt.datetime.combine(starts + dt.timedelta(days=14 * s), dt.time(9))
                        ),
                        ends_at=timezone.make_aware(
                            dt.datetime.combine(starts + dt.timedelta(days=14 * s), dt.time(12))
                        ),
                    )
                    for s in range(8)
                )
                Attendance.objects.bulk_create(
                    Attendance(
                        session=s,
                        enrolment=e,
                        status="present" if rng.random() < 0.85 else "absent",
                    )
                    for s in sessions
                    for e in seated
                )
                if programme.kind == "trainee":
                    EffectAnswer.objects.bulk_create(
                        EffectAnswer(
                            enrolment=e,
                            phase=phase,
                            effect_index=k,
                            effect_text=text,
                            respondent=who,
                            rating=rng.randint(2, 5),
                        )
                        for e in seated
                        for phase in phases
                        for k, text in enumerate(phase.effects)
                        for who in ("trainee", "leader")
                    )
                    TraineeOutcome.objects.bulk_create(
                        TraineeOutcome(
                            enrolment=e, outcome=rng.choice(list(Outcome)), recorded_at=ended
                        )
                        for e in seated
                    )
    LeadershipChange.objects.bulk_create(changes, batch_size=2000)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load, as after an import


def measure(runs: int) -> list[tuple[str, int, float]]:
    """(page, queries, median ms) for the bare view and every report page and export."""
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from lederspor.core.models import User

    client = Client()
    client.force_login(
        User.objects.get(email="hr@bench.dk"), backend="lederspor.core.auth.EmailBackend"
    )
    pages = [
        ("bare", BARE_PATH),
        ("programme", "/rapporter/"),
        ("programme?year", f"/rapporter/?year={timezone.localdate().year - 2}"),
        ("leaders", "/rapporter/ledere/"),
        ("effects", "/rapporter/effekt/"),
        ("diversity", "/rapporter/mangfoldighed/"),
        ("evaluations", "/rapporter/evalueringer/"),
        ("leaders.xlsx", "/rapporter/ledere/?eksport=xlsx"),
    ]
    results = []
    for name, url in pages:
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        count = [0]

        def counter(execute, sql, params, many, context, count=count):
            count[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url, secure=True)
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            client.get(url, secure=True)
            times.append((time.perf_counter() - started) * 1000)
        results.append((name, count[0], statistics.median(times)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=30_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django("reports")
    add_bare_view()

    from baseline import baseline_seconds

    started = time.perf_counter()
    build(persons=args.persons, years=args.years, rng=random.Random(0))
    print(
        f"# built {args.persons} persons, {args.years} years in {time.perf_counter() - started:.1f} s"
    )
    base = baseline_seconds()
    rows = measure(args.runs)
    bare = rows[0][2]
    print("page,queries,median_ms,ratio_to_bare")
    for name, queries, ms in rows:
        print(f"{name},{queries},{ms:.1f},{ms / bare:.1f}")
    print(f"# reference workload (baseline.py): {base:.3f} s")


if __name__ == "__main__":
    main()
