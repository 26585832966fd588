"""Every spreadsheet Lederspor writes goes through `core.exports`, which escapes values that
start like a formula (issue #15 §5: "Every export escapes formula-leading values"). A new
module that writes XLSX or CSV on its own makes this test fail: route it through
`core.exports.export_response` / `export_sheets_response` instead."""

import re
from pathlib import Path

import lederspor

PACKAGE = Path(lederspor.__file__).resolve().parent
#: the one module allowed to write spreadsheets
ALLOWED = {PACKAGE / "core" / "exports.py"}
#: what writing a spreadsheet looks like in code
WRITERS = re.compile(
    r"csv\.writer|csv\.DictWriter|DictWriter\(|openpyxl import .*Workbook\b|Workbook\(\)"
    r"|import tablib|import xlsxwriter|xlwt"
)


def _sources() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.relative_to(PACKAGE).parts
        and "migrations" not in path.parts
        and path.name != "conftest.py"
        and path not in ALLOWED
    ]


def test_no_module_but_core_exports_writes_a_spreadsheet():
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if WRITERS.search(line)
    ]
    assert offenders == [], "write spreadsheets through lederspor.core.exports:\n" + "\n".join(
        offenders
    )


def test_the_scan_finds_a_writer_where_there_is_one():
    # the pattern above must match the ways a module would write a file on its own
    for line in (
        "writer = csv.writer(out)",
        "from openpyxl import Workbook",
        "wb = Workbook()",
        "import tablib",
    ):
        assert WRITERS.search(line), line
    assert len(_sources()) > 100 and PACKAGE / "licences" / "views.py" in _sources()
