"""The pages of issue #17 §1 at municipal size, served by gunicorn on PostgreSQL.

    uv run python benchmarks/pages.py [--runs 11] [--load-seconds 30] [--rebuild] [--classic-tree]

Builds (once; cached in the template database `bench_pages_template`, `--rebuild` forces) the
generated municipality (`people.generator.generate_municipality()`: 30,824 persons in 1,662
units) written as CSV files and loaded with `lederspor import_org` (the project's own import),
plus ten years of history in valid bulk rows and a few service calls: 91 cohorts over the four
programmes (one of 200 enrolled aspirants with six network meetings and a composed
network-grouping round), 2,567 enrolments, 2,098 conversations, 15,366 queued/sent e-mails, a
kørekort task over the largest forvaltning, a competence plan and a proposed practice task with
a host. Then it copies the template to the database `bench_pages`, collects the static files
into a temporary directory, starts gunicorn (2 workers, 127.0.0.1, a free port, DEBUG off,
WhiteNoise) with `benchmarks.bench_settings` (which adds a bare logged-in view), signs in as
each role by creating sessions, and prints for every page of the issue's table:

    page,role,status,queries,median_ms,p95_ms,ratio_to_bare,target,met

(queries counted in-process with Django's test client against the same database; latency over
`--runs` HTTP requests to gunicorn, the pages taking turns; the ratio is the page's median over
the bare view's median in the same run), then a load of 10 and 50 concurrent clients with
locust over a mix of the pages (`users,requests,failures,rps,median_ms,p95_ms`), then every
SELECT touching `people_person` whose PostgreSQL plan has "Seq Scan on people_person".

`--classic-tree` writes the generator's teams as workplaces ("arbejdsplads", under the area of
their workplace): the import before issue #17 knows only four levels. Use it on both sides of
a before/after comparison so the data are the same.

PostgreSQL only: the cluster on 127.0.0.1:5432 with the role lederspor/lederspor (override
with BENCH_PG_HOST, BENCH_PG_PORT, BENCH_PG_USER, BENCH_PG_PASSWORD). It drops and recreates
the databases `bench_pages`, `bench_pages_org` (the imported organisation, cached) and
`bench_pages_template` (the whole data set, cached) and touches no other.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

DB = "bench_pages"
TEMPLATE = "bench_pages_template"
#: bump when the build changes, so a cached template is rebuilt
BUILD_VERSION = "2"
PG = {
    "host": os.environ.get("BENCH_PG_HOST", "127.0.0.1"),
    "port": os.environ.get("BENCH_PG_PORT", "5432"),
    "user": os.environ.get("BENCH_PG_USER", "lederspor"),
    "password": os.environ.get("BENCH_PG_PASSWORD", "lederspor"),
}
BARE_PATH = "/__bench_bare__/"
#: targets of issue #17 §1 as ratios to the bare view
TARGETS = {"base": 3.0, "list": 15.0, "heavy": 40.0}
#: ten years of history: cohorts per programme per year (9 a year × 10 years + the cohort of 200)
PER_YEAR = {"aspirant": 2, "clarification": 3, "trainee": 2, "job_visit": 2}
YEARS = range(2016, 2026)
BIG_COHORT = 200
ENROLMENTS_PER_COHORT = 26  # 22 completed, 2 rejected, 2 withdrawn
EXTRA_ENROLMENTS = 28  # the first 28 past cohorts have one more (withdrawn)
NOMINATED = 27  # in next year's aspirant cohort: the nomination queue
CONVERSATIONS = 2_098
EMAILS = 15_366
QUEUED_EMAILS = 120


def _url(database: str) -> str:
    return f"postgres://{PG['user']}:{PG['password']}@{PG['host']}:{PG['port']}/{database}"


def _admin_sql(*statements: str, params: tuple[Any, ...] | None = None) -> list[Any]:
    """Run statements (each with `params`) on the `postgres` maintenance database
    (autocommit); returns the last one's rows."""
    import psycopg

    rows: list[Any] = []
    with psycopg.connect(_url("postgres"), autocommit=True) as conn:
        for sql in statements:
            cur = conn.execute(sql.encode(), params)
            rows = cur.fetchall() if cur.description else []
    return rows


