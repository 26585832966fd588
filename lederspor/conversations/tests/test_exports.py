"""Mine samtaler exports what it lists, to whom it lists it (issue #13 §3)."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lederspor.people.models import Person
from lederspor.site.testing import make_cohort

HEADER = ("Samtale", "Deltager", "Hold", "Start", "Slut", "Status", "Din rolle")


def _xlsx(response):
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_the_export_holds_the_conversations_the_list_shows(cast, as_, clarification, plan):
    _cohort, (enrolment, other) = clarification
    mine = plan(enrolment, "leader_before")
    plan(other, "leader_before")
    url = reverse("conversations:list")
    rows = _xlsx(as_(cast.leader).get(url, {"eksport": "xlsx"}))
    assert rows[0] == HEADER
    assert [r[1] for r in rows[1:]] == ["Anna Aspirant"]  # not Bo: his leader is Lene
    assert rows[1][3].date() == mine.starts_at.date()
    assert rows[1][5] == "Planlagt"
    assert rows[1][6] == "Nærmeste leder"
    assert b"eksport=xlsx" in as_(cast.leader).get(url).content


def test_csv_of_a_reading_consultant_says_so(cast, as_, clarification, plan):
    _cohort, (enrolment, _other) = clarification
    plan(enrolment, "jti_feedback")
    response = as_(cast.consultant).get(reverse("conversations:list"), {"eksport": "csv"})
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == list(HEADER)
    assert len(rows) == 2
    assert rows[1][1] == "Anna Aspirant"


def test_someone_without_conversations_exports_an_empty_list(cast, as_, clarification, plan):
    _cohort, (enrolment, _other) = clarification
    plan(enrolment, "leader_before")
    for who in (cast.outsider, cast.chef, cast.admin):
        rows = _xlsx(as_(who).get(reverse("conversations:list"), {"eksport": "xlsx"}))
        assert rows == [HEADER]


def test_export_queries_do_not_grow_with_the_conversations(cast, as_, templates, plan):
    def queries(n: int) -> int:
        people = [
            Person.objects.create(
                employee_number=f"S{n}-{i}",
                first_name=f"Samtale{n}x{i}",
                last_name="Testesen",
                email=f"samtale{n}x{i}@test.dk",
                unit=cast.workplace,
                manager=cast.leader,
            )
            for i in range(n)
        ]
        _cohort, enrolments = make_cohort(
            "clarification", consultants=[cast.consultant], participants=people
        )
        for enrolment in enrolments:
            plan(enrolment, "leader_before")
        client = as_(cast.leader)
        with CaptureQueriesContext(connection) as ctx:
            rows = _xlsx(client.get(reverse("conversations:list"), {"eksport": "xlsx"}))
        assert len(rows) > n
        return len(ctx.captured_queries)

    assert queries(2) == queries(8)
