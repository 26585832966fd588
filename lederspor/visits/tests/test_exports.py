"""The consultant's job-visit overview exports its pairs and visits – progress, never content
(issue #13 §3)."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lederspor.visits.models import JobVisit
from lederspor.visits.tests import factories as f

HEADER = (
    "Par",
    "Makkere",
    "Besøg",
    "Vært",
    "Status",
    "Tidspunkt",
    "Opsamlingsgruppe",
    "Opsamling",
)


def _xlsx(response):
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_overview_exports_one_row_per_visit_without_content(cast, as_):
    c = f.published(cast, f.leaders(cast, 4))
    JobVisit.objects.filter(pair__cohort=c).update(observed="Hemmelig iagttagelse")
    url = reverse("visits:cohort_overview", args=[c.pk])
    response = as_(cast.consultant).get(url, {"eksport": "xlsx"})
    rows = _xlsx(response)
    assert rows[0] == HEADER
    visits = JobVisit.objects.filter(pair__cohort=c).count()
    assert len(rows) - 1 == visits == 4  # two pairs, two visits each
    assert {r[0] for r in rows[1:]} == {1, 2}
    assert rows[1][2] == "1. jobbesøg" and rows[1][4] == "Planlægges"
    assert rows[1][1].count("Bulk (Arbejdsplads") == 2  # both partners with their unit
    csv_text = as_(cast.consultant).get(url, {"eksport": "csv"}).content.decode("utf-8")
    assert "Hemmelig" not in csv_text
    assert b"eksport=xlsx" in as_(cast.consultant).get(url).content


def test_overview_export_is_404_for_the_partners_and_others(cast, as_):
    partner = f.leader(cast, "Makker")
    c = f.published(cast, [partner, *f.leaders(cast, 3)])
    url = reverse("visits:cohort_overview", args=[c.pk])
    for who in (partner, cast.leader, cast.outsider):
        assert as_(who).get(url, {"eksport": "xlsx"}).status_code == 404


def test_overview_export_queries_do_not_grow(cast, as_):
    def queries(n):
        c = f.published(cast, f.leaders(cast, n))
        client = as_(cast.consultant)
        url = reverse("visits:cohort_overview", args=[c.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert len(_xlsx(client.get(url, {"eksport": "xlsx"}))) == n + 1
        return len(ctx.captured_queries)

    assert queries(4) == queries(16)