def _fingerprint(classic_tree: bool, *, stage: str) -> str:
    """What a cached template depends on: the migrations, the generator, the tree's shape and,
    for the whole data set (`stage` "full", not "org"), `BUILD_VERSION`."""
    version = BUILD_VERSION if stage == "full" else ""
    digest = hashlib.sha256(f"{stage}:{version}:{classic_tree}".encode())
    for path in sorted(ROOT.glob("lederspor/*/migrations/0*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    digest.update((ROOT / "lederspor/people/generator.py").read_bytes())
    return digest.hexdigest()[:16]


def _template_meta(name: str) -> dict[str, Any] | None:
    """The JSON comment of the cached database `name`, or None."""
    rows = _admin_sql(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        params=(name,),
    )
    if not rows or not rows[0][0]:
        return None
    try:
        meta: dict[str, Any] = json.loads(rows[0][0])
    except ValueError:
        return None
    return meta


def setup_env(static_root: Path) -> None:
    """Environment for Django here and in gunicorn: production-like settings on `bench_pages`."""
    os.environ["DATABASE_URL"] = _url(DB)
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bench_settings"
    os.environ["DEBUG"] = "0"
    os.environ.pop("LEDERSPOR_DEV", None)
    os.environ.setdefault("SECRET_KEY", "benchmark-only")
    os.environ["ALLOWED_HOSTS"] = "127.0.0.1,testserver,localhost"
    os.environ["LEDERSPOR_2FA_REQUIRED"] = "0"
    # the generated persons file has 30,824 rows (the default limit is 20,000)
    os.environ["LEDERSPOR_IMPORT_MAX_ROWS"] = "100000"
    # no invitation mail per new login (one per person at ~35 ms each: 18 minutes at 30,000;
    # benchmarks/import.py --invitations times that); pages are signed in by session cookie
    os.environ.setdefault("LEDERSPOR_LOCAL_PASSWORDS", "0")
    os.environ["STATIC_ROOT"] = str(static_root)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]
    )


# --- the build --------------------------------------------------------------------------------


def _write_files(directory: Path, *, classic_tree: bool) -> tuple[Path, Path]:
    from lederspor.people.generator import generate_municipality

    town = generate_municipality()
    units = [dict(row) for row in town.units]
    if classic_tree:
        parent_of = {row["enhedskode"]: row["overordnet_enhedskode"] for row in units}
        for row in units:
            if row["niveau"] == "team":
                row["niveau"] = "arbejdsplads"
                row["overordnet_enhedskode"] = parent_of[row["overordnet_enhedskode"]]
    # the generator writes e-mails with æ/ø/å ("søren.møller.7@…"), which the import rejects
    # as invalid: spell them as Danish addresses are spelt
    ascii_mail = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
    persons = [{**row, "email": row["email"].translate(ascii_mail)} for row in town.persons]
    units_path, persons_path = directory / "enheder.csv", directory / "personer.csv"
    for path, rows in ((units_path, units), (persons_path, persons)):
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
    return units_path, persons_path


def _subtree_ids(unit_id: int, children: dict[int | None, list[int]]) -> list[int]:
    ids, todo = [], [unit_id]
    while todo:
        current = todo.pop()
        ids.append(current)
        todo.extend(children.get(current, []))
    return ids


def build_org(*, classic_tree: bool) -> None:
    """Migrate the empty database, load the seed content and import the generated
    municipality with `lederspor import_org` (units, then persons)."""
    from django.core.management import call_command

    from lederspor.catalogue.content import load_catalogue
    from lederspor.competence.services import examples_load
    from lederspor.conversations.content import load_conversation_templates
    from lederspor.programmes.content import load_programmes

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_programmes()
    load_catalogue()
    load_conversation_templates()
    examples_load()
    try:
        from lederspor.evaluations.content import load_evaluation_templates
        from lederspor.texts.services import load_text_defaults

        load_evaluation_templates()
        load_text_defaults()
    except ImportError:  # pragma: no cover - older checkouts
        pass
    print(f"# migrated and loaded the seed content in {time.perf_counter() - started:.0f} s")

    with tempfile.TemporaryDirectory() as tmp:
        units_path, persons_path = _write_files(Path(tmp), classic_tree=classic_tree)
        for kind, path in (("units", units_path), ("persons", persons_path)):
            begun = time.perf_counter()
            call_command("import_org", kind, str(path), verbosity=0, stdout=open(os.devnull, "w"))
            print(f"# import_org {kind}: {time.perf_counter() - begun:.1f} s")
    from lederspor.people.models import OrgUnit, Person

    found = (OrgUnit.objects.count(), Person.objects.count())
    if found != (1_662, 30_824):  # e.g. an import that only queued the work
        raise SystemExit(f"import_org left {found[0]} units and {found[1]} persons, not 1662/30824")


