"""A round of network groups exports its groups and members (issue #13 §3)."""

import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lederspor.grouping import services
from lederspor.grouping.tests.factories import add_participants


def _round(cast, n):
    add_participants(cast, n, tag=f"x{n}")
    rnd = services.grouping_round_create(cohort=cast.cohort, by=cast.consultant.user)
    return services.grouping_round_compose(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version, time_limit=0.05
    )


def _xlsx(response):
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_round_exports_every_member_with_their_group(cast, as_):
    rnd = _round(cast, 10)
    url = reverse("grouping:round_detail", args=[rnd.pk])
    rows = _xlsx(as_(cast.consultant).get(url, {"eksport": "xlsx"}))
    assert rows[0] == ("Gruppe", "Navn", "Stilling", "Enhed", "Status", "Låst")
    assert len(rows) - 1 == 12  # the cast's two aspirants and ten more
    assert "Anna Aspirant" in {r[1] for r in rows}
    groups = {g.name for g in rnd.groups.all()}
    assert {r[0] for r in rows[1:]} == groups
    assert {r[5] for r in rows[1:]} == {"Nej"}
    text = as_(cast.hr_colleague).get(url, {"eksport": "csv"}).content.decode("utf-8")
    assert text.lstrip("\ufeff").startswith("Gruppe;Navn;")
    assert b"eksport=csv" in as_(cast.consultant).get(url).content


def test_round_export_is_404_for_participants_and_leaders(cast, as_):
    rnd = _round(cast, 10)
    url = reverse("grouping:round_detail", args=[rnd.pk])
    for who in (cast.aspirant, cast.leader, cast.outsider):
        assert as_(who).get(url, {"eksport": "xlsx"}).status_code == 404


def test_round_export_queries_do_not_grow(cast, as_):
    def queries(n):
        rnd = _round(cast, n)
        client = as_(cast.consultant)
        url = reverse("grouping:round_detail", args=[rnd.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert len(_xlsx(client.get(url, {"eksport": "xlsx"}))) > n
        return len(ctx.captured_queries)

    assert queries(10) == queries(40)
