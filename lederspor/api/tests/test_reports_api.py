"""/api/v1/reports/…: the report pages as JSON for a `reports:read` token (issue #13 §4)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lederspor.api.tests.conftest import bearer
from lederspor.reports.tests.test_reports import _grow, _trainee_answers

REPORTS = ["programme", "leaders", "effects", "diversity", "evaluations"]


@pytest.mark.parametrize("key", REPORTS)
def test_every_report_is_served_as_tables(cast, api_client, make_token, key):
    _token, raw = make_token(scopes=["reports:read"])
    response = api_client.get(f"/api/v1/reports/{key}", **bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["report"] == key
    assert body["tables"] and all(t["headers"] for t in body["tables"])


def test_a_token_without_the_reports_scope_is_refused(cast, api_client, make_token):
    _token, raw = make_token(scopes=["org:read", "programmes:read"])
    assert api_client.get("/api/v1/reports/programme", **bearer(raw)).status_code == 403


def test_the_programme_report_matches_the_page_and_takes_the_filter(cast, api_client, make_token):
    _grow(cast, 2, "j")
    _token, raw = make_token(scopes=["reports:read"])
    body = api_client.get("/api/v1/reports/programme", **bearer(raw)).json()
    status = body["tables"][0]
    assert status["key"] == "status" and status["headers"][:3] == [
        "Forløb",
        "År",
        "Indstillet i alt",
    ]
    assert sum(row[2] for row in status["rows"]) == 10  # 2 cast enrolments + 2 × (2 + 2)
    filtered = api_client.get("/api/v1/reports/programme", {"department": "FB"}, **bearer(raw))
    assert filtered.json()["filter"] == {"department": "FB"}
    assert filtered.json()["tables"][0]["rows"] == []  # every participant works in Forvaltning A
    same = api_client.get("/api/v1/reports/programme", {"department": "FA"}, **bearer(raw))
    assert sum(row[2] for row in same.json()["tables"][0]["rows"]) == 10


def test_an_invalid_filter_is_a_422_in_danish(cast, api_client, make_token):
    _token, raw = make_token(scopes=["reports:read"])
    response = api_client.get("/api/v1/reports/programme", {"cohort": 999999}, **bearer(raw))
    assert response.status_code == 422
    assert "cohort" in response.json()["detail"]


def test_small_numbers_stay_hidden_in_the_api(cast, api_client, make_token):
    _trainee_answers(cast, 3)
    _token, raw = make_token(scopes=["reports:read"])
    body = api_client.get("/api/v1/reports/effects", **bearer(raw)).json()
    cells = [c for row in body["tables"][0]["rows"] for c in row]
    assert {"suppressed": True, "below": "< 5"} in cells
    assert not any(isinstance(c, dict) and "mean" in c for c in cells)


def test_report_query_count_does_not_grow(cast, api_client, make_token):
    _token, raw = make_token(scopes=["reports:read"])
    _grow(cast, 1, "s")
    api_client.get("/api/v1/reports/programme", **bearer(raw))
    with CaptureQueriesContext(connection) as small:
        api_client.get("/api/v1/reports/programme", **bearer(raw))
    _grow(cast, 3, "l")
    with CaptureQueriesContext(connection) as large:
        api_client.get("/api/v1/reports/programme", **bearer(raw))
    assert len(large) == len(small)
