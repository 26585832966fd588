"""The import at municipal size (issue #17 §2, speed): bulk writes whose statement count does
not grow with the rows, a dry run that writes nothing, streaming CSV, and the all-or-nothing
rule and full error report unchanged."""

import io

import pytest
from django.contrib.auth.hashers import is_password_usable
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lederspor.core.models import AuditEvent, User
from lederspor.people.generator import generate_municipality
from lederspor.people.importing import (
    PERSON_COLUMNS,
    import_persons,
    import_units,
    load_tables,
    read_table,
    writers,
)
from lederspor.people.models import LeadershipChange, OrgUnit, Person

HEADER = ";".join(PERSON_COLUMNS)
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture(autouse=True)
def _no_invitations(settings):
    # the invitation hook (accounts) sends one mail per new person; its cost is not the import's
    settings.LEDERSPOR_LOCAL_PASSWORDS = False


def persons_file(n: int, *, prefix: str = "7", title: str = "Pædagog") -> bytes:
    """`n` new persons in the cast's workplace WA1a: a leader under the cast's leader (lars),
    and chains of three below them (each the manager of the next), so new persons' managers
    are both stored and new."""
    lines = [HEADER]
    lines.append(
        f"{prefix}000;Ny;Leder;{prefix}000@ny.dk;Leder;Ledelse;WA1a;;kvinde;1970;2020-01-01;ja"
    )
    for i in range(1, n):
        manager = f"{prefix}000" if i % 3 == 1 else f"{prefix}{i - 1:03d}"
        lines.append(
            f"{prefix}{i:03d};Ny;Person {i};{prefix}{i:03d}@ny.dk;{title};Pædagog;WA1a;"
            f"{manager};mand;1980;2020-01-01;nej"
        )
    return ("\n".join(lines) + "\n").encode()


def run(data: bytes, **kwargs) -> tuple:
    with CaptureQueriesContext(connection) as ctx:
        result = import_persons(file=io.BytesIO(data), filename="p.csv", by=None, **kwargs)
    assert result.ok, [str(e) for e in result.errors]
    return result, [q["sql"] for q in ctx.captured_queries]


def writes(statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith(WRITES)]


def test_the_statements_of_a_first_import_do_not_grow_with_the_rows(cast):
    small, small_sql = run(persons_file(12, prefix="7"))
    large, large_sql = run(persons_file(60, prefix="8"))
    assert (small.created, large.created) == (12, 60)
    assert len(large_sql) == len(small_sql), (len(small_sql), len(large_sql))
    assert len(writes(large_sql)) <= 12, writes(large_sql)
    # the managers were set on insert: persons of the second file under their chain
    person = Person.objects.select_related("manager__manager__manager").get(employee_number="8006")
    assert person.manager.employee_number == "8005"
    assert person.manager.manager.employee_number == "8004"
    assert person.manager.manager.manager.employee_number == "8000"
    assert Person.objects.get(employee_number="8001").manager.employee_number == "8000"


def test_the_statements_of_a_changed_reimport_do_not_grow_with_the_rows(cast):
    run(persons_file(12, prefix="7"))
    run(persons_file(60, prefix="8"))
    small, small_sql = run(persons_file(12, prefix="7", title="Souschef"))
    large, large_sql = run(persons_file(60, prefix="8", title="Souschef"))
    assert (small.updated, large.updated) == (11, 59)
    assert len(large_sql) == len(small_sql)
    unchanged, unchanged_sql = run(persons_file(60, prefix="8", title="Souschef"))
    assert unchanged.unchanged == 60 and unchanged.updated == 0
    # nothing to write but the audit row
    assert [s.split()[2] for s in writes(unchanged_sql)] == ['"core_auditevent"']


def test_new_logins_are_made_as_create_user_makes_them(cast):
    data = persons_file(4).replace(b"7002@ny.dk", b"Ny.Person@NY.dk")
    result, _sql = run(data)
    assert result.users_created == 4
    user = User.objects.get(person__employee_number="7002")
    assert user.email == "ny.person@ny.dk"
    assert not is_password_usable(user.password) and user.password
    assert user.is_active and not user.is_staff and not user.is_superuser


def test_a_dry_run_writes_nothing_and_counts_as_the_real_run(cast):
    data = persons_file(30)
    dry, dry_sql = run(data, dry_run=True)
    assert writes(dry_sql) == []
    assert not Person.objects.filter(employee_number__startswith="7").exists()
    real, _sql = run(data)
    for name in ("created", "updated", "unchanged", "users_created", "leadership"):
        assert getattr(dry, name) == getattr(real, name), name
    assert dry.created_ids == [] and len(real.created_ids) == 30

    changed = data.decode().replace(";Pædagog;Pædagog;", ";Lærer;Pædagog;", 5).encode()
    dry, dry_sql = run(changed, dry_run=True)
    assert writes(dry_sql) == []
    real, _sql = run(changed)
    assert (dry.created, dry.updated, dry.unchanged) == (real.created, real.updated, 25)
    assert dry.updated == 5


