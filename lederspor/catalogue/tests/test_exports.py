"""A cohort's practice tasks: the consultant's list and its export (issue #13 §3)."""

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lederspor.catalogue.models import TaskAssignment
from lederspor.programmes.tests.test_query_counts import grow

Status = TaskAssignment.Status


def _task(cast, enrolment, title, status, *, due_days=10, host=None):
    return TaskAssignment.objects.create(
        enrolment=enrolment,
        title=title,
        learning_goal="Lære at lede",
        status=status,
        proposed_by=enrolment.person,
        host=host,
        due_on=timezone.localdate() + dt.timedelta(days=due_days),
    )


def _xlsx(response):
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def _url(cast):
    return reverse("catalogue:cohort_tasks", args=[cast.cohort.pk])


def test_the_page_and_its_export_list_the_cohorts_tasks(cast, as_):
    _task(cast, cast.enrolment, "Rekruttering", Status.IN_PROGRESS, due_days=-3, host=cast.host)
    _task(cast, cast.other_enrolment, "Budget", Status.DONE)
    client = as_(cast.consultant)
    page = client.get(_url(cast)).content.decode()
    assert "Rekruttering" in page and "Budget" in page and "Overskredet" in page
    assert "eksport=xlsx" in page
    rows = _xlsx(client.get(_url(cast), {"eksport": "xlsx"}))
    assert rows[0] == (
        "Deltager",
        "Enhed",
        "Opgave",
        "Status",
        "Start",
        "Frist",
        "Overskredet",
        "Vært",
        "Netværksmøde",
    )
    by_title = {r[2]: r for r in rows[1:]}
    assert set(by_title) == {"Rekruttering", "Budget"}
    rekruttering = by_title["Rekruttering"]
    assert rekruttering[0] == "Anna Aspirant" and rekruttering[3] == "I gang"
    assert rekruttering[5] == dt.datetime.combine(
        timezone.localdate() - dt.timedelta(days=3), dt.time()
    )
    assert rekruttering[6:8] == ("Ja", "Hanne Vært")
    assert rekruttering[8] in ("", None)  # not tied to a network meeting
    assert by_title["Budget"][6] == "Nej"


def test_the_status_filter_applies_to_the_export(cast, as_):
    _task(cast, cast.enrolment, "Rekruttering", Status.IN_PROGRESS)
    _task(cast, cast.other_enrolment, "Budget", Status.DONE)
    response = as_(cast.consultant).get(_url(cast), {"status": "done", "eksport": "csv"})
    text = response.content.decode("utf-8")
    assert "Budget" in text and "Rekruttering" not in text


def test_the_cohort_page_links_to_the_task_list(cast, as_):
    page = as_(cast.consultant).get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert _url(cast) in page.content.decode()


def test_only_the_cohorts_consultants_and_hr_staff_may_see_it(cast, as_):
    _task(cast, cast.enrolment, "Rekruttering", Status.IN_PROGRESS)
    for who in (cast.aspirant, cast.leader, cast.chef, cast.host, cast.outsider):
        assert as_(who).get(_url(cast)).status_code == 404
        assert as_(who).get(_url(cast), {"eksport": "xlsx"}).status_code == 404
    assert as_(cast.hr_colleague).get(_url(cast), {"eksport": "xlsx"}).status_code == 200


def test_page_and_export_queries_do_not_grow_with_the_tasks(cast, as_):
    client = as_(cast.consultant)

    def queries():
        with CaptureQueriesContext(connection) as page:
            assert client.get(_url(cast)).status_code == 200
        with CaptureQueriesContext(connection) as export:
            rows = _xlsx(client.get(_url(cast), {"eksport": "xlsx"}))
        return len(page.captured_queries), len(export.captured_queries), len(rows)

    grow(cast, 24)
    small_page, small_export, small_rows = queries()
    grow(cast, 96)
    large_page, large_export, large_rows = queries()
    assert large_rows > small_rows + 50
    assert (large_page, large_export) == (small_page, small_export)
