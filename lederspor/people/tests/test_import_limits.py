"""Limits of the organisation import (issue #15 §5, core.uploads): a zip bomb, too many rows
or cells and a file too large get a Danish error, nothing is written, the form keeps what was
chosen, and memory stays low."""

import io
import re
import tracemalloc

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from lederspor.core.tests.files import MB, shared_xlsx_bomb, xlsx_bytes_of
from lederspor.notifications.testing import run_worker
from lederspor.people.importing import import_persons, import_units
from lederspor.people.models import OrgLoadRun, OrgUnit, Person
from lederspor.people.tests.test_import import PERSON_HEADER, UNIT_HEADER, prow, snapshot

URL = "/organisation/import/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPANDS = "Filen pakker sig ud til mere end 40 MB og afvises. Del den op i mindre filer."
PEAK_BYTES = 50 * MB


@pytest.fixture
def bomb():
    """A 300 MB cell packed into ~300 KB, as in the issue."""
    return shared_xlsx_bomb(300)


def _post(client, *, name, data, content_type, **fields):
    return client.post(
        URL, {"file": SimpleUploadedFile(name, data, content_type=content_type), **fields}
    )


def test_a_zip_bomb_on_the_page_is_a_danish_field_error_and_the_form_keeps_the_choices(
    cast, as_, bomb
):
    client = as_(cast.consultant)
    data = bomb.read_bytes()
    before = snapshot()
    # the page once before measuring: the first request compiles templates and imports views
    assert client.get(URL).status_code == 200
    tracemalloc.start()
    try:
        response = _post(
            client,
            name="personer.xlsx",
            data=data,
            content_type=XLSX,
            kind="persons",
            dry_run="on",
        )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < PEAK_BYTES
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["file"] == [EXPANDS]
    assert form["kind"].value() == "persons" and form["dry_run"].value() is True
    html = response.content.decode()
    assert EXPANDS in html
    [persons_radio] = re.findall(r'<input type="radio"[^>]*value="persons"[^>]*>', html)
    assert "checked" in persons_radio
    assert re.search(r'<input type="checkbox" name="dry_run"[^>]*checked', html)
    assert snapshot() == before


def test_a_zip_bomb_given_to_the_import_itself_is_one_line_error(cast, bomb):
    before = snapshot()
    with bomb.open("rb") as file:
        result = import_persons(file=file, filename="personer.xlsx", by=None)
    assert [(e.line, e.message) for e in result.errors] == [(1, EXPANDS)]
    assert snapshot() == before


def test_the_command_refuses_a_zip_bomb(cast, bomb):
    with pytest.raises(CommandError, match="Intet er gemt"):
        call_command("import_org", "persons", str(bomb), stderr=io.StringIO())


def test_too_many_rows_is_an_error_and_nothing_is_written(cast, as_, settings, tmp_path):
    settings.LEDERSPOR_IMPORT_MAX_ROWS = 3  # header + 2 rows
    settings.MEDIA_ROOT = tmp_path / "media"
    before = snapshot()
    lines = [PERSON_HEADER, prow("900"), prow("901"), prow("902")]
    client = as_(cast.consultant)
    response = _post(
        client,
        name="p.csv",
        data="\n".join(lines).encode(),
        content_type="text/csv",
        kind="persons",
    )
    assert response.status_code == 302  # the worker reads the file (issue #17 §2)
    run_worker()
    run = OrgLoadRun.objects.latest("id")
    [error] = run.report["persons"]["errors"]
    assert (error["line"], error["message"]) == (
        4,
        "Filen har mere end 3 rækker og afvises. Del den op i flere filer.",
    )
    assert "Intet er gemt" in client.get(response["Location"]).content.decode()
    assert snapshot() == before
    assert not Person.objects.filter(employee_number__in=["900", "901", "902"]).exists()


def test_too_many_rows_in_an_xlsx_stops_the_read(cast, settings):
    settings.LEDERSPOR_IMPORT_MAX_ROWS = 10
    rows = [UNIT_HEADER.split(";")] + [[f"U{i}", "Enhed", "forvaltning", "K"] for i in range(50)]
    result = import_units(file=io.BytesIO(xlsx_bytes_of(rows)), filename="u.xlsx", by=None)
    assert [(e.line, e.message) for e in result.errors] == [
        (11, "Filen har mere end 10 rækker og afvises. Del den op i flere filer.")
    ]
    assert not OrgUnit.objects.filter(code__startswith="U").exists()
    settings.LEDERSPOR_IMPORT_MAX_ROWS = 51
    ok = import_units(file=io.BytesIO(xlsx_bytes_of(rows)), filename="u.xlsx", by=None)
    assert ok.errors == [] and ok.created == 50


def test_a_row_of_16384_columns_is_counted_as_cells(cast, settings):
    # one cell far to the right makes openpyxl hand over a row as wide as the sheet
    settings.LEDERSPOR_IMPORT_MAX_CELLS = 20000
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(UNIT_HEADER.split(";"))
    for row in range(2, 5):
        workbook.active.cell(row=row, column=16384, value="x")
    out = io.BytesIO()
    workbook.save(out)
    result = import_units(file=io.BytesIO(out.getvalue()), filename="u.xlsx", by=None)
    assert [(e.line, e.message) for e in result.errors] == [
        (3, "Filen har mere end 20000 celler og afvises. Del den op i flere filer.")
    ]


def test_a_file_too_large_for_the_import_is_refused_by_the_import_too(cast, settings):
    settings.LEDERSPOR_UPLOAD_MAX_MB = 1
    data = (UNIT_HEADER + "\n").encode() + b"NYF;Ny;forvaltning;K\n" * (MB // 20)
    result = import_units(file=io.BytesIO(data), filename="u.csv", by=None)
    [error] = result.errors
    assert error.message.startswith("Filen er for stor: den fylder 1,1 MB")
    assert not OrgUnit.objects.filter(code="NYF").exists()
