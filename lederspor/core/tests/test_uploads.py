"""The one upload guard (core.uploads, issue #15 §5): a zip bomb is refused with a Danish
error and never the memory; sizes, archive parts, rows and cells have limits."""

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError

from lederspor.core.tests.files import MB, shared_xlsx_bomb, with_lying_sizes, xlsx_bytes_of
from lederspor.core.uploads import (
    UploadLimits,
    check_file_size,
    check_upload,
    check_xlsx_archive,
    limit_rows,
    megabytes,
)

LIMITS = UploadLimits(
    max_bytes=5 * MB,
    xlsx_max_uncompressed_bytes=25 * MB,
    xlsx_max_ratio=100,
    xlsx_max_members=200,
    max_rows=20000,
    max_cells=500000,
)
#: the most memory checking a hostile file may take (a bound, not a timing)
PEAK_BYTES = 50 * MB


@pytest.fixture
def bomb():
    """A 300 MB cell packed into ~300 KB, as in the issue."""
    return shared_xlsx_bomb(300)


def _refusal(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value


def test_the_bomb_is_small_on_disk_and_huge_unpacked(bomb):
    assert bomb.stat().st_size < 1 * MB
    with zipfile.ZipFile(bomb) as archive:
        assert sum(m.file_size for m in archive.infolist()) > 300 * MB


def test_a_zip_bomb_is_refused_in_danish_with_little_memory(bomb):
    tracemalloc.start()
    try:
        with bomb.open("rb") as file:
            error = _refusal(
                lambda: check_upload(file, name="bombe.xlsx", size=None, limits=LIMITS)
            )
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "expands_too_much"
    assert error.messages == [
        "Filen pakker sig ud til mere end 25 MB og afvises. Del den op i mindre filer."
    ]
    assert peak < PEAK_BYTES


def test_headers_that_lie_about_the_size_are_caught_by_the_streamed_read(bomb):
    # the central directory claims 1000 bytes a part: the totals pass, the read does not
    lying = io.BytesIO(with_lying_sizes(bomb.read_bytes()))
    tracemalloc.start()
    try:
        error = _refusal(lambda: check_xlsx_archive(lying, limits=LIMITS))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "not_xlsx"
    assert error.messages == ["Filen kan ikke læses som et Excel-regneark (.xlsx)."]
    assert peak < PEAK_BYTES
    assert lying.tell() == 0


def test_the_streamed_read_stops_past_the_limit_when_the_totals_pass():
    # honest headers, a small limit: the totals are checked first, so this also shows the
    # streamed count agrees with them for an archive whose parts are all under the ratio
    data = xlsx_bytes_of([[f"række {i}", i] for i in range(2000)])
    unpacked = sum(m.file_size for m in zipfile.ZipFile(io.BytesIO(data)).infolist())
    small = UploadLimits(**{**LIMITS.__dict__, "xlsx_max_uncompressed_bytes": unpacked - 1})
    assert _refusal(lambda: check_xlsx_archive(io.BytesIO(data), limits=small)).code == (
        "expands_too_much"
    )
    check_xlsx_archive(io.BytesIO(data), limits=LIMITS)  # the same file under the real limit


def test_a_part_packed_unusually_tightly_is_refused_under_the_size_limit():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"A" * (2 * MB))
    error = _refusal(lambda: check_xlsx_archive(out, limits=LIMITS))
    assert error.code == "too_compressed"
    assert "pakket usædvanligt tæt" in error.messages[0]


def test_an_archive_of_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index in range(201):
            archive.writestr(f"xl/part{index}.xml", b"<x/>")
    error = _refusal(lambda: check_xlsx_archive(out, limits=LIMITS))
    assert error.code == "too_many_members"
    assert error.messages == ["Filen indeholder for mange dele (201; højst 200) og afvises."]


def test_a_file_that_is_not_a_zip_is_not_an_xlsx():
    error = _refusal(lambda: check_xlsx_archive(io.BytesIO(b"navn;email\n"), limits=LIMITS))
    assert error.code == "not_xlsx"


REST = ["", "", "kvinde", 1980, "2020-01-01", "nej"]


def test_an_ordinary_import_file_passes_well_inside_the_limits():
    rows = [
        [f"{i:06d}", "Anne", "Hansen", f"p{i}@kommune.dk", "Pædagog", "Pædagog", "WA1a", *REST]
        for i in range(3000)
    ]
    data = xlsx_bytes_of(rows)
    check_upload(io.BytesIO(data), name="personer.xlsx", size=len(data), limits=LIMITS)
    # a real sheet packs about 12:1, far from the ratio limit; 20,000 such rows unpack to ~13 MB
    sheet = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml")
    assert sheet.file_size < LIMITS.xlsx_max_ratio / 4 * sheet.compress_size


def test_a_file_over_the_size_limit_is_refused_with_both_sizes():
    error = _refusal(lambda: check_file_size(5 * MB + 1, limits=LIMITS))
    assert error.code == "too_large"
    assert error.messages == ["Filen er for stor: den fylder 5,1 MB, og den må højst fylde 5 MB."]
    check_file_size(5 * MB, limits=LIMITS)
    check_file_size(None, limits=LIMITS)


def test_a_csv_is_held_to_the_size_but_not_opened_as_a_zip():
    check_upload(io.BytesIO(b"a;b\n"), name="u.csv", size=None, limits=LIMITS)
    error = _refusal(
        lambda: check_upload(io.BytesIO(b"x" * 10), name="u.csv", size=6 * MB, limits=LIMITS)
    )
    assert error.code == "too_large"


def test_rows_are_counted_as_they_are_read_and_reading_stops_at_the_limit():
    limits = UploadLimits(**{**LIMITS.__dict__, "max_rows": 3})
    read = []

    def rows():
        for index in range(10**9):  # endless: the limit must stop it
            read.append(index)
            yield ["a", "b"]

    error = _refusal(lambda: list(limit_rows(rows(), limits=limits, width=len)))
    assert error.code == "too_many_rows"
    assert error.messages == ["Filen har mere end 3 rækker og afvises. Del den op i flere filer."]
    assert read == [0, 1, 2, 3]
    assert list(limit_rows([["a"]] * 3, limits=limits, width=len)) == [["a"]] * 3


def test_cells_are_counted_across_rows():
    limits = UploadLimits(**{**LIMITS.__dict__, "max_cells": 5})
    assert len(list(limit_rows([["a", "b"], ["c", "d", "e"]], limits=limits, width=len))) == 2
    error = _refusal(lambda: list(limit_rows([["a"] * 3, ["b"] * 3], limits=limits, width=len)))
    assert error.code == "too_many_cells"
    assert error.messages == ["Filen har mere end 5 celler og afvises. Del den op i flere filer."]


def test_the_limits_come_from_settings_and_a_page_may_only_lower_them(settings):
    settings.LEDERSPOR_UPLOAD_MAX_MB = 8
    settings.LEDERSPOR_IMPORT_MAX_ROWS = 7
    assert UploadLimits.from_settings().max_bytes == 8 * MB
    assert UploadLimits.from_settings(max_bytes=5 * MB).max_bytes == 5 * MB
    assert UploadLimits.from_settings(max_bytes=50 * MB).max_bytes == 8 * MB
    assert UploadLimits.from_settings().max_rows == 7


@pytest.mark.parametrize(
    ("size", "shown"), [(5 * MB, "5"), (5 * MB + 1, "5,1"), (MB // 2, "0,5"), (25 * MB, "25")]
)
def test_megabytes_are_shown_rounded_up_with_a_comma(size, shown):
    assert megabytes(size) == shown
