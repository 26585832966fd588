"""Dates through Django's localisation: the formats of each language (lederspor.core.formats),
and a guard that no page, mail or module writes a Danish date format of its own again."""

import datetime as dt
import importlib
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.formats import FORMAT_SETTINGS, date_format, time_format

from lederspor.core.formats import CUSTOM_FORMATS

COPENHAGEN = ZoneInfo(settings.TIME_ZONE)
SATURDAY = dt.datetime(2026, 12, 5, 14, 30, tzinfo=COPENHAGEN)

EXPECTED = {
    "da": {
        "DATE_FORMAT": "5. december 2026",
        "SHORT_DATE_FORMAT": "5. dec 2026",
        "DATETIME_FORMAT": "5. december 2026 14:30",
        "SHORT_DATETIME_FORMAT": "5. dec 2026 14:30",
        "MONTH_DAY_FORMAT": "5. december",
        "WEEKDAY_DATE_FORMAT": "lørdag 5. december 2026",
        "WEEKDAY_DATETIME_FORMAT": "lørdag 5. december 2026 kl. 14:30",
    },
    "en": {
        "DATE_FORMAT": "5 December 2026",
        "SHORT_DATE_FORMAT": "5 Dec 2026",
        "DATETIME_FORMAT": "5 December 2026, 14:30",
        "SHORT_DATETIME_FORMAT": "5 Dec 2026, 14:30",
        "MONTH_DAY_FORMAT": "5 December",
        "WEEKDAY_DATE_FORMAT": "Saturday 5 December 2026",
        "WEEKDAY_DATETIME_FORMAT": "Saturday 5 December 2026 at 14:30",
    },
}


@pytest.mark.parametrize(
    ("language", "name", "expected"),
    [(lang, name, text) for lang, names in EXPECTED.items() for name, text in names.items()],
)
def test_each_named_format_reads_naturally_in_each_language(language, name, expected):
    with translation.override(language):
        assert date_format(timezone.localtime(SATURDAY), name) == expected


@pytest.mark.parametrize("language", ["da", "en"])
def test_templates_get_the_same_through_date_and_time(language):
    page = Template(
        '{{ m|date }}|{{ m|date:"SHORT_DATE_FORMAT" }}|{{ m|time }}'
        '|{{ m|date:"WEEKDAY_DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        rendered = page.render(Context({"m": SATURDAY}))
        expected = EXPECTED[language]
        assert rendered == "|".join(
            [
                expected["DATE_FORMAT"],
                expected["SHORT_DATE_FORMAT"],
                time_format(timezone.localtime(SATURDAY)),
                expected["WEEKDAY_DATETIME_FORMAT"],
            ]
        )
    assert time_format(timezone.localtime(SATURDAY)) == "14:30"


def test_every_language_defines_every_name_the_templates_use():
    """A name Django cannot find in the active language's module is read as a format string
    ("WEEKDAY_DATE_FORMAT" would print the week number, the month...), so each language in
    settings.LANGUAGES must define Lederspor's own names as well as Django's."""
    for code, _name in settings.LANGUAGES:
        module = importlib.import_module(f"lederspor.core.formats.{code}.formats")
        for name in CUSTOM_FORMATS:
            assert isinstance(getattr(module, name, None), str), (code, name)


@pytest.mark.parametrize(
    ("language", "typed"), [("da", "25.10.2026"), ("da", "2026-10-25"), ("en", "2026-10-25")]
)
def test_forms_still_accept_what_they_accepted(language, typed):
    """Input formats are left to Django's locale (plus ISO, which `<input type="date">` sends)."""
    with translation.override(language):
        assert forms.DateField().clean(typed) == dt.date(2026, 10, 25)
        moment = forms.DateTimeField().clean("2026-10-25T14:30")
    assert moment == dt.datetime(2026, 10, 25, 14, 30, tzinfo=COPENHAGEN)


# --- the guard -----------------------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
NAMED = set(FORMAT_SETTINGS) | set(CUSTOM_FORMATS)
# Fragments that read the same in Danish and British English and are kept on purpose: the
# cohort page's attendance matrix heads each column "3. 5/12" (the full date is in the
# column's <abbr title>), and the visits overview squeezes a time into a table cell.
LOCALE_NEUTRAL = {"j/n", "j/n H:i"}

TEMPLATE_FORMAT = re.compile(r"\|(?:date|time):([\"'])(.*?)\1")
PYTHON_FORMAT_CALL = re.compile(
    r"\b(?:date|time)_format\((?:[^()]|\([^()]*\))*?,\s*[\"']([^\"']*)[\"']"
)
# Danish date shapes written by hand: Django's "j. F Y", "d.m.Y", "\k\l." and strftime's "%d.%m".
DANISH_BY_HAND = re.compile(r"\bj\. [FbMNn]\b|\bd\.m\.Y\b|\\k\\l\.|%-?d\.%-?m")


def _python_sources():
    for path in sorted((ROOT / "lederspor").rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if (
            "migrations" in parts
            or "tests" in parts
            or parts[:3] == ("lederspor", "core", "formats")
        ):
            continue
        yield path


def test_templates_write_dates_through_named_formats_only():
    found = [
        f"{path.relative_to(ROOT)}:{number}: {match.group(2)!r}"
        for path in sorted((ROOT / "templates").rglob("*"))
        if path.suffix in {".html", ".txt", ".ics"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        for match in TEMPLATE_FORMAT.finditer(line)
        if match.group(2) not in NAMED | LOCALE_NEUTRAL
    ]
    assert found == [], (
        "use |date, |time or a named format (lederspor/core/formats):\n" + "\n".join(found)
    )


def test_python_writes_dates_through_named_formats_only():
    found = []
    for path in _python_sources():
        text = path.read_text()
        for number, line in enumerate(text.splitlines(), 1):
            if DANISH_BY_HAND.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        for match in PYTHON_FORMAT_CALL.finditer(text):
            if match.group(1) not in NAMED:
                number = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{number}: {match.group(0)}")
    assert found == [], (
        "use date_format(x) or a named format (lederspor/core/formats):\n" + "\n".join(found)
    )


@pytest.mark.parametrize(
    "line",
    [
        '{{ day|date:"j. F Y" }}',
        "{{ day|date:'j. b Y' }}",
        r'{{ s.starts_at|date:"l j. F Y \k\l. H:i" }}',
        '{{ s.starts_at|time:"H:i" }}',
    ],
)
def test_the_template_guard_catches_a_format_of_its_own(line):
    assert any(m.group(2) not in NAMED | LOCALE_NEUTRAL for m in TEMPLATE_FORMAT.finditer(line))


@pytest.mark.parametrize(
    "line",
    [
        'date_format(cohort.starts_on, "j. F Y")',
        "date_format(timezone.localtime(s.starts_at), 'l')",
        'f"{day:%d.%m.%Y}"',
        'day.strftime("%d.%m.%Y")',
    ],
)
def test_the_python_guard_catches_a_format_of_its_own(line):
    assert DANISH_BY_HAND.search(line) or any(
        m.group(1) not in NAMED for m in PYTHON_FORMAT_CALL.finditer(line)
    )
