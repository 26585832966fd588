"""core.pdf writes every PDF as PDF/UA-1 (issue #14 §2), read back with core.pdf_testing; and
core.pdf_testing's checks find what they say they find (a check that cannot fail checks
nothing)."""

import pytest
from django.test import override_settings

from lederspor.core.pdf import pdf_bytes
from lederspor.core.pdf_testing import (
    document_problems,
    heading_problems,
    pdf_lines,
    pdf_structure,
    pdf_text,
    text_problems,
)

DOCUMENT = """<!doctype html>
<html lang="{{ lang }}">
<head><meta charset="utf-8"><title>{{ title }}</title>
<style>@page { @bottom-right { content: "Side " counter(page) " af " counter(pages); } }</style>
</head>
<body>
<h1>Læringsaftale – Anna Aspirant</h1>
<p>Godkendt {{ day|date }} af Lars Leder.</p>
<h2>Læringsmål</h2>
<ul><li>Lede et tværgående projekt</li><li>Tydelighed i kommunikationen</li></ul>
<h2>Byggeklodser</h2>
<table>
  <thead><tr><th scope="col">Periode</th><th scope="col">Byggeklods</th></tr></thead>
  <tbody><tr><td>1. feb 2027 – 1. mar 2027</td><td>Praktik</td></tr></tbody>
</table>
<h2>Trin</h2>
<ol><li>Forberedelse</li><li>Opgaven</li></ol>
{{ extra|safe }}
</body>
</html>
"""

#: a 1×1 PNG
PIXEL = (
    "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAC"
    "hwGA60e6kgAAAABJRU5ErkJggg=="
)


def render(*, variant: str | None = "pdf/ua-1", **context) -> bytes:
    context = {"lang": "da", "title": "Læringsaftale – Anna Aspirant", "extra": ""} | context
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [("django.template.loaders.locmem.Loader", {"doc.html": DOCUMENT})]
            },
        }
    ]
    with override_settings(TEMPLATES=templates):
        if variant == "pdf/ua-1":
            return pdf_bytes("doc.html", context)
        return pdf_bytes("doc.html", context, variant=variant)


@pytest.fixture(scope="module")
def tagged() -> bytes:
    return render()


def test_every_pdf_is_tagged_pdf_ua_1_with_language_and_title(tagged):
    info = pdf_structure(tagged)
    assert info.tagged and info.marked
    assert info.pdfua_part == 1
    assert info.lang == "da"
    assert info.title == "Læringsaftale – Anna Aspirant"
    assert info.display_doc_title


def test_the_structure_tree_has_the_headings_lists_and_table_in_reading_order(tagged):
    info = pdf_structure(tagged)
    assert info.headings == (
        (1, "Læringsaftale – Anna Aspirant"),
        (2, "Læringsmål"),
        (2, "Byggeklodser"),
        (2, "Trin"),
    )
    tags = info.tags
    assert tags[0] == "Document"
    assert tags.index("H1") < tags.index("L") < tags.index("Table")
    assert tags.count("LI") == 4 and tags.count("Lbl") == 4
    assert tags.count("TH") == 2 and tags.count("TD") == 2
    assert info.cells_without_headers == 0 and info.figures_without_alt == 0


def test_a_plain_pdf_has_none_of_it():
    """The check can fail: WeasyPrint's plain output has no tags, language mark or XMP part."""
    info = pdf_structure(render(variant=None))
    assert not info.tagged and info.tags == ()
    assert info.pdfua_part is None and not info.display_doc_title
    assert "not tagged as PDF/UA-1" in document_problems(render(variant=None))


def test_list_markers_stand_with_their_items_in_the_text(tagged):
    lines = pdf_lines(tagged)
    assert "• Lede et tværgående projekt" in lines
    assert "1. Forberedelse" in lines and "2. Opgaven" in lines
    assert "•" not in lines and "1." not in lines