def test_a_dry_run_counts_leadership_changes_without_writing_them(cast):
    run(persons_file(10))
    before = LeadershipChange.objects.count()
    # 7000 stops leading (no reports, not marked), 7003 (no reports) is marked a leader
    lines = persons_file(10).decode().splitlines()
    lines = [line.replace(";ja", ";nej") if line.startswith("7000;") else line for line in lines]
    lines = [line.replace(";7000;", ";;") for line in lines]
    lines = [line.replace(";nej", ";ja") if line.startswith("7003;") else line for line in lines]
    data = ("\n".join(lines) + "\n").encode()
    dry, dry_sql = run(data, dry_run=True)
    assert writes(dry_sql) == [] and LeadershipChange.objects.count() == before
    real, _sql = run(data)
    assert dry.leadership == real.leadership
    assert real.leadership.became == 1 and real.leadership.stopped == 1


def test_a_units_dry_run_writes_nothing_and_counts_as_the_real_run(cast):
    town = generate_municipality(persons=40, units=12)
    data = town.units_csv()
    with CaptureQueriesContext(connection) as ctx:
        dry = import_units(file=io.BytesIO(data), filename="u.csv", by=None, dry_run=True)
    assert dry.ok, [str(e) for e in dry.errors]
    assert writes([q["sql"] for q in ctx.captured_queries]) == []
    real = import_units(file=io.BytesIO(data), filename="u.csv", by=None)
    assert (dry.created, dry.updated, dry.unchanged) == (real.created, real.updated, 0)
    assert (real.created, real.updated) == (11, 1)  # K: the cast's root, renamed
    # the rest is a tree of five levels below K
    assert OrgUnit.objects.filter(kind="team").exists()
    team = OrgUnit.objects.filter(kind="team").select_related("parent__parent").first()
    assert team.parent.kind == OrgUnit.Kind.WORKPLACE
    assert team.parent.parent.kind == OrgUnit.Kind.AREA


def test_every_bad_row_is_reported_and_nothing_is_written_at_size(cast):
    lines = persons_file(300).decode().splitlines()
    bad = {50: "x@", 120: "", 299: "not-an-email"}
    for index, email in bad.items():
        cells = lines[index].split(";")
        cells[3] = email
        lines[index] = ";".join(cells)
    before = (Person.objects.count(), User.objects.count(), AuditEvent.objects.count())
    result = import_persons(
        file=io.BytesIO(("\n".join(lines) + "\n").encode()), filename="p.csv", by=None
    )
    assert [(e.line, e.column) for e in result.errors] == [
        (51, "email"),
        (121, "email"),
        (300, "email"),
    ]
    assert (Person.objects.count(), User.objects.count(), AuditEvent.objects.count()) == before


def test_load_tables_is_all_or_nothing_over_both_tables(cast):
    town = generate_municipality(persons=40, units=12)
    units = read_table(data=town.units_csv(), filename="u.csv")
    bad = b"999999;Ny;Person;ny@ny.dk;;;NOPE;;;;;nej\n"
    persons = read_table(data=town.persons_csv() + bad, filename="p.csv")
    before = (OrgUnit.objects.count(), Person.objects.count())
    result = load_tables(units=units, persons=persons, label="test", by=None)
    assert result.units is not None and result.units.ok
    assert result.persons is not None
    assert [(e.line, e.column) for e in result.persons.errors] == [(42, "enhedskode")]
    assert (OrgUnit.objects.count(), Person.objects.count()) == before


def test_a_csv_is_read_as_a_stream_and_can_be_read_twice(cast):
    data = persons_file(5)
    table = read_table(file=io.BytesIO(data), filename="p.csv")
    first = list(table.rows)
    assert [line for line, _values in first] == [2, 3, 4, 5, 6]
    assert list(table.rows) == first
    assert first[1][1]["leder_medarbejdernummer"] == "7000"


def test_a_large_load_analyzes_the_touched_tables_after_commit(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(writers, "ANALYZE_AFTER_ROWS", 20)
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        run(persons_file(5, prefix="6"))  # 5 persons and 5 logins: below the threshold
    assert not [q for q in ctx.captured_queries if q["sql"].startswith("ANALYZE")]
    with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
        run(persons_file(12))
    analyzed = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("ANALYZE")]
    assert analyzed == [
        'ANALYZE "people_person"',
        'ANALYZE "core_user"',
        'ANALYZE "people_leadershipchange"',
    ]
    # a dry run never analyzes
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run(persons_file(30, prefix="5"), dry_run=True)
    assert callbacks == []


def test_the_generator_writes_the_import_columns():
    """`people.generator` keeps its own copy of the column names (it is imported before Django
    is set up, by the benchmarks); it must stay the import's."""
    from lederspor.people.generator import PERSON_HEADER, UNIT_HEADER
    from lederspor.people.importing import PERSON_COLUMNS, UNIT_COLUMNS

    assert (UNIT_HEADER, PERSON_HEADER) == (UNIT_COLUMNS, PERSON_COLUMNS)
