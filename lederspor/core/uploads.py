"""Limits on uploaded and imported files (issue #15 §5): one guard for every upload and import.

A file is checked in the order that costs least memory first, so a hostile file is refused
before anything large is held:

1. `check_file_size` — the upload's size in bytes (`LEDERSPOR_UPLOAD_MAX_MB`, or the caller's
   own smaller limit);
2. `check_xlsx_archive` — for an XLSX (a ZIP of XML files) the archive *before* openpyxl opens
   it: the number of members, the total uncompressed size the central directory declares, the
   compression ratio of each large member, and then a streamed read of every member that
   stops as soon as more bytes come out than allowed (a ZIP's headers can lie; Python's
   zipfile also stops at the declared size and fails the CRC check, which is refused too);
3. `limit_rows` — while the rows are read (openpyxl in read-only mode, or csv), the number of
   rows and of cells, counted as they come, never after everything has been read.

Every refusal is a `django.core.exceptions.ValidationError` with one Danish sentence and a
`code` (`too_large`, `not_xlsx`, `too_many_members`, `expands_too_much`, `too_compressed`,
`too_many_rows`, `too_many_cells`); a form shows it as a field error, an import as a line error.
The limits are settings (docs/operations.md, "Upload limits"), read at each call so tests can
change them.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024
#: bytes read from a ZIP member at a time while its real size is counted
CHUNK_BYTES = 64 * 1024
#: members smaller than this (uncompressed) are not held to the ratio: small XML parts such as
#: styles.xml compress very well and are harmless
RATIO_GRACE_BYTES = 1 * MB

Row = TypeVar("Row")


@dataclass(frozen=True)
class UploadLimits:
    """The limits a file is checked against (all counts; sizes in bytes).

    `max_bytes`: the file itself; `xlsx_max_uncompressed_bytes`: everything in an XLSX
    unpacked; `xlsx_max_ratio`: uncompressed / compressed size of one member (above
    `RATIO_GRACE_BYTES`); `xlsx_max_members`: files in the archive; `max_rows`: lines of a
    table, blank ones included; `max_cells`: cells of a table (the sum of every row's width).
    """

    max_bytes: int
    xlsx_max_uncompressed_bytes: int
    xlsx_max_ratio: int
    xlsx_max_members: int
    max_rows: int
    max_cells: int

    @classmethod
    def from_settings(cls, *, max_bytes: int | None = None) -> UploadLimits:
        """The limits in settings (`LEDERSPOR_UPLOAD_*`, `LEDERSPOR_XLSX_*`,
        `LEDERSPOR_IMPORT_*`); `max_bytes` replaces the file size limit when given (a page may
        accept less than the site-wide maximum, never more)."""
        site_max = int(settings.LEDERSPOR_UPLOAD_MAX_MB) * MB
        return cls(
            max_bytes=min(max_bytes, site_max) if max_bytes is not None else site_max,
            xlsx_max_uncompressed_bytes=int(settings.LEDERSPOR_XLSX_MAX_UNCOMPRESSED_MB) * MB,
            xlsx_max_ratio=int(settings.LEDERSPOR_XLSX_MAX_RATIO),
            xlsx_max_members=int(settings.LEDERSPOR_XLSX_MAX_MEMBERS),
            max_rows=int(settings.LEDERSPOR_IMPORT_MAX_ROWS),
            max_cells=int(settings.LEDERSPOR_IMPORT_MAX_CELLS),
        )


def megabytes(size: int) -> str:
    """A size in bytes as megabytes, rounded up to one decimal, Danish comma ("5", "0,3",
    "5,1" for a byte more than 5 MB: never shown as the limit it passed)."""
    tenths = math.ceil(size * 10 / MB)
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10},{tenths % 10}"


def check_file_size(size: int | None, *, limits: UploadLimits) -> None:
    """Refuse a file of `size` bytes over `limits.max_bytes`.

    Raises ValidationError (code `too_large`): "Filen er for stor: den fylder 6 MB, og den må
    højst fylde 5 MB."
    """
    if size is not None and size > limits.max_bytes:
        raise ValidationError(
            _("Filen er for stor: den fylder %(size)s MB, og den må højst fylde %(max)s MB.")
            % {"size": megabytes(size), "max": megabytes(limits.max_bytes)},
            code="too_large",
        )


def _not_xlsx() -> ValidationError:
    return ValidationError(
        _("Filen kan ikke læses som et Excel-regneark (.xlsx)."), code="not_xlsx"
    )


def _expands_too_much(limits: UploadLimits) -> ValidationError:
    return ValidationError(
        _("Filen pakker sig ud til mere end %(max)s MB og afvises. Del den op i mindre filer.")
        % {"max": megabytes(limits.xlsx_max_uncompressed_bytes)},
        code="expands_too_much",
    )


def check_xlsx_archive(file: IO[bytes], *, limits: UploadLimits) -> None:
    """Check an XLSX file's ZIP archive before anything parses its XML (a zip bomb never
    reaches openpyxl). `file` is a seekable binary file; it is left at position 0.

    Checks the member count, the total uncompressed size and each large member's compression
    ratio from the central directory, then reads every member in `CHUNK_BYTES` pieces,
    counting what comes out and stopping past the limit (memory stays at one chunk).
    Raises ValidationError with code `not_xlsx` (not a ZIP, or a member is corrupt),
    `too_many_members`, `expands_too_much` or `too_compressed`.
    """
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
            if len(members) > limits.xlsx_max_members:
                raise ValidationError(
                    _("Filen indeholder for mange dele (%(count)d; højst %(max)d) og afvises.")
                    % {"count": len(members), "max": limits.xlsx_max_members},
                    code="too_many_members",
                )
            if sum(m.file_size for m in members) > limits.xlsx_max_uncompressed_bytes:
                raise _expands_too_much(limits)
            for member in members:
                if (
                    member.file_size > RATIO_GRACE_BYTES
                    and member.file_size > limits.xlsx_max_ratio * max(member.compress_size, 1)
                ):
                    raise ValidationError(
                        _(
                            "Filen er pakket usædvanligt tæt sammen (mere end %(ratio)d gange) "
                            "og afvises, fordi den kan være skadelig."
                        )
                        % {"ratio": limits.xlsx_max_ratio},
                        code="too_compressed",
                    )
            unpacked = 0
            for member in members:
                with archive.open(member) as stream:
                    while chunk := stream.read(CHUNK_BYTES):
                        unpacked += len(chunk)
                        if unpacked > limits.xlsx_max_uncompressed_bytes:
                            raise _expands_too_much(limits)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        # BadZipFile: not a ZIP, or a CRC that does not match (a lying header); OSError and
        # EOFError: a truncated file; ValueError/NotImplementedError: a bad header or an
        # unknown compression method
        raise _not_xlsx() from exc
    finally:
        file.seek(0)


def limit_rows(
    rows: Iterable[Row], *, limits: UploadLimits, width: Callable[[Row], int]
) -> Iterator[Row]:
    """Yield `rows` unchanged, counting rows and cells as they come.

    `width(row)`: the row's number of cells (`len` for a list of cells). Raises ValidationError (code
    `too_many_rows` or `too_many_cells`) at the first row past `limits.max_rows` or the row
    whose cells make the total pass `limits.max_cells`; rows after it are never read.
    """
    cells = 0
    for count, row in enumerate(rows, start=1):
        if count > limits.max_rows:
            raise ValidationError(
                _("Filen har mere end %(max)d rækker og afvises. Del den op i flere filer.")
                % {"max": limits.max_rows},
                code="too_many_rows",
            )
        cells += width(row)
        if cells > limits.max_cells:
            raise ValidationError(
                _("Filen har mere end %(max)d celler og afvises. Del den op i flere filer.")
                % {"max": limits.max_cells},
                code="too_many_cells",
            )
        yield row


def check_upload(file: IO[bytes], *, name: str, size: int | None, limits: UploadLimits) -> None:
    """The checks a file needs before it is read: its size, and for a `.xlsx` its archive.

    `name`: the file's name (its suffix decides); `size`: its size in bytes (None to measure
    by seeking). Raises ValidationError as `check_file_size` and `check_xlsx_archive`.
    """
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    check_file_size(size, limits=limits)
    if name.lower().endswith(".xlsx"):
        check_xlsx_archive(file, limits=limits)