def test_a_finished_danish_document_has_no_problems(tagged):
    assert document_problems(tagged) == []
    text = pdf_text(tagged)
    assert "Side 1 af 1" in text


def test_the_language_and_title_come_from_the_template():
    problems = document_problems(render(lang="en", title=""))
    assert "language is 'en', not 'da'" in problems
    assert any(p.startswith("no title shown by the reader") for p in problems)


def test_an_image_without_alt_and_a_table_without_headers_are_found():
    extra = (
        f'<img src="{PIXEL}" width="10" height="10">'
        f'<img alt="Aarhus Kommunes logo" src="{PIXEL}">'
        "<table><tr><td>a</td><td>b</td></tr></table>"
    )
    info = pdf_structure(render(extra=extra))
    assert info.figures_without_alt == 1
    assert info.cells_without_headers == 2


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("Mål: learning_goals", "a field name 'learning_goals'"),
        ("Ansvarlig: None", "a raw value 'None'"),
        ("Bekræftet: True", "a raw value 'True'"),
        ("Læringsmål: []", "a raw value '[]'"),
        ("Navn: {{ person.name }}", "a raw value '{{'"),
        ("Afholdt 2026-12-06", "a date not in Danish '2026-12-06'"),
        ("Afholdt December 6, 2026", "a date not in Danish 'December'"),
        ("Afholdt 12/6/2026", "a date not in Danish '12/6/2026'"),
        ("1. 1. undervisningsdag", "a number printed twice '1. 1.'"),
        ("Byggeklods ()", "an empty '()'"),
        ("Praktik · · Lokal", "an empty value between separators"),
        ("Praktik, , Lokal", "an empty value between separators"),
        (", Børn og Unge", "an empty value before a separator"),
        ("•", "a list marker apart from its item"),
        ("3.", "a list marker apart from its item"),
        ("Periode ? – ?", "a placeholder '?'"),
        ("en personprofil analyse (JTI, Jungs Type Indikator,", "a '(' is never closed"),
        ("Indikator) og logbog", "a ')' closes nothing"),
    ],
)
def test_text_problems_are_found(line, found):
    problems = text_problems(["Kursusbevis", line, "Udskrevet fra Lederspor 6. december 2026."])
    assert any(p.startswith(found) for p in problems), problems


def test_numbering_that_jumps_is_found_and_dates_are_not_numbering():
    assert text_problems(["1. Opgave", "2. Perspektiv", "4. Træningsbane"]) == [
        "numbering jumps from 2 to 4: '4. Træningsbane'"
    ]
    assert text_problems(["1. Opgave", "19. nov 2026 – 6. december 2026", "2. Perspektiv"]) == []


def test_danish_text_with_labels_and_parentheses_has_no_problems():
    lines = [
        "Individuel tilbagemeldingssamtale (JTI)",
        "a) Forberedelse (med nærmeste leder) og b) opfølgning",
        "Torsdag 6. december 2026, kl. 09:00–10:30 · Rådhuset",
        "Opgaven",
        "–",
        "Side 1 af 2",
    ]
    assert text_problems(lines) == []


@pytest.mark.parametrize(
    ("headings", "found"),
    [
        ((), "the document does not start with one top heading"),
        (((2, "Læringsmål"),), "the document does not start with one top heading"),
        (((1, "Kursusbevis"), (1, "Kursusbevis")), "more than one top heading"),
        (((1, "Kursusbevis"), (3, "Dagene")), "heading level skipped (H1 → H3)"),
        (((1, "Learning agreement"), (2, "Goals")), "an English word in a heading"),
        (((1, "Kursusbevis"), (2, "")), "an empty heading"),
    ],
)
def test_heading_problems_are_found(headings, found):
    assert any(p.startswith(found) for p in heading_problems(headings))


def test_danish_headings_have_no_problems():
    headings = ((1, "Samtale med nærmeste leder"), (2, "Temaer for samtalen"), (3, "Rammer"))
    assert heading_problems(headings) == []
