"""The course certificate (*kursusbevis*, seed 002 §7: "Dit kursus er nu afsluttet – og du står
med et kursusbevis."): a PDF for a completed enrolment, read back with pypdf; the teaching days
numbered Dag 1–5 and the attended ones only; 404 before completion, when more than one day was
missed, and for anyone but the participant, the nearest leader and the consultants."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from lederspor.clarification.privacy import certificate_documents
from lederspor.clarification.tests.test_teaching_days import THEMES
from lederspor.programmes.services import attendance_set, enrolment_complete, enrolment_reopen


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
    after = text[text.index("Forløbets undervisningsdage") :]
    for n, theme in enumerate(THEMES, start=1):
        assert f"Dag {n}: {theme}" in after
    assert "undervisningsdag:" not in text  # no "1. 1. undervisningsdag" double numbering
    assert "Dato og underskrift, konsulent: Kim Konsulent" in text
    assert_finished(text)


def assert_finished(text: str) -> None:
    """Reads as a finished Danish document: no raw values, balanced parentheses."""
    for raw in ("None", "learning_goals", "teaching_day", "{{", "{%", "present", "absent"):
        assert raw not in text
    assert text.count("(") == text.count(")")
    assert "Jungs Type Indikator)" in text


def test_a_cohort_without_teaching_day_sessions_lists_the_programmes_teaching_days(cast, as_, anna):
    """An older cohort without teaching-day sessions: the heading is not left empty; the five
    teaching days come from the programme's content, without dates."""
    completed = enrolment_complete(enrolment=anna, by=cast.admin)
    response = as_(cast.aspirant).get(url(completed))
    assert response.status_code == 200
    text = text_of(response)
    after = text[text.index("Forløbets undervisningsdage") :]
    for n, theme in enumerate(THEMES, start=1):
        assert f"Dag {n}: {theme}" in after
    assert after.index("Dag 5") < after.index("Dato og underskrift")
    assert_finished(text)


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


def _roll_call(cast, anna, days, statuses):
    for day, status in zip(days, statuses, strict=True):
        if status:
            attendance_set(session=day, enrolment=anna, status=status, by=cast.admin)


def test_the_certificate_lists_only_the_days_attended(cast, as_, anna, days):
    _roll_call(cast, anna, days, ["present", "present", "excused", "present", "present"])
    completed = enrolment_complete(enrolment=anna, by=cast.admin)
    text = text_of(as_(cast.aspirant).get(url(completed)))
    assert "Deltog i 4 af 5 undervisningsdage" in text
    for n in (1, 2, 4, 5):
        assert f"Dag {n}: {THEMES[n - 1]}" in text
    assert "Dag 3" not in text and THEMES[2] not in text
    assert "Forløbets undervisningsdage" not in text
    assert_finished(text)


def test_a_day_without_registered_attendance_is_not_claimed(cast, as_, anna, days):
    _roll_call(cast, anna, days, ["present", "present", "present", "present", None])
    completed = enrolment_complete(enrolment=anna, by=cast.admin)
    text = text_of(as_(cast.aspirant).get(url(completed)))
    assert "Deltog i 4 af 5 undervisningsdage" in text and "Dag 5" not in text


@pytest.mark.parametrize("who", ["aspirant", "leader", "consultant"])
def test_two_missed_days_no_certificate_and_the_panel_says_why(cast, as_, anna, days, who):
    _roll_call(cast, anna, days, ["present", "absent", "excused", "present", "present"])
    completed = enrolment_complete(enrolment=anna, by=cast.admin)
    c = as_(getattr(cast, who))
    assert c.get(url(completed)).status_code == 404
    page = c.get(reverse("programmes:enrolment_detail", args=[anna.pk])).content.decode()
    assert (
        "Der udstedes ikke kursusbevis: fraværet er registreret på 2 af 5 undervisningsdage."
        in page
    )
    assert url(completed) not in page
    assert certificate_documents(cast.aspirant) == []


def test_the_chef_sees_no_attendance_reason(cast, as_, anna, days):
    _roll_call(cast, anna, days, ["present", "absent", "excused", "present", "present"])
    enrolment_complete(enrolment=anna, by=cast.admin)
    response = as_(cast.chef).get(reverse("programmes:enrolment_detail", args=[anna.pk]))
    assert response.status_code == 200
    assert "Kursusbevis" in response.content.decode()
    assert "fraværet er registreret" not in response.content.decode()


def test_the_access_export_holds_the_certificate_when_given(cast, anna, days):
    _roll_call(cast, anna, days, ["present"] * 5)
    enrolment_complete(enrolment=anna, by=cast.admin)
    (document,) = certificate_documents(cast.aspirant)
    text = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(document.content)).pages
        ).split()
    )
    assert "Deltog i 5 af 5 undervisningsdage" in text


def test_the_certificate_reads_hrs_edited_description(cast, as_, completed):
    """An HR edit on the "Tekster" page (issue #16 §1) is on the next certificate."""
    from lederspor.texts import services as texts

    text = texts.get_text("clarification.certificate")
    texts.text_edit(
        text=text,
        data={"description": "Forløbet for {deltager} bestod af fem dage og et netværk."},
        by=cast.admin,
        expected_version=0,
    )
    pdf = text_of(as_(cast.aspirant).get(url(completed)))
    assert "Forløbet for Anna Aspirant bestod af fem dage og et netværk." in pdf
    assert "Jungs Type Indikator" not in pdf