def build() -> dict[str, Any]:
    """Add ten years of history to the imported municipality (`build_org`); returns the ids
    the pages need (role logins and objects), stored with the template."""
    from django.contrib.auth.models import Permission
    from django.db import connection, transaction
    from django.utils import timezone

    from lederspor.catalogue.models import PracticeTask
    from lederspor.catalogue.services import task_assignment_propose
    from lederspor.competence.services import plan_create
    from lederspor.conversations.models import (
        Conversation,
        ConversationAttendee,
        ConversationStatus,
        TemplateVersion,
    )
    from lederspor.core.models import User
    from lederspor.grouping.services import grouping_round_compose, grouping_round_create
    from lederspor.licences.services import licence_requirement_set, licence_task_create
    from lederspor.notifications.models import OutgoingEmail
    from lederspor.people.models import OrgUnit, Person
    from lederspor.programmes.models import (
        Attendance,
        Cohort,
        Enrolment,
        Programme,
        Session,
    )

    started = time.perf_counter()
    rng = random.Random(17)
    # the import queued an invitation for each of the 30,824 new logins; the data set
    # has 15,366 mails in all, so they go (the history below adds its own)
    OutgoingEmail.objects.filter(kind="accounts.invitation").delete()
    persons = list(Person.objects.select_related("unit").order_by("employee_number"))
    units = {u.pk: u for u in OrgUnit.objects.all()}
    children: dict[int | None, list[int]] = {}
    for u in units.values():
        children.setdefault(u.parent_id, []).append(u.pk)
    leaders = [p for p in persons if p.is_leader]
    staff = [p for p in persons if not p.is_leader and p.manager_id]
    by_id = {p.pk: p for p in persons}
    perm = Permission.objects.get(codename="manage_programmes")
    # HR staff: four consultants of the cohorts and one HR colleague, all with the permission
    hr_people = staff[-5:]
    staff = staff[:-5]
    consultants, hr = hr_people[:4], hr_people[4]
    for p in hr_people:
        p.user.user_permissions.add(perm)
    # the HR colleague sees every mail on the e-mail page (notifications' permission)
    hr.user.user_permissions.add(Permission.objects.get(codename="view_all_email"))
    admin = User.objects.create_superuser(email="admin@bench.invalid", password=None)
    consultant_user = consultants[0].user

    # the participant's workplace: a leader with many staff, three of them in the cohort of 200
    staff_by_manager: dict[int, list[Person]] = {}
    for p in staff:
        staff_by_manager.setdefault(p.manager_id, []).append(p)
    workplace_leader = max(
        (by_id[m] for m in staff_by_manager if by_id[m].manager_id),
        key=lambda leader: (len(staff_by_manager[leader.pk]), -leader.pk),
    )
    chef = by_id[workplace_leader.manager_id]
    team = staff_by_manager[workplace_leader.pk]
    participant = team[0]
    host = next(p for p in staff if p.manager_id not in (workplace_leader.pk, None))
    taken = {p.pk for p in team} | {host.pk}
    pool = [p for p in staff if p.pk not in taken]
    rng.shuffle(pool)
    leader_pool = [p for p in leaders if p.manager_id]
    rng.shuffle(leader_pool)

    programmes = {p.kind: p for p in Programme.objects.all()}
    Programme.objects.update(is_operational=True)
    now = timezone.now()
    tz = timezone.get_current_timezone()

    def aware(day: dt.date, hour: int = 9) -> dt.datetime:
        return dt.datetime(day.year, day.month, day.day, hour, tzinfo=tz)

    cohorts: list[tuple[Cohort, list[Person], str]] = []
    next_staff, next_leader = 0, 0

    def draw(n: int, kind: str) -> list[Person]:
        nonlocal next_staff, next_leader
        if kind in ("clarification", "job_visit"):
            chosen = leader_pool[next_leader : next_leader + n]
            next_leader = (next_leader + n) % (len(leader_pool) - n)
            return chosen
        chosen = pool[next_staff : next_staff + n]
        next_staff += n
        return chosen

    with transaction.atomic():
        for year in YEARS:
            for kind, count in PER_YEAR.items():
                for i in range(count):
                    start = dt.date(year, 2 + 4 * i, 1)
                    cohort = Cohort(
                        programme=programmes[kind],
                        name=f"{programmes[kind].name} {year}-{i + 1}",
                        starts_on=start,
                        ends_on=start + dt.timedelta(days=300),
                        capacity=30,
                        nomination_deadline=start - dt.timedelta(days=30),
                    )
                    # one more in the first cohorts: 2,567 enrolments in all
                    size = ENROLMENTS_PER_COHORT + (len(cohorts) < EXTRA_ENROLMENTS)
                    cohorts.append((cohort, draw(size, kind), kind))
        big_start = dt.date(2026, 9, 1)
        big = Cohort(
            programme=programmes["aspirant"],
            name="Lederaspiranter 2026 (200)",
            starts_on=big_start,
            ends_on=dt.date(2027, 6, 30),
            capacity=BIG_COHORT,
            nomination_deadline=dt.date(2026, 8, 1),
        )
        big_people = team[:3] + draw(BIG_COHORT - 3, "aspirant")
        cohorts.append((big, big_people, "big"))
        clar = Cohort(
            programme=programmes["clarification"],
            name="Leder på spring 2026-2027",
            starts_on=dt.date(2026, 10, 1),
            ends_on=dt.date(2027, 8, 31),
            capacity=30,
        )
        clar_people = draw(ENROLMENTS_PER_COHORT, "clarification")
        cohorts.append((clar, clar_people, "running"))
        upcoming = Cohort(
            programme=programmes["aspirant"],
            name="Lederaspiranter 2027",
            starts_on=dt.date(2027, 2, 1),
            ends_on=dt.date(2027, 11, 30),
            capacity=24,
            nomination_deadline=dt.date(2027, 1, 10),
        )
        cohorts.append((upcoming, draw(NOMINATED, "aspirant"), "queue"))
        # 91 cohorts: the running and the upcoming cohorts take the places of the first past
        # aspirant and clarification cohorts (90 in ten years + the cohort of 200)
        for kind in ("aspirant", "clarification"):
            del cohorts[next(i for i, c in enumerate(cohorts) if c[2] == kind)]
        Cohort.objects.bulk_create([c for c, _, _ in cohorts])
        through = Cohort.consultants.through
        through.objects.bulk_create(
            through(cohort_id=c.pk, person_id=person.pk)
            for i, (c, _, _) in enumerate(cohorts)
            for person in (consultants[0], consultants[1 + i % 3])
        )
        enrolments: list[Enrolment] = []
        for cohort, people, kind in cohorts:
            decided = aware(cohort.starts_on) - dt.timedelta(days=20)
            for i, person in enumerate(people):
                e = Enrolment(
                    cohort=cohort,
                    person=person,
                    nominated_by_id=person.manager_id,
                    nominated_at=decided - dt.timedelta(days=10),
                    motivation="Indstillet af nærmeste leder.",
                )
                if kind == "queue":
                    e.status = Enrolment.Status.NOMINATED
                elif kind in ("big", "running"):
                    e.status, e.decided_by, e.decided_at = (
                        Enrolment.Status.ENROLLED,
                        consultants[0],
                        decided,
                    )
                elif i < 22:
                    e.status, e.decided_by, e.decided_at = (
                        Enrolment.Status.COMPLETED,
                        consultants[0],
                        decided,
                    )
                    e.completed_at = aware(cohort.ends_on)
                elif i < 24:
                    e.status, e.decision_reason = Enrolment.Status.REJECTED, "Ikke plads i år."
                    e.decided_by, e.decided_at = consultants[0], decided
                else:
                    e.status, e.withdrawal_reason = Enrolment.Status.WITHDRAWN, "Nyt job."
                    e.decided_by, e.decided_at = consultants[0], decided
                    e.withdrawn_at = decided + dt.timedelta(days=60)
                enrolments.append(e)
        Enrolment.objects.bulk_create(enrolments, batch_size=2000)

        # the cohort of 200: six network meetings, the first three with attendance
        sessions = Session.objects.bulk_create(
            Session(
                cohort=big,
                kind=Session.Kind.choices[0][0],
                theme=f"Netværksmøde {n + 1}",
                starts_at=aware(big_start + dt.timedelta(days=30 * n)),
                ends_at=aware(big_start + dt.timedelta(days=30 * n), 15),
                place="Rådhuset",
            )
            for n in range(6)
        )
        big_enrolments = [e for e in enrolments if e.cohort_id == big.pk]
        Attendance.objects.bulk_create(
            Attendance(
                session=s,
                enrolment=e,
                status=Attendance.Status.choices[(e.pk + s.pk) % 7 == 0][0],
            )
            for s in sessions[:3]
            for e in big_enrolments
        )

        # conversations of the clarification and trainee participants
        versions: dict[str, list[TemplateVersion]] = {}
        for v in TemplateVersion.objects.select_related("template").order_by("template", "-number"):
            kinds = versions.setdefault(v.template.programme_kind, [])
            if all(o.template_id != v.template_id for o in kinds):
                kinds.append(v)
        talkers = [
            e
            for e in enrolments
            if e.status in (Enrolment.Status.COMPLETED, Enrolment.Status.ENROLLED)
            and e.cohort.programme.kind in versions
        ]
        conversations: list[Conversation] = []
        attendees: list[ConversationAttendee] = []
        round_no = 0
        while len(conversations) < CONVERSATIONS:
            for e in talkers:
                if len(conversations) >= CONVERSATIONS:
                    break
                kind_versions = versions[e.cohort.programme.kind]
                v = kind_versions[round_no % len(kind_versions)]
                when = aware(e.cohort.starts_on + dt.timedelta(days=20 + 60 * round_no), 10)
                held = when < now
                conversations.append(
                    Conversation(
                        enrolment=e,
                        template_version=v,
                        kind=v.template.kind,
                        starts_at=when,
                        ends_at=when + dt.timedelta(hours=1),
                        place="Mødelokale 2",
                        status=ConversationStatus.HELD if held else ConversationStatus.PLANNED,
                        held_at=when + dt.timedelta(hours=1) if held else None,
                        organiser=e.person,
                    )
                )
            round_no += 1
        Conversation.objects.bulk_create(conversations, batch_size=2000)
        roles = {choice for choice, _ in ConversationAttendee._meta.get_field("role").choices}
        for c in conversations:
            attendees.append(
                ConversationAttendee(
                    conversation=c,
                    person_id=c.enrolment.person_id,
                    role="participant" if "participant" in roles else sorted(roles)[0],
                )
            )
            if c.enrolment.person.manager_id and "leader" in roles:
                attendees.append(
                    ConversationAttendee(
                        conversation=c, person_id=c.enrolment.person.manager_id, role="leader"
                    )
                )
        ConversationAttendee.objects.bulk_create(attendees, batch_size=2000)

        # e-mails over ten years: sent, the newest queued
        cohort_list = [c for c, _, _ in cohorts]
        emails = []
        start = aware(dt.date(2016, 1, 1))
        span = (now - start).total_seconds()
        for n in range(EMAILS):
            e = enrolments[n % len(enrolments)]
            at = start + dt.timedelta(seconds=span * n / EMAILS)
            queued = n >= EMAILS - QUEUED_EMAILS
            emails.append(
                OutgoingEmail(
                    recipient=e.person,
                    to_address=e.person.email,
                    subject="Besked fra Lederspor",
                    body="Der er nyt i Lederspor.",
                    kind="programmes.enrolment",
                    about=f"programmes.enrolment:{e.pk}",
                    status=OutgoingEmail.Status.QUEUED if queued else OutgoingEmail.Status.SENT,
                    sent_at=None if queued else at,
                    attempts=0 if queued else 1,
                    cohort=cohort_list[n % len(cohort_list)],
                )
            )
        OutgoingEmail.objects.bulk_create(emails, batch_size=2000)
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE notifications_outgoingemail SET created_at = sent_at, "
                "updated_at = sent_at WHERE sent_at IS NOT NULL"
            )

    # services: the grouping round of 200, kørekort over a forvaltning, a plan, a task with host
    rnd = grouping_round_create(cohort=big, by=consultant_user)
    begun = time.perf_counter()
    rnd = grouping_round_compose(round=rnd, expected_version=rnd.version, by=consultant_user)
    print(f"# composed the grouping round of {BIG_COHORT} in {time.perf_counter() - begun:.1f} s")
    departments = [u for u in units.values() if u.parent_id and not units[u.parent_id].parent_id]
    sizes = {
        d.pk: Person.objects.filter(unit_id__in=_subtree_ids(d.pk, children)).count()
        for d in departments
    }
    forvaltning = units[max(sizes, key=lambda k: (sizes[k], -k))]
    forvaltning_leader = Person.objects.get(unit=forvaltning, is_leader=True, manager__isnull=False)
    licence = licence_task_create(
        unit=forvaltning,
        title="Forflytning af borgere",
        description="Sikker forflytning med lift.",
        by=forvaltning_leader.user,
    )
    licence_requirement_set(task=licence, level="C", by=forvaltning_leader.user)
    plan = plan_create(
        title="Kompetenceplan 2027",
        unit=workplace_leader.unit,
        owner=workplace_leader,
        by=workplace_leader.user,
    )
    participant_enrolment = Enrolment.objects.get(cohort=big, person=participant)
    task = PracticeTask.objects.order_by("number").first()
    task_assignment_propose(
        enrolment=participant_enrolment,
        proposed_by=workplace_leader,
        by=workplace_leader.user,
        catalogue_task=task,
        learning_goal="At lede et lille projekt fra start til slut.",
        host=host,
    )
    clar_enrolment = Enrolment.objects.filter(cohort=clar).order_by("pk").first()
    assert clar_enrolment is not None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"# added the history in {time.perf_counter() - started:.0f} s")
    return {
        "users": {
            "consultant": consultant_user.pk,
            "HR": hr.user.pk,
            "leader": workplace_leader.user.pk,
            "chef": chef.user.pk,
            "participant": participant.user.pk,
            "host": host.user.pk,
            "forvaltning leader": forvaltning_leader.user.pk,
            "admin": admin.pk,
        },
        "big_cohort": big.pk,
        "participant_enrolment": participant_enrolment.pk,
        "clar_enrolment": clar_enrolment.pk,
        "round": rnd.pk,
        "licence": licence.pk,
        "plan": plan.pk,
        "forvaltning_persons": sizes[forvaltning.pk],
    }


