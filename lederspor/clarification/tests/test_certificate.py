"""The course certificate (*kursusbevis*, seed 002 §7: "Dit kursus er nu afsluttet – og du står
med et kursusbevis."): a PDF for a completed enrolment, read back with pypdf; 404 before
completion and for anyone but the participant, the nearest leader and the consultants."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lederspor.clarification.tests.test_teaching_days import THEMES
from lederspor.programmes.services import enrolment_complete, enrolment_reopen


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())


@pytest.fixture
def completed(cast, anna, days):
    return enrolment_complete(enrolment=anna, by=cast.admin)


def url(enrolment):
    return reverse("clarification:certificate", args=[enrolment.pk])


def test_the_certificate_names_the_participant_programme_dates_and_days(
    cast, as_, completed, cohort
):
    response = as_(cast.aspirant).get(url(completed))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    assert "Kursusbevis" in text
    assert "Anna Aspirant" in text
    assert "Leder på spring" in text
    assert cohort.name in text
    assert str(cohort.starts_on.year) in text
    for n, theme in enumerate(THEMES, start=1):
        assert f"{n}. undervisningsdag: {theme}" in text
    assert "Dato og underskrift, konsulent: Kim Konsulent" in text


def test_a_cohort_without_teaching_day_sessions_lists_the_programmes_teaching_days(cast, as_, anna):
    """An older cohort without teaching-day sessions: the heading is not left empty; the five
    teaching days come from the programme's content, without dates."""
    completed = enrolment_complete(enrolment=anna, by=cast.admin)
    response = as_(cast.aspirant).get(url(completed))
    assert response.status_code == 200
    text = text_of(response)
    after = text[text.index("Undervisningsdagene") :]
    for n, theme in enumerate(THEMES, start=1):
        assert f"{n}. undervisningsdag: {theme}" in after
    assert after.index("5. undervisningsdag") < after.index("Dato og underskrift")


@pytest.mark.parametrize("who", ["aspirant", "leader", "consultant", "admin"])
def test_who_may_download_it(cast, as_, completed, who):
    assert as_(getattr(cast, who)).get(url(completed)).status_code == 200


@pytest.mark.parametrize(
    "who", ["chef", "other_aspirant", "other_leader", "host", "outsider", "hr_colleague"]
)
def test_everyone_else_gets_404(cast, as_, completed, who):
    assert as_(getattr(cast, who)).get(url(completed)).status_code == 404


def test_before_completion_404_and_the_panel_says_why(cast, as_, anna):
    c = as_(cast.aspirant)
    assert c.get(url(anna)).status_code == 404
    page = c.get(reverse("programmes:enrolment_detail", args=[anna.pk])).content.decode()
    assert "Kursusbeviset kan hentes, når konsulenten har markeret forløbet som gennemført." in page
    assert url(anna) not in page


def test_after_completion_the_panel_links_it_and_reopening_closes_it(cast, as_, completed):
    c = as_(cast.aspirant)
    page = c.get(reverse("programmes:enrolment_detail", args=[completed.pk])).content.decode()
    assert "Dit kursus er nu afsluttet – og du står med et kursusbevis." in page
    assert url(completed) in page
    enrolment_reopen(enrolment=completed, by=cast.admin)
    assert c.get(url(completed)).status_code == 404


def test_an_aspirant_enrolment_has_no_certificate_here(cast, as_):
    enrolment = enrolment_complete(enrolment=cast.enrolment, by=cast.admin)
    assert as_(cast.aspirant).get(url(enrolment)).status_code == 404
