"""The agreement as a PDF: version, status, approvals, goals, blocks in date order and the
leader's support, read back with pypdf."""

import io

from django.urls import reverse
from pypdf import PdfReader

from lederspor.agreements.services import agreement_revise
from lederspor.agreements.tests.conftest import day, fill


def text_of(response) -> str:
    """The PDF's text with all whitespace collapsed to single spaces."""
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


def test_pdf_of_an_approved_agreement(cast, approved, as_):
    response = as_(cast.chef).get(reverse("agreements:agreement_pdf", args=[approved.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "laeringsaftale-anna-aspirant-v1.pdf" in response["Content-Disposition"]
    text = text_of(response)
    assert "Læringsaftale – Anna Aspirant" in text
    assert "Version 1" in text and "Status: Godkendt" in text
    assert "Ledertrainee Godkendt" in text and "af Anna Aspirant" in text
    assert "af Lars Leder" in text and "af Kim Konsulent" in text
    assert "Lede et tværgående projekt" in text and "Tydelighed i kommunikationen" in text
    assert "Ugentlige møder med sparring" in text
    # blocks in date order: the easy practice element first, the undated aspirant block last
    first = text.index("Følge lederen i budgetlægning")
    second = text.index("Lede et tværgående projekt Praksiselement")
    last = text.index("Deltagelse i lederaspirantforløbet Deltagelse")
    assert first < second < last
    assert "Sidemandsoplæring" not in text and "Praktik · Tværgående" in text


def test_pdf_of_a_draft_shows_missing_approvals_and_warnings(cast, approved, as_):
    v2 = agreement_revise(agreement=approved, user=cast.leader.user)
    v2 = fill(
        v2,
        cast,
        goals=[],
        blocks=[
            {
                "kind": "practice",
                "title": "Svær opgave først",
                "practice_form": "placement",
                "scope": "cross",
                "starts_on": day(1),
                "complexity": 3,
            },
            {
                "kind": "practice",
                "title": "Let opgave bagefter",
                "practice_form": "side_by_side",
                "scope": "local",
                "starts_on": day(20),
                "complexity": 1,
            },
        ],
    )
    text = text_of(as_(cast.aspirant).get(reverse("agreements:agreement_pdf", args=[v2.pk])))
    assert "Version 2" in text and "Status: Kladde" in text
    assert "Ikke godkendt" in text
    assert "Aftalen har endnu ingen læringsmål." in text
    assert "Kompleksiteten falder" in text
    assert text.index("Svær opgave først") < text.index("Let opgave bagefter")


def test_pdf_is_404_for_outsiders(cast, approved, as_):
    url = reverse("agreements:agreement_pdf", args=[approved.pk])
    assert as_(cast.other_leader).get(url).status_code == 404
    assert as_(cast.host).get(url).status_code == 404


def test_the_pdf_has_no_lone_bullets(cast, approved, as_):
    """Each bullet stands on the line of its goal; no line of the text is only a bullet (the
    list markers used to come out as "• •" after the page's text)."""
    response = as_(cast.chef).get(reverse("agreements:agreement_pdf", args=[approved.pk]))
    reader = PdfReader(io.BytesIO(response.content))
    lines = [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]
    assert [line for line in lines if line and not line.strip("• \u00a0")] == []
    assert any(line.startswith("•") and "Lede et tværgående projekt" in line for line in lines)
    assert any(line.startswith("•") and "Tydelighed i kommunikationen" in line for line in lines)