def counts() -> dict[str, int]:
    """The sizes of the data set, to print beside the figures."""
    from lederspor.conversations.models import Conversation
    from lederspor.notifications.models import OutgoingEmail
    from lederspor.people.models import OrgUnit, Person
    from lederspor.programmes.models import Cohort, Enrolment

    return {
        "persons": Person.objects.count(),
        "units": OrgUnit.objects.count(),
        "cohorts": Cohort.objects.count(),
        "enrolments": Enrolment.objects.count(),
        "conversations": Conversation.objects.count(),
        "emails": OutgoingEmail.objects.count(),
    }


def _save(name: str, meta: dict[str, Any]) -> None:
    """Copy `DB` to the cached database `name` with `meta` as its comment."""
    from django.db import connections

    connections.close_all()
    comment = json.dumps(meta).replace("'", "''")
    _admin_sql(
        f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        f"CREATE DATABASE {name} TEMPLATE {DB}",
        f"COMMENT ON DATABASE {name} IS '{comment}'",
    )


def prepare_database(*, rebuild: bool, classic_tree: bool) -> dict[str, Any]:
    """`DB` as a copy of the cached template (built first when missing, stale or `rebuild`);
    returns the template's metadata (the ids the pages need). The build is cached in two
    steps: the imported organisation (`<DB>_org`) and the whole data set (`TEMPLATE`)."""
    import django

    full = _fingerprint(classic_tree, stage="full")
    meta = None if rebuild else _template_meta(TEMPLATE)
    started = time.perf_counter()
    if meta is not None and meta.get("fingerprint") == full:
        _admin_sql(
            f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)",
            f"CREATE DATABASE {DB} TEMPLATE {TEMPLATE}",
        )
        django.setup()
        print(f"# copied the cached data set in {time.perf_counter() - started:.0f} s")
        return meta
    print("# building the data set (several minutes) …", flush=True)
    org, org_fingerprint = f"{DB}_org", _fingerprint(classic_tree, stage="org")
    org_meta = None if rebuild else _template_meta(org)
    _admin_sql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    if org_meta is not None and org_meta.get("fingerprint") == org_fingerprint:
        _admin_sql(f"CREATE DATABASE {DB} TEMPLATE {org}")
        django.setup()
        print("# copied the cached imported organisation")
    else:
        _admin_sql(f"CREATE DATABASE {DB}")
        django.setup()
        build_org(classic_tree=classic_tree)
        _save(org, {"fingerprint": org_fingerprint})
    meta = {"fingerprint": full, "classic_tree": classic_tree, **build()}
    _save(TEMPLATE, meta)
    print(f"# built the data set in {time.perf_counter() - started:.0f} s")
    return meta


