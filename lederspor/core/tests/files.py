"""Hostile and ordinary upload files built in the tests (never stored in git): a real XLSX
zip bomb, written streaming so the test itself never holds it unpacked."""

import functools
import io
import os
import struct
import tempfile
import zipfile
from pathlib import Path

from openpyxl import Workbook

MB = 1024 * 1024
SHEET = "xl/worksheets/sheet1.xml"
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
)
SHEET_TAIL = b"</t></is></c></row></sheetData></worksheet>"


def xlsx_bytes_of(rows: list[list[object]]) -> bytes:
    """An ordinary workbook with `rows` on its first sheet, as openpyxl writes it."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_bomb(path: Path, *, megabytes: int = 300) -> Path:
    """Write a real XLSX whose first sheet's cell A1 is `megabytes` MB of one repeated letter:
    a few hundred KB on disk (deflate at level 9 packs ~1000:1). The sheet is written a
    megabyte at a time, so building it costs a megabyte of memory. Returns `path`."""
    template = zipfile.ZipFile(io.BytesIO(xlsx_bytes_of([["x"]])))
    chunk = b"A" * MB
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in template.infolist():
            if info.filename == SHEET:
                with bomb.open(SHEET, "w", force_zip64=True) as sheet:
                    sheet.write(SHEET_HEAD)
                    for _ in range(megabytes):
                        sheet.write(chunk)
                    sheet.write(SHEET_TAIL)
            else:
                bomb.writestr(info.filename, template.read(info.filename))
    return path


def with_lying_sizes(data: bytes, *, declared: int = 1000) -> bytes:
    """`data` (a ZIP) with every member's uncompressed size in the central directory
    replaced by `declared` bytes: the headers lie about how much comes out."""
    patched = bytearray(data)
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) != -1:
        patched[start + 24 : start + 28] = struct.pack("<I", declared)
        start += 4
    return bytes(patched)


@functools.cache
def shared_xlsx_bomb(megabytes: int = 300) -> Path:
    """The bomb of `xlsx_bomb`, built once per test process (building 300 MB takes seconds)
    in the system's temporary directory, and removed when the process ends."""
    import atexit

    folder = Path(tempfile.mkdtemp(prefix=f"lederspor-bomb-{os.getpid()}-"))
    path = xlsx_bomb(folder / "bombe.xlsx", megabytes=megabytes)

    def remove() -> None:
        path.unlink(missing_ok=True)
        folder.rmdir()

    atexit.register(remove)
    return path
