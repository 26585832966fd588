"""Every list page exports what it shows, with its filters, as XLSX and CSV (issue #13 §3).

Each page: the XLSX opens with openpyxl with its Danish header and the filtered rows; someone who
may not open the page gets the same 404/403 for `?eksport=xlsx`; formula-like names stay text;
the export's queries do not grow with the number of rows.
"""

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lederspor.people.models import Person
from lederspor.programmes.models import Attendance, Enrolment, Session
from lederspor.programmes.tests.test_query_counts import grow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _book(response):
    """The first worksheet of an XLSX response."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store, private"
    return load_workbook(io.BytesIO(response.content)).active


def _xlsx(response) -> list[tuple]:
    """The rows (header first) of an XLSX response, as values."""
    return list(_book(response).iter_rows(values_only=True))


def _csv(response) -> list[list[str]]:
    """The rows (header first) of a CSV response."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def _names(rows, column: int = 0) -> set:
    return {row[column] for row in rows[1:]}


def _export_queries(client, url: str) -> int:
    """The number of queries of the XLSX export of `url`."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"eksport": "xlsx"})
    assert response.status_code == 200
    return len(ctx.captured_queries)


# --- programmes -------------------------------------------------------------------------------


def test_cohort_list_exports_the_cohorts_with_counts(cast, as_):
    rows = _xlsx(as_(cast.consultant).get(reverse("programmes:cohort_list"), {"eksport": "xlsx"}))
    assert rows[0] == (
        "Hold",
        "Forløb",
        "Start",
        "Slut",
        "Optaget",
        "Pladser",
        "Ventende indstillinger",
        "Mødegange",
    )
    row = next(r for r in rows[1:] if r[0] == cast.cohort.name)
    assert row[2] == dt.datetime.combine(cast.cohort.starts_on, dt.time())
    assert row[4:6] == (2, 24)


def test_cohort_list_export_keeps_the_mine_filter(cast, as_):
    from lederspor.programmes.models import Cohort

    Cohort.objects.create(
        programme=cast.programme,
        name="Andres hold",
        starts_on=cast.cohort.starts_on,
        ends_on=cast.cohort.ends_on,
        capacity=10,
    )
    client = as_(cast.consultant)
    url = reverse("programmes:cohort_list")
    assert "Andres hold" in _names(_xlsx(client.get(url, {"eksport": "xlsx"})))
    mine = _xlsx(client.get(url, {"eksport": "xlsx", "vis": "mine"}))
    assert _names(mine) == {cast.cohort.name}


def test_cohort_list_page_offers_the_export_links(cast, as_):
    page = as_(cast.consultant).get(reverse("programmes:cohort_list"), {"vis": "mine"})
    assert b"eksport=xlsx" in page.content
    assert b"vis=mine&amp;eksport=csv" in page.content


@pytest.mark.parametrize("name", ["cohort_list", "nomination_queue", "schedule"], ids=lambda n: n)
def test_hr_list_exports_are_404_for_others(cast, as_, name):
    for who in (cast.leader, cast.aspirant, cast.outsider):
        response = as_(who).get(reverse(f"programmes:{name}"), {"eksport": "xlsx"})
        assert response.status_code == 404


def test_cohort_overview_exports_participants_with_attendance_and_matrix_columns(cast, as_):
    now = timezone.now()
    session = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Første møde",
        starts_at=now - dt.timedelta(days=2),
        ends_at=now - dt.timedelta(days=2, hours=-2),
    )
    Attendance.objects.create(
        session=session, enrolment=cast.enrolment, status=Attendance.Status.PRESENT
    )
    Enrolment.objects.create(
        cohort=cast.cohort,
        person=cast.colleague,
        status=Enrolment.Status.REJECTED,
        nominated_by=cast.leader,
        decision_reason="Ikke i år",
    )
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    rows = _xlsx(as_(cast.consultant).get(url, {"eksport": "xlsx"}))
    header = rows[0]
    assert header[:5] == ("Navn", "Enhed", "Stilling", "Status", "Begrundelse")
    assert header[5].startswith("1. ") and header[5].endswith("Første møde")
    assert len(header) > 6  # the catalogue's task columns follow the sessions
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Anna Aspirant"][3] == "Optaget"
    assert by_name["Anna Aspirant"][5] == "Deltog"
    assert by_name["Bo Aspirant"][5] == "ikke registreret"
    assert isinstance(by_name["Anna Aspirant"][6], int)
    assert by_name["Carl Kollega"][3:5] == ("Afvist", "Ikke i år")
    assert by_name["Carl Kollega"][5] is None


def test_cohort_overview_exports_the_sessions_with_attendance_counts(cast, as_):
    now = timezone.now()
    session = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.TEACHING_DAY,
        theme="Undervisning",
        place="Rådhuset",
        starts_at=now - dt.timedelta(days=2),
        ends_at=now - dt.timedelta(days=2, hours=-6),
    )
    Attendance.objects.create(
        session=session, enrolment=cast.enrolment, status=Attendance.Status.ABSENT
    )
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    rows = _csv(as_(cast.consultant).get(url, {"eksport": "csv", "liste": "moedegange"}))
    assert rows[0][:6] == ["#", "Start", "Slut", "Type", "Tema", "Sted"]
    assert rows[0][-1] == "Ikke registreret"
    assert len(rows) == 2
    counts = dict(zip(rows[0], rows[1], strict=True))
    assert counts["Tema"] == "Undervisning"
    assert counts["Fraværende"] == "1"
    assert counts["Ikke registreret"] == "1"
    assert counts["Start"] == timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
    page = as_(cast.consultant).get(url)
    assert b"liste=moedegange" in page.content


def test_cohort_overview_export_follows_the_page_access(cast, as_):
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    for who in (cast.leader, cast.aspirant, cast.outsider):
        assert as_(who).get(url, {"eksport": "xlsx"}).status_code == 404
    # HR staff who do not run the cohort may read the page, so they may export it
    assert as_(cast.hr_colleague).get(url, {"eksport": "csv"}).status_code == 200


def test_cohort_overview_export_queries_do_not_grow(cast, as_):
    client = as_(cast.consultant)
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    grow(cast, 24)
    small = _export_queries(client, url)
    grow(cast, 120)
    assert len(_xlsx(client.get(url, {"eksport": "xlsx"}))) > 100
    assert _export_queries(client, url) == small


def test_nomination_queue_exports_every_pending_nomination(cast, as_):
    grow(cast, 120)  # 20 pending nominations: more than the page shows at once? (50 per page)
    extra = Enrolment.objects.filter(status=Enrolment.Status.NOMINATED).count()
    rows = _xlsx(
        as_(cast.consultant).get(reverse("programmes:nomination_queue"), {"eksport": "xlsx"})
    )
    assert rows[0][:4] == ("Navn", "Stilling", "Enhed", "Hold")
    assert len(rows) - 1 == extra
    assert isinstance(rows[1][6], dt.datetime)


def test_schedule_exports_upcoming_sessions_only(cast, as_):
    now = timezone.now()
    for theme, days in (("Før", -3), ("Efter", 3)):
        Session.objects.create(
            cohort=cast.cohort,
            kind=Session.Kind.NETWORK_MEETING,
            theme=theme,
            starts_at=now + dt.timedelta(days=days),
            ends_at=now + dt.timedelta(days=days, hours=2),
        )
    rows = _xlsx(as_(cast.consultant).get(reverse("programmes:schedule"), {"eksport": "xlsx"}))
    assert rows[0] == ("Start", "Slut", "Hold", "Type", "Tema", "Sted")
    assert _names(rows, 4) == {"Efter"}


# --- formula-like values --------------------------------------------------------------------


def test_a_formula_like_name_stays_text_in_xlsx_and_csv(cast, as_):
    Person.objects.filter(pk=cast.aspirant.pk).update(first_name="=1+1")
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    client = as_(cast.consultant)
    sheet = _book(client.get(url, {"eksport": "xlsx"}))
    cell = next(c for (c,) in sheet.iter_rows(min_col=1, max_col=1) if "1+1" in str(c.value))
    assert cell.value == "=1+1 Aspirant"
    assert cell.data_type == "s"
    rows = _csv(client.get(url, {"eksport": "csv"}))
    assert "'=1+1 Aspirant" in [r[0] for r in rows]


# --- e-mails ----------------------------------------------------------------------------------


def test_email_export_has_subject_and_status_never_the_body(cast, as_):
    from lederspor.notifications import services as mail_services
    from lederspor.notifications.models import OutgoingEmail

    # mails about the consultant's cohort: a consultant sees only those (issue #15 §4)
    failed = mail_services.email_queue(
        to=cast.leader,
        subject="Din netværksgruppe",
        body="Personlig brødtekst",
        kind="t",
        cohort_id=cast.cohort.pk,
    )
    OutgoingEmail.objects.filter(pk=failed.pk).update(
        status=OutgoingEmail.Status.FAILED, last_error="SMTP nede"
    )
    mail_services.email_queue(
        to=cast.aspirant, subject="I kø", body="Hemmelig", kind="t", cohort_id=cast.cohort.pk
    )
    url = reverse("notifications:email_list")
    response = as_(cast.consultant).get(url, {"status": "failed", "eksport": "xlsx"})
    rows = _xlsx(response)
    assert rows[0] == (
        "Oprettet",
        "Til",
        "E-mailadresse",
        "Emne",
        "Status",
        "Forsøg",
        "Sendt",
        "Seneste fejl",
    )
    assert [r[3] for r in rows[1:]] == ["Din netværksgruppe"]  # the queued one is filtered out
    assert rows[1][1] == "Lars Leder" and rows[1][4] == "Fejlet"
    assert isinstance(rows[1][0], dt.datetime)
    csv_text = as_(cast.consultant).get(url, {"eksport": "csv"}).content.decode("utf-8")
    for text in (response.content.decode("latin-1"), csv_text):
        assert "brødtekst" not in text and "Hemmelig" not in text
    assert "I kø" in csv_text


def test_email_export_is_404_for_others(cast, as_):
    for who in (cast.leader, cast.aspirant, cast.outsider):
        url = reverse("notifications:email_list")
        assert as_(who).get(url, {"eksport": "csv"}).status_code == 404


def test_email_export_queries_do_not_grow(cast, as_):
    from lederspor.notifications import services as mail_services

    client = as_(cast.consultant)
    url = reverse("notifications:email_list")

    def add(n):
        for i in range(n):
            mail_services.email_queue(to=cast.leader, subject=f"Emne {i}", body="x", kind="t")

    add(3)
    small = _export_queries(client, url)
    add(30)
    assert _export_queries(client, url) == small


# --- persons ----------------------------------------------------------------------------------


def test_person_export_keeps_the_search(cast, as_):
    url = reverse("people:person_list")
    client = as_(cast.consultant)
    rows = _xlsx(client.get(url, {"q": "aspirant", "eksport": "xlsx"}))
    assert rows[0] == (
        "Navn",
        "E-mail",
        "Medarbejdernummer",
        "Enhed",
        "Nærmeste leder",
        "Aktiv",
    )
    assert _names(rows) == {"Anna Aspirant", "Bo Aspirant"}
    anna = next(r for r in rows if r[0] == "Anna Aspirant")
    assert anna[3:] == (cast.workplace.name, "Lars Leder", "Ja")
    everyone = _csv(client.get(url, {"eksport": "csv"}))
    assert "Otto Udenfor" in _names(everyone)
    assert b"q=aspirant&amp;eksport=xlsx" in client.get(url, {"q": "aspirant"}).content


def test_person_export_is_404_for_non_hr(cast, as_):
    for who in (cast.leader, cast.chef, cast.outsider):
        response = as_(who).get(reverse("people:person_list"), {"eksport": "xlsx"})
        assert response.status_code == 404


def test_person_export_queries_do_not_grow(cast, as_):
    client = as_(cast.consultant)
    url = reverse("people:person_list")

    def add(n, start):
        Person.objects.bulk_create(
            Person(
                employee_number=f"P{start + i}",
                first_name=f"Person{start + i}",
                last_name="Testesen",
                email=f"p{start + i}@test.dk",
                unit=cast.workplace,
                manager=cast.leader,
            )
            for i in range(n)
        )

    add(3, 0)
    small = _export_queries(client, url)
    add(60, 100)
    assert _export_queries(client, url) == small


# --- competence plans -------------------------------------------------------------------------


def test_plan_export_keeps_the_status_filter_and_the_viewers_plans(cast, as_):
    from lederspor.competence.models import CompetencePlan, PlanStatus
    from lederspor.competence.services import plan_create

    mine = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
    plan_create(title="Andres plan", unit=cast.other_workplace, owner=None, by=cast.admin)
    done = plan_create(title="Afsluttet", unit=cast.workplace, owner=None, by=cast.admin)
    CompetencePlan.objects.filter(pk=done.pk).update(status=PlanStatus.EVALUATED)
    url = reverse("competence:plan_list")
    rows = _xlsx(as_(cast.leader).get(url, {"eksport": "xlsx"}))
    assert rows[0] == ("Plan", "Faggruppe", "Enhed", "Status", "Deltagere", "Ansvarlig", "Ændret")
    assert _names(rows) == {"Medicin", "Afsluttet"}  # not the other unit's plan
    row = next(r for r in rows if r[0] == "Medicin")
    assert row[2] == cast.workplace.name and row[4] == 0 and row[5] == "Lars Leder"
    assert isinstance(row[6], dt.datetime)
    filtered = _xlsx(as_(cast.leader).get(url, {"status": mine.status, "eksport": "xlsx"}))
    assert _names(filtered) == {"Medicin"}
    assert _names(_xlsx(as_(cast.outsider).get(url, {"eksport": "xlsx"}))) == set()
    assert "Andres plan" in _names(_xlsx(as_(cast.consultant).get(url, {"eksport": "xlsx"})))