# --- the pages --------------------------------------------------------------------------------


@dataclass
class Page:
    """One page of the issue's table: `group` is its target ("base", "list", "heavy")."""

    name: str
    role: str
    url: str
    group: str


def pages(meta: dict[str, Any]) -> list[Page]:
    """The issue's table, with the URLs of this code base (the same before and after)."""
    big, enr, clar = meta["big_cohort"], meta["participant_enrolment"], meta["clar_enrolment"]
    lic = meta["licence"]
    return [
        *(
            Page(f"base layout ({role})", role, "/privatlivspolitik/", "base")
            for role in ("consultant", "leader", "chef", "participant", "HR", "host")
        ),
        # the base layout alone (bench_urls.empty); not in the runs before issue #17
        *(
            Page(f"empty page ({role})", role, "/__bench_empty__/", "base")
            for role in ("consultant", "leader", "chef", "participant", "HR", "host")
        ),
        Page("cohort list", "consultant", "/forloeb/hold/", "list"),
        Page("nomination queue", "consultant", "/forloeb/indstillinger/", "list"),
        Page("my employees", "leader", "/forloeb/mine-medarbejdere/", "list"),
        Page("chef's area", "chef", "/forloeb/mit-omraade/", "list"),
        # "Mit forløb" (/forloeb/mit-forloeb/) redirects a participant with one running enrolment to its page
        Page("participant page", "participant", f"/forloeb/deltagelse/{enr}/", "list"),
        Page("propose a task (host picker)", "leader", f"/opgaver/ny/{enr}/", "list"),
        Page(
            f"kørekort task ({meta['forvaltning_persons']} people)",
            "forvaltning leader",
            f"/kompetence/koerekort/{lic}/",
            "heavy",
        ),
        Page(
            "licence review form",
            "forvaltning leader",
            f"/kompetence/koerekort/{lic}/praksisgennemgang/",
            "list",
        ),
        Page(
            "grouping round of 200",
            "consultant",
            f"/netvaerksgrupper/runde/{meta['round']}/",
            "heavy",
        ),
        Page("new cohort form", "HR", "/forloeb/hold/nyt/", "list"),
        Page("admin person list", "admin", "/admin/people/person/", "list"),
        Page("licence create form", "consultant", "/kompetence/koerekort/", "list"),
        Page("plan create form", "leader", "/kompetence/ny/", "list"),
        Page("career-host picker", "consultant", f"/samtaler/plan/{clar}/?kind=career", "list"),
        Page("e-mail queue", "HR", "/e-mails/", "list"),
        Page("progress matrix of 200", "consultant", f"/forloeb/hold/{big}/", "heavy"),
        Page("person search", "HR", "/organisation/personer/?q=Hansen", "list"),
    ]


