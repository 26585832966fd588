"""core.exports: XLSX and CSV files that open right and never run a formula (issue #13 §3)."""

import csv
import datetime as dt
import io
import zoneinfo

from django.test import RequestFactory
from openpyxl import load_workbook

from lederspor.core.exports import Column, csv_text, export_response, requested_format, xlsx_bytes

ROWS = [
    {"name": '=HYPERLINK("http://x")', "n": 3, "on": dt.date(2026, 3, 1), "ok": True},
    {"name": "Ærø Ø-ström", "n": None, "on": None, "ok": False},
    {"name": "-2+3", "n": 2.5, "on": dt.date(2025, 1, 31), "ok": False},
]
COLUMNS = [
    Column("Navn", lambda r: r["name"]),
    Column("Antal", lambda r: r["n"]),
    Column("Dato", lambda r: r["on"]),
    Column("Godkendt", lambda r: r["ok"]),
]


def test_xlsx_has_frozen_header_autofilter_typed_cells_and_no_formula():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows=ROWS, columns=COLUMNS, title="Liste"))).active
    assert sheet.title == "Liste"
    assert [c.value for c in sheet[1]] == ["Navn", "Antal", "Dato", "Godkendt"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D4"
    assert sheet["A2"].value == '=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"  # text, not a formula
    assert sheet["B2"].value == 3 and sheet["B4"].value == 2.5
    assert sheet["C2"].value.date() == dt.date(2026, 3, 1)
    assert sheet["C2"].number_format == "DD-MM-YYYY"
    assert sheet["D2"].value == "Ja" and sheet["D3"].value == "Nej"
    assert sheet["A3"].value == "Ærø Ø-ström"


def test_xlsx_writes_aware_datetimes_in_local_time(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    moment = dt.datetime(2026, 6, 1, 8, 0, tzinfo=dt.UTC)
    data = xlsx_bytes(rows=[moment], columns=[Column("Tid", lambda r: r)], title="t")
    cell = load_workbook(io.BytesIO(data)).active["A2"]
    assert (cell.value.date(), cell.value.hour, cell.value.minute) == (dt.date(2026, 6, 1), 10, 0)
    assert zoneinfo.ZoneInfo("Europe/Copenhagen")  # the zone exists on this machine


def test_csv_escapes_formula_like_values_and_uses_semicolons():
    text = csv_text(rows=ROWS, columns=COLUMNS)
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert lines[0] == ["Navn", "Antal", "Dato", "Godkendt"]
    assert lines[1] == ['\'=HYPERLINK("http://x")', "3", "2026-03-01", "Ja"]
    assert lines[2] == ["Ærø Ø-ström", "", "", "Nej"]
    assert lines[3] == ["'-2+3", "2.5", "2025-01-31", "Nej"]


def test_export_response_is_an_attachment_with_bom_and_no_store():
    response = export_response(rows=ROWS, columns=COLUMNS, filename="Mine deltagere", format="csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store, private"
    assert response["Content-Disposition"].startswith('attachment; filename="mine-deltagere-')
    assert response.content.startswith("\ufeff".encode())


def test_requested_format_accepts_only_known_formats():
    factory = RequestFactory()
    assert requested_format(factory.get("/", {"eksport": "xlsx"})) == "xlsx"
    assert requested_format(factory.get("/", {"eksport": "csv"})) == "csv"
    assert requested_format(factory.get("/", {"eksport": "pdf"})) is None
    assert requested_format(factory.get("/")) is None


def test_a_report_exports_one_worksheet_per_table_and_csv_sections():
    from lederspor.core.exports import Sheet, export_sheets_response

    sheets = [
        Sheet("Status: 2026/27", ROWS[:1], COLUMNS),
        Sheet("Fremmøde", ROWS, COLUMNS[:2]),
    ]
    response = export_sheets_response(sheets=sheets, filename="Forløbsrapport", format="xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Status  2026 27", "Fremmøde"]
    assert workbook["Fremmøde"].max_row == 4 and workbook["Fremmøde"].freeze_panes == "A2"
    text = export_sheets_response(sheets=sheets, filename="r", format="csv").content.decode()
    assert text.startswith("\ufeffStatus: 2026/27\r\nNavn;Antal;Dato;Godkendt\r\n")
    assert "\r\n\r\nFremmøde\r\nNavn;Antal\r\n" in text
