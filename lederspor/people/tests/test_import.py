"""Import of units and persons from CSV/XLSX: validation, all-or-nothing, idempotency, the
command and the HR page (issue: organisation import; docs/import.md)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lederspor.core.models import AuditEvent, User
from lederspor.people import importing
from lederspor.people.importing import (
    ImportResult,
    RowError,
    import_persons,
    import_units,
    read_table,
)
from lederspor.people.models import OrgUnit, Person

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"
URL = "/organisation/import/"

UNIT_HEADER = "enhedskode;navn;niveau;overordnet_enhedskode"
PERSON_COLUMNS = list(importing.PERSON_COLUMNS)
PERSON_HEADER = ";".join(PERSON_COLUMNS)


def prow(
    number: str,
    *,
    first: str = "Ny",
    last: str = "Person",
    email: str | None = None,
    title: str = "Pædagog",
    profession: str = "Pædagog",
    unit: str = "WA1a",
    manager: str = "",
    gender: str = "kvinde",
    year: str = "1980",
    since: str = "2020-01-01",
    leader: str = "nej",
) -> str:
    """One persons line with `;` in the column order of PERSON_HEADER."""
    email = f"p{number}@ny.dk" if email is None else email
    values = [
        number,
        first,
        last,
        email,
        title,
        profession,
        unit,
        manager,
        gender,
        year,
        since,
        leader,
    ]
    return ";".join(values)


def write(tmp_path: Path, name: str, lines: list[str], *, bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + ("\n".join(lines) + "\n").encode())
    return path


def run_units(path: Path, **kwargs) -> ImportResult:
    with path.open("rb") as f:
        return import_units(file=f, filename=path.name, by=kwargs.pop("by", None), **kwargs)


def run_persons(path: Path, **kwargs) -> ImportResult:
    with path.open("rb") as f:
        return import_persons(file=f, filename=path.name, by=kwargs.pop("by", None), **kwargs)


def snapshot() -> tuple:
    """Everything an import could change, to assert that nothing was written."""
    return (
        list(OrgUnit.objects.order_by("pk").values_list("code", "name", "kind", "parent_id")),
        list(
            Person.objects.order_by("pk").values_list(
                "employee_number", "email", "job_title", "manager_id", "unit_id", "user_id"
            )
        ),
        list(User.objects.order_by("pk").values_list("email", flat=True)),
        # the sign-in log's rows (the test's own sign-in) are not the import's
        AuditEvent.objects.exclude(action__startswith="auth.").count(),
    )


def errors_of(result: ImportResult) -> list[tuple[int, str, str]]:
    return [(e.line, e.column, e.message) for e in result.errors]


def assert_error(result: ImportResult, line: int, column: str, fragment: str) -> None:
    assert any(
        e.line == line and e.column == column and fragment in e.message for e in result.errors
    ), errors_of(result)


# --- good files ---------------------------------------------------------------------------


def test_units_csv_creates_units_under_the_existing_municipality(cast, tmp_path):
    path = write(
        tmp_path,
        "enheder.csv",
        [
            UNIT_HEADER,
            # children before parents: the importer writes top-down
            "NYW;Ny arbejdsplads;arbejdsplads;NYO",
            "NYO;Nyt område;område;NYF",
            "NYF;Ny forvaltning;magistratsafdeling;K",
        ],
    )
    result = run_units(path)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    workplace = OrgUnit.objects.get(code="NYW")
    assert workplace.kind == OrgUnit.Kind.WORKPLACE
    assert workplace.parent.code == "NYO"
    assert workplace.parent.parent.code == "NYF"
    assert OrgUnit.objects.get(code="NYF").kind == OrgUnit.Kind.DEPARTMENT
    assert OrgUnit.objects.get(code="NYF").parent == cast.municipality


def test_persons_csv_creates_persons_logins_and_managers(cast, tmp_path):
    path = write(
        tmp_path,
        "personer.csv",
        [
            PERSON_HEADER + ";chef_medarbejdernummer",
            # the employee comes before her new leader: managers are set in a second pass
            prow("900", first="Ida", email="Ida@Ny.dk", manager="901", since="15-05-2019") + ";100",
            prow("901", first="Ole", title="Leder", manager="101", gender="mand", leader="ja")
            + ";",
            prow("902", first="Alex", gender="", year="", since="", leader="") + ";",
        ],
    )
    result = run_persons(path)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated, result.unchanged, result.users_created) == (3, 0, 0, 3)
    ida = Person.objects.select_related("manager", "chef_override", "user").get(
        employee_number="900"
    )
    assert ida.email == "ida@ny.dk"
    assert ida.user.email == "ida@ny.dk"
    assert not ida.user.has_usable_password()
    assert ida.manager.employee_number == "901"
    assert ida.chef_override == cast.chef
    assert ida.employed_since == dt.date(2019, 5, 15)
    assert ida.gender == Person.Gender.FEMALE
    assert ida.birth_year == 1980
    assert ida.unit == cast.workplace
    ole = Person.objects.get(employee_number="901")
    assert ole.is_leader and ole.manager == cast.leader and ole.gender == Person.Gender.MALE
    alex = Person.objects.get(employee_number="902")
    assert alex.gender == Person.Gender.OTHER
    assert alex.birth_year is None and alex.employed_since is None and not alex.is_leader


def test_an_import_writes_one_audit_row_with_the_counts(cast, tmp_path):
    path = write(tmp_path, "p.csv", [PERSON_HEADER, prow("900"), prow("901")])
    # the import's own rows: the invitations the import sends (accounts, "auth.*") are apart
    own = AuditEvent.objects.exclude(action__startswith="auth.")
    before = own.count()
    run_persons(path, by=cast.consultant.user)
    assert own.count() == before + 1
    event = own.latest("id")
    assert event.action == "org.import"
    assert event.actor == cast.consultant.user
    assert event.object_type == "people.orgunit" and event.object_id == str(cast.municipality.pk)
    assert event.data["created"] == 2 and event.data["kind"] == "persons"


def test_reimporting_the_same_files_creates_nothing(cast, tmp_path):
    units = write(tmp_path, "u.csv", [UNIT_HEADER, "NYF;Ny forvaltning;forvaltning;K"])
    persons = write(
        tmp_path, "p.csv", [PERSON_HEADER, prow("900", manager="901"), prow("901", unit="NYF")]
    )
    assert run_units(units).created == 1
    assert run_persons(persons).created == 2
    counts = (OrgUnit.objects.count(), Person.objects.count(), User.objects.count())

    again_units = run_units(units)
    again_persons = run_persons(persons)
    assert (again_units.created, again_units.updated, again_units.unchanged) == (0, 0, 1)
    assert (again_persons.created, again_persons.updated, again_persons.unchanged) == (0, 0, 2)
    assert again_persons.users_created == 0
    assert (OrgUnit.objects.count(), Person.objects.count(), User.objects.count()) == counts


def test_update_by_employee_number_changes_title_and_keeps_the_login_in_sync(cast, tmp_path):
    aspirant = cast.aspirant
    path = write(
        tmp_path,
        "p.csv",
        [
            PERSON_HEADER,
            prow(
                aspirant.employee_number,
                first="Anna",
                last="Aspirant",
                email="anna.ny@test.dk",
                title="Souschef",
                manager=str(cast.leader.employee_number),
            ),
        ],
    )
    persons_before = Person.objects.count()
    result = run_persons(path)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    aspirant.refresh_from_db()
    assert aspirant.job_title == "Souschef"
    assert aspirant.email == "anna.ny@test.dk"
    assert aspirant.user.email == "anna.ny@test.dk"
    assert aspirant.manager == cast.leader
    assert Person.objects.count() == persons_before


def test_two_existing_persons_may_swap_email_addresses(cast, tmp_path):
    a, b = cast.aspirant, cast.colleague
    path = write(
        tmp_path,
        "p.csv",
        [
            PERSON_HEADER,
            prow(a.employee_number, email=b.email, manager=cast.leader.employee_number),
            prow(b.employee_number, email=a.email, manager=cast.leader.employee_number),
        ],
    )
    old_a, old_b = a.email, b.email
    result = run_persons(path)
    assert result.ok, errors_of(result)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.email, a.user.email, b.email, b.user.email) == (old_b, old_b, old_a, old_a)


def test_a_login_without_a_person_is_linked_not_duplicated(cast, tmp_path):
    login = User.objects.create_user(email="fri@test.dk", password=None)
    path = write(tmp_path, "p.csv", [PERSON_HEADER, prow("900", email="fri@test.dk")])
    result = run_persons(path)
    assert result.ok, errors_of(result)
    assert result.users_created == 0
    assert Person.objects.get(employee_number="900").user == login


def test_dry_run_reports_counts_and_writes_nothing(cast, tmp_path):
    path = write(tmp_path, "p.csv", [PERSON_HEADER, prow("900"), prow("901")])
    before = snapshot()
    result = run_persons(path, dry_run=True)
    assert result.ok and result.dry_run
    assert result.created == 2
    assert snapshot() == before


# --- formats --------------------------------------------------------------------------------


def test_semicolon_csv_with_bom_and_odd_header_case(cast, tmp_path):
    path = write(
        tmp_path,
        "u.csv",
        [" EnhedsKode ;Navn;NIVEAU;Overordnet enhedskode;ignoreret", "NYF;Ny;Forvaltning;K;x"],
        bom=True,
    )
    result = run_units(path)
    assert result.ok, errors_of(result)
    assert OrgUnit.objects.get(code="NYF").name == "Ny"


def test_comma_csv_with_quoted_values(cast, tmp_path):
    path = write(
        tmp_path,
        "u.csv",
        [
            "enhedskode,navn,niveau,overordnet_enhedskode",
            'NYF,"Børn, Unge og Familie",forvaltning,K',
        ],
    )
    result = run_units(path)
    assert result.ok, errors_of(result)
    assert OrgUnit.objects.get(code="NYF").name == "Børn, Unge og Familie"


def test_xlsx_import_of_units_and_persons(cast, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["Enhedskode", "Navn", "Niveau", "Overordnet_enhedskode"])
    ws.append(["NYF", "Ny forvaltning", "forvaltning", "K"])
    ws.append([])  # a blank row is skipped but counted
    ws.append(["NYO", "Nyt område", "område", "NYF"])
    units = tmp_path / "enheder.xlsx"
    wb.save(units)

    wb = Workbook()
    ws = wb.active
    ws.append(PERSON_COLUMNS)
    ws.append(
        [
            900,
            "Ida",
            "Ny",
            "ida@ny.dk",
            "Pædagog",
            "",
            "NYO",
            None,
            "kvinde",
            1980.0,
            # a spreadsheet cell holds a naive datetime: the import must accept it as a date
            dt.datetime(2019, 5, 15),  # noqa: DTZ001
            "ja",
        ]
    )
    ws.append([901, "Ole", "Ny", "ole@ny.dk", "", "", "NYO", 900, "mand", None, None, False])
    persons = tmp_path / "personer.xlsx"
    wb.save(persons)

    assert run_units(units).created == 2
    result = run_persons(persons)
    assert result.ok, errors_of(result)
    assert result.created == 2
    ida = Person.objects.get(employee_number="900")
    assert ida.birth_year == 1980 and ida.employed_since == dt.date(2019, 5, 15) and ida.is_leader
    assert Person.objects.get(employee_number="901").manager == ida


def test_xlsx_line_numbers_match_the_sheet_rows(cast, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["enhedskode", "navn", "niveau", "overordnet_enhedskode"])
    ws.append(["NYF", "Ny", "forvaltning", "K"])
    ws.append([])
    ws.append(["NYO", None, "plads", "NYF"])
    path = tmp_path / "u.xlsx"
    wb.save(path)
    result = run_units(path)
    assert errors_of(result) == [(4, "navn", "Feltet skal udfyldes.")]


def test_blank_csv_lines_are_counted_in_line_numbers(cast, tmp_path):
    path = write(tmp_path, "u.csv", [UNIT_HEADER, "", "NYF;Ny;forvaltning;K", "", "X;;område;NYF"])
    result = run_units(path)
    assert errors_of(result) == [(5, "navn", "Feltet skal udfyldes.")]


def test_a_csv_that_is_not_utf8_is_one_error_naming_the_line(cast, tmp_path):
    path = tmp_path / "u.csv"
    path.write_bytes((UNIT_HEADER + "\nNYF;Økonomi;forvaltning;K\n").encode("cp1252"))
    result = run_units(path)
    assert len(result.errors) == 1
    assert result.errors[0].line == 2 and "UTF-8" in result.errors[0].message


def test_an_unsupported_file_type_or_broken_xlsx_is_one_error(cast, tmp_path):
    assert "Filtypen" in run_units(write(tmp_path, "u.txt", [UNIT_HEADER])).errors[0].message
    broken = tmp_path / "u.xlsx"
    broken.write_bytes(b"not a zip")
    assert "Excel" in run_units(broken).errors[0].message


def test_read_table_skips_unknown_columns_and_blank_header_cells():
    table = read_table(data=b"A;;b\n1;2;3\n", filename="x.csv")
    assert table.columns == ("a", "", "b")
    assert table.rows == [(2, {"a": "1", "b": "3"})]


def test_row_error_prints_as_line_column_message():
    assert str(RowError(4, "email", "Ugyldig e-mail")) == "linje 4: email: Ugyldig e-mail"


# --- bad files: reported with line numbers, nothing written --------------------------------


def test_missing_required_column_is_one_error_and_rows_are_not_checked(cast, tmp_path):
    columns = [c for c in PERSON_COLUMNS if c != "email"]
    path = write(tmp_path, "p.csv", [";".join(columns), "900;;;;;;;;;;", "901;;;;;;;;;;"])
    before = snapshot()
    result = run_persons(path)
    assert errors_of(result) == [(1, "email", "Kolonnen mangler i overskriften (linje 1).")]
    assert snapshot() == before


def test_a_header_without_rows_is_an_error(cast, tmp_path):
    result = run_units(write(tmp_path, "u.csv", [UNIT_HEADER]))
    assert_error(result, 2, "", "ingen rækker")


PERSON_CASES = [
    pytest.param(prow("900", email="ikke-en-mail"), "email", "Ugyldig e-mail", id="bad-email"),
    pytest.param(prow("900", first=""), "fornavn", "Feltet skal udfyldes", id="no-first-name"),
    pytest.param(prow(""), "medarbejdernummer", "Feltet skal udfyldes", id="no-number"),
    pytest.param(prow("900", unit="XYZ"), "enhedskode", "Enhedskoden 'XYZ' findes ikke", id="unit"),
    pytest.param(
        prow("900", manager="555"),
        "leder_medarbejdernummer",
        "Lederen 555 findes hverken i filen eller i Lederspor.",
        id="unknown-manager",
    ),
    pytest.param(
        prow("900", manager="900"), "leder_medarbejdernummer", "sin egen leder", id="self"
    ),
    pytest.param(prow("900", gender="k"), "køn", "Ukendt køn", id="gender"),
    pytest.param(prow("900", year="80"), "fødselsår", "Ugyldigt fødselsår", id="year"),
    pytest.param(prow("900", since="2020-13-01"), "ansat_siden", "Ugyldig dato", id="date"),
    pytest.param(prow("900", since="1/2/2020"), "ansat_siden", "Ugyldig dato", id="date-format"),
    pytest.param(prow("900", leader="måske"), "er_leder", "ja eller nej", id="is-leader"),
    pytest.param(prow("900", title="x" * 151), "stilling", "Højst 150 tegn", id="too-long"),
    pytest.param(
        prow("900", email="anna@test.dk"),
        "email",
        "E-mailen anna@test.dk bruges allerede af medarbejder 103",
        id="email-of-other-person",
    ),
]


@pytest.mark.parametrize(("bad_line", "column", "fragment"), PERSON_CASES)
def test_each_bad_person_row_is_reported_with_its_line_and_nothing_is_written(
    cast, tmp_path, bad_line, column, fragment
):
    path = write(
        tmp_path, "p.csv", [PERSON_HEADER, prow("800"), prow("801"), bad_line, prow("802")]
    )
    before = snapshot()
    result = run_persons(path)
    assert not result.ok
    assert_error(result, 4, column, fragment)
    assert {e.line for e in result.errors} == {4}, errors_of(result)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert snapshot() == before


def test_a_login_of_another_person_blocks_the_email(cast, tmp_path):
    # the login still has the old address although the person's e-mail changed outside Lederspor
    Person.objects.filter(pk=cast.host.pk).update(email="hanne.ny@test.dk")
    path = write(tmp_path, "p.csv", [PERSON_HEADER, prow("900", email="hanne@test.dk")])
    result = run_persons(path)
    assert_error(result, 2, "email", "bruges allerede af et andet login")


def test_unknown_chef_is_reported(cast, tmp_path):
    path = write(
        tmp_path, "p.csv", [PERSON_HEADER + ";chef_medarbejdernummer", prow("900") + ";777"]
    )
    result = run_persons(path)
    assert errors_of(result) == [
        (2, "chef_medarbejdernummer", "Chefen 777 findes hverken i filen eller i Lederspor.")
    ]


def test_duplicate_employee_numbers_name_both_lines(cast, tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        [PERSON_HEADER, prow("123"), prow("124"), prow("125"), prow("123", email="x@ny.dk")],
    )
    before = snapshot()
    result = run_persons(path)
    assert errors_of(result) == [
        (5, "medarbejdernummer", "Medarbejdernummeret 123 står to gange (linje 2 og 5).")
    ]
    assert snapshot() == before


def test_duplicate_emails_in_the_file_name_both_lines(cast, tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        [PERSON_HEADER, prow("900", email="a@ny.dk"), prow("901", email="A@ny.dk")],
    )
    result = run_persons(path)
    assert errors_of(result) == [(3, "email", "E-mailen a@ny.dk står to gange (linje 2 og 3).")]


def test_manager_cycle_within_the_file_is_an_error(cast, tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        [
            PERSON_HEADER,
            prow("900", manager="902"),
            prow("901", manager="900"),
            prow("902", manager="901"),
        ],
    )
    before = snapshot()
    result = run_persons(path)
    assert errors_of(result) == [
        (2, "leder_medarbejdernummer", "Lederkæden er cirkulær: 900 → 902 → 901 → 900.")
    ]
    assert snapshot() == before


def test_manager_cycle_through_existing_persons_is_an_error(cast, tmp_path):
    # the chef (100) gets the aspirant (103) as leader; stored: 103 → 101 → 100
    path = write(
        tmp_path,
        "p.csv",
        [
            PERSON_HEADER,
            prow(
                cast.chef.employee_number,
                first="Charlotte",
                last="Chef",
                email="charlotte@test.dk",
                unit="OA1",
                manager=cast.aspirant.employee_number,
            ),
        ],
    )
    before = snapshot()
    result = run_persons(path)
    assert errors_of(result) == [
        (2, "leder_medarbejdernummer", "Lederkæden er cirkulær: 100 → 103 → 101 → 100.")
    ]
    assert snapshot() == before


def test_moving_a_manager_away_breaks_a_would_be_cycle(cast, tmp_path):
    # 101 reports to 100 today; the file moves 101 under 110 and 100 under 101: no cycle
    path = write(
        tmp_path,
        "p.csv",
        [
            PERSON_HEADER,
            prow("100", email="charlotte@test.dk", unit="OA1", manager="101"),
            prow("101", email="lars@test.dk", manager="110"),
        ],
    )
    result = run_persons(path)
    assert result.ok, errors_of(result)
    cast.chef.refresh_from_db()
    assert cast.chef.manager == cast.leader


UNIT_CASES = [
    pytest.param(
        "X;X;arbejdsplads;NOPE",
        "overordnet_enhedskode",
        "Enhedskoden 'NOPE' findes ikke i filen eller i Lederspor.",
        id="unknown-parent",
    ),
    pytest.param("X;X;;FA", "niveau", "Feltet skal udfyldes", id="no-level"),
    pytest.param("X;X;område;", "overordnet_enhedskode", "Feltet skal udfyldes", id="no-parent"),
    pytest.param("X;X;" + "n" * 41 + ";FA", "niveau", "Højst 40 tegn", id="long-level"),
    pytest.param("X;X;område;X", "overordnet_enhedskode", "under sig selv", id="self-parent"),
    pytest.param(";X;område;FA", "enhedskode", "Feltet skal udfyldes", id="no-code"),
    pytest.param(
        "NYF;Dublet;forvaltning;K",
        "enhedskode",
        "Enhedskoden NYF står to gange (linje 2 og 4).",
        id="duplicate-code",
    ),
]


@pytest.mark.parametrize(("bad_line", "column", "fragment"), UNIT_CASES)
def test_each_bad_unit_row_is_reported_with_its_line_and_nothing_is_written(
    cast, tmp_path, bad_line, column, fragment
):
    path = write(
        tmp_path, "u.csv", [UNIT_HEADER, "NYF;Ny;forvaltning;K", "NYO;Nyt;område;NYF", bad_line]
    )
    before = snapshot()
    result = run_units(path)
    assert not result.ok
    assert_error(result, 4, column, fragment)
    assert {e.line for e in result.errors} == {4}, errors_of(result)
    assert snapshot() == before


def test_any_level_name_and_any_nesting_is_accepted(cast, tmp_path):
    # issue #17 §2: a tree of any depth; the classic names map to OrgUnit.Kind, others stay
    path = write(
        tmp_path,
        "u.csv",
        [
            UNIT_HEADER,
            "T1;Team 1;Team;NYA",  # before its parent in the file
            "NYA;Ny afdeling;afdeling;WA1a",  # under a workplace
            "NYF;Ny forvaltning;Magistratsafdeling;OA1",  # a classic name anywhere
            "OA1;Område A1;arbejdsplads;FA",  # a stored unit changes level
        ],
    )
    result = run_units(path)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated) == (3, 1)
    kinds = dict(OrgUnit.objects.values_list("code", "kind"))
    assert kinds["T1"] == "team" and kinds["NYA"] == "afdeling"
    assert kinds["NYF"] == OrgUnit.Kind.DEPARTMENT and kinds["OA1"] == OrgUnit.Kind.WORKPLACE
    team = OrgUnit.objects.get(code="T1")
    assert team.parent.code == "NYA" and team.parent.parent.code == "WA1a"
    assert team.kind_label == "team"


def test_a_second_root_is_refused_but_the_stored_root_may_be_reimported(cast, tmp_path):
    path = write(tmp_path, "u.csv", [UNIT_HEADER, "K;Kommunen;kommune;", "K2;Anden;kommune;"])
    result = run_units(path)
    assert errors_of(result) == [
        (
            3,
            "overordnet_enhedskode",
            "Feltet skal udfyldes: kun én enhed ligger øverst i træet, og det er 'K'.",
        )
    ]


def test_a_new_root_may_replace_the_stored_one(cast, tmp_path):
    path = write(tmp_path, "u.csv", [UNIT_HEADER, "REG;Region;region;", "K;Kommunen;kommune;REG"])
    result = run_units(path)
    assert result.ok, errors_of(result)
    assert OrgUnit.objects.get(code="K").parent.code == "REG"
    assert not OrgUnit.objects.filter(parent=None).exclude(code="REG").exists()


def test_unit_cycle_in_the_file_is_an_error(cast, tmp_path):
    path = write(tmp_path, "u.csv", [UNIT_HEADER, "A;A;område;B", "B;B;område;A"])
    result = run_units(path)
    assert_error(result, 2, "overordnet_enhedskode", "Enhedstræet er cirkulært: A → B → A.")


def test_every_bad_row_is_reported_not_just_the_first(cast, tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        [PERSON_HEADER, prow("900", email="x"), prow("901"), prow("902", unit="NOPE", year="19")],
    )
    result = run_persons(path)
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "email"),
        (4, "fødselsår"),
        (4, "enhedskode"),
    ]


# --- example files --------------------------------------------------------------------------


def test_the_example_files_import_cleanly_into_the_cast(cast):
    with (EXAMPLES / "enheder.csv").open("rb") as f:
        units = import_units(file=f, filename="enheder.csv", by=None)
    assert units.ok, errors_of(units)
    assert units.created == 4
    with (EXAMPLES / "personer.csv").open("rb") as f:
        persons = import_persons(file=f, filename="personer.csv", by=None)
    assert persons.ok, errors_of(persons)
    assert persons.created == 6 and persons.users_created == 6
    maria = Person.objects.get(employee_number="5005")
    assert maria.manager.employee_number == "5004"
    assert maria.chef_override.employee_number == "5001"


# --- the command ----------------------------------------------------------------------------


def test_command_imports_and_prints_counts(cast, tmp_path):
    path = write(tmp_path, "u.csv", [UNIT_HEADER, "NYF;Ny;forvaltning;K"])
    out = io.StringIO()
    call_command("import_org", "units", str(path), stdout=out)
    assert "1 oprettet" in out.getvalue()
    assert OrgUnit.objects.filter(code="NYF").exists()


def test_command_dry_run_writes_nothing(cast, tmp_path):
    path = write(tmp_path, "p.csv", [PERSON_HEADER, prow("900")])
    out = io.StringIO()
    call_command("import_org", "persons", str(path), "--dry-run", stdout=out)
    assert "Intet er gemt" in out.getvalue()
    assert not Person.objects.filter(employee_number="900").exists()


def test_command_prints_every_error_and_fails(cast, tmp_path):
    path = write(
        tmp_path, "p.csv", [PERSON_HEADER, prow("900", email="x"), prow("901", manager="555")]
    )
    err = io.StringIO()
    before = snapshot()
    with pytest.raises(CommandError, match="2 fejl"):
        call_command("import_org", "persons", str(path), stderr=err, stdout=io.StringIO())
    lines = err.getvalue().splitlines()
    assert "linje 2: email: Ugyldig e-mail: 'x'." in lines
    assert (
        "linje 3: leder_medarbejdernummer: Lederen 555 findes hverken i filen eller i Lederspor."
        in lines
    )
    assert snapshot() == before


def test_command_with_a_missing_file_fails(cast, tmp_path):
    with pytest.raises(CommandError, match="kan ikke åbnes"):
        call_command("import_org", "units", str(tmp_path / "nope.csv"))


# --- the page: people/tests/test_import_runs.py (the upload runs in the background, issue #17)


def upload(name: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), content_type="text/csv")