def sign_in(meta: dict[str, Any]) -> dict[str, str]:
    """A session cookie per role, made by the test client's `force_login` (a database
    session, as a real sign-in makes)."""
    from django.conf import settings
    from django.test import Client

    from lederspor.core.models import User

    cookies = {}
    for role, pk in meta["users"].items():
        client = Client()
        client.force_login(User.objects.get(pk=pk), backend="lederspor.core.auth.EmailBackend")
        cookies[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return cookies


def count_queries(
    page_list: list[Page], cookies: dict[str, str]
) -> dict[str, tuple[int, int, list[str]]]:
    """(status, queries, SELECTs touching people_person) per page, in-process."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    result = {}
    for page in [*page_list, Page("bare", "consultant", BARE_PATH, "bare")]:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookies[page.role]
        try:
            client.get(page.url, secure=True)
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(page.url, secure=True)
            status = response.status_code
        except Exception as exc:
            print(f"# {page.name}: {type(exc).__name__}: {exc}")
            result[page.name] = (500, 0, [])
            continue
        person_selects = [
            q["sql"]
            for q in ctx.captured_queries
            if q["sql"].lstrip().upper().startswith("SELECT") and "people_person" in q["sql"]
        ]
        result[page.name] = (status, len(ctx.captured_queries), person_selects)
    return result


def explain(selects: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(page, query) for every SELECT whose plan scans people_person sequentially."""
    from django.db import connection

    found = []
    for name, queries in selects.items():
        for sql in dict.fromkeys(queries):
            with connection.cursor() as cursor:
                try:
                    cursor.execute("EXPLAIN " + sql)
                except Exception as exc:
                    print(f"# EXPLAIN failed on {name}: {exc}")
                    continue
                plan = "\n".join(row[0] for row in cursor.fetchall())
            if "Seq Scan on people_person" in plan:
                found.append((name, sql))
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start_gunicorn(port: int, log: Any) -> subprocess.Popen[bytes]:
    """gunicorn with 2 workers on 127.0.0.1:`port`, its log to the open file `log`; waits
    until it answers."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter, our arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "lederspor.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env=os.environ.copy(),
        stderr=log,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start")


def _get(port: int, url: str, cookie: str) -> tuple[int, float]:
    """(status, ms) of one GET to gunicorn, as a browser behind a TLS proxy sends it."""
    from django.conf import settings

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    started = time.perf_counter()
    conn.request(
        "GET",
        url,
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={cookie}",
            "X-Forwarded-Proto": "https",
            "Host": "127.0.0.1",
        },
    )
    response = conn.getresponse()
    response.read()
    ms = (time.perf_counter() - started) * 1000
    conn.close()
    return response.status, ms


def time_pages(
    port: int, page_list: list[Page], cookies: dict[str, str], runs: int
) -> dict[str, tuple[int, float, float]]:
    """(status, median ms, p95 ms) per page over `runs` requests, the pages taking turns."""
    everything = [Page("bare", "consultant", BARE_PATH, "bare"), *page_list]
    times: dict[str, list[float]] = {p.name: [] for p in everything}
    status: dict[str, int] = {}
    for page in everything:  # warm-up
        status[page.name], _ = _get(port, page.url, cookies[page.role])
    for _ in range(runs):
        for page in everything:
            code, ms = _get(port, page.url, cookies[page.role])
            status[page.name] = code if code != 200 else status[page.name]
            times[page.name].append(ms)
    result = {}
    for name, values in times.items():
        values.sort()
        p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
        result[name] = (status[name], statistics.median(values), p95)
    return result


def load(
    port: int, page_list: list[Page], cookies: dict[str, str], users: int, seconds: int
) -> dict[str, float]:
    """A locust run of `users` clients over the pages (headless, 127.0.0.1 only)."""
    from django.conf import settings

    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.json"
        plan.write_text(
            json.dumps(
                {
                    "cookie_name": settings.SESSION_COOKIE_NAME,
                    "pages": [[p.name, p.url, cookies[p.role]] for p in page_list],
                }
            )
        )
        prefix = Path(tmp) / "load"
        subprocess.run(  # noqa: S603 - this interpreter, our arguments
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(ROOT / "benchmarks" / "locustfile_pages.py"),
                "--headless",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "ERROR",
                "--stop-timeout",
                "60",
            ],
            env={**os.environ, "BENCH_PAGES_PLAN": str(plan)},
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
            rows = [row for row in csv.DictReader(stats) if row["Name"] == "Aggregated"]
    row = rows[0]
    return {
        "requests": float(row["Request Count"]),
        "failures": float(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "median_ms": float(row["Median Response Time"]),
        "p95_ms": float(row["95%"]) if row.get("95%") not in (None, "N/A") else float("nan"),
    }


def main() -> None:
    """Parse the arguments, build or copy the data set, serve it and print the figures."""
    global DB, TEMPLATE
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n\n".join((__doc__ or "").split("\n\n")[2:]),
    )
    parser.add_argument("--runs", type=int, default=11, help="timed requests per page (11)")
    parser.add_argument(
        "--load-seconds", type=int, default=30, help="seconds per load level (30; 0: no load)"
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached data set")
    parser.add_argument(
        "--classic-tree",
        action="store_true",
        help="teams as workplaces (four levels): the import before issue #17 needs it",
    )
    parser.add_argument(
        "--database",
        default=DB,
        help=f"the database to serve ({DB}); its cache is <database>_template",
    )
    parser.add_argument("--no-explain", action="store_true", help="skip the EXPLAIN checks")
    args = parser.parse_args()

    DB, TEMPLATE = args.database, f"{args.database}_template"
    started = time.perf_counter()
    static_root = Path(tempfile.mkdtemp(prefix="bench-pages-static-"))
    setup_env(static_root)
    meta = prepare_database(rebuild=args.rebuild, classic_tree=args.classic_tree)
    import logging

    from django.core.management import call_command
    from django.db import connection, connections

    # the sign-ins and the pages' answers are reported below, not logged
    for name in ("axes", "django.request", "lederspor"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    call_command("collectstatic", interactive=False, verbosity=0)
    sizes = counts()
    print("# data: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
    page_list = pages(meta)
    cookies = sign_in(meta)
    queried = count_queries(page_list, cookies)
    connections.close_all()

    port = _free_port()
    log_path = static_root.parent / f"{static_root.name}-gunicorn.log"
    log = log_path.open("wb")
    server = start_gunicorn(port, log)
    try:
        timed = time_pages(port, page_list, cookies, args.runs)
        bare = timed["bare"][1]
        print("page,role,status,queries,median_ms,p95_ms,ratio_to_bare,target,met")
        _, queries, _ = queried["bare"]
        print(
            f"bare view,consultant,{timed['bare'][0]},{queries},{bare:.1f},{timed['bare'][2]:.1f},1.0,,"
        )
        for page in page_list:
            code, ms, p95 = timed[page.name]
            _, queries, _ = queried[page.name]
            ratio = ms / bare
            target = TARGETS[page.group]
            met = "met" if code == 200 and ratio <= target else "not met"
            print(
                f"{page.name},{page.role},{code},{queries},{ms:.1f},{p95:.1f},"
                f"{ratio:.1f},≤ {target:g}×,{met}"
            )
        if args.load_seconds:
            print("users,requests,failures,rps,median_ms,p95_ms")
            for users in (10, 50):
                figures = load(port, page_list, cookies, users, args.load_seconds)
                print(
                    f"{users},{figures['requests']:.0f},{figures['failures']:.0f},"
                    f"{figures['rps']:.1f},{figures['median_ms']:.0f},{figures['p95_ms']:.0f}"
                )
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    killed = log_path.read_text(errors="replace").count("WORKER TIMEOUT")
    print(f"# gunicorn: {killed} worker timeouts (a request over 30 s); its log: {log_path}")
    if not args.no_explain:
        scans = explain({name: q for name, (_, _, q) in queried.items()})
        print(f"# EXPLAIN: {len(scans)} SELECTs with Seq Scan on people_person")
        for name, sql in scans:
            print(f"seq_scan,{name},{sql[:300]!r}")
    print(f"# run time {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
