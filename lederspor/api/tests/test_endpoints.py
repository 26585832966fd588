"""What the endpoints answer: the fields (and the private ones they leave out), cursor pagination
that survives inserts, query counts that do not grow with the page size, the rate limit, and
`last_used_at` written at most once a minute."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lederspor.api.pagination import cursor_encode
from lederspor.api.tests.conftest import bearer
from lederspor.api.tests.test_auth import PAGINATED
from lederspor.people.models import OrgUnit, Person
from lederspor.privacy.models import ReadLogEntry
from lederspor.programmes.models import Cohort, Enrolment, Programme, Session


def test_schema_is_valid_openapi_3(api_client):
    from openapi_spec_validator import validate

    response = api_client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1"
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_units_carry_their_parents_code(api_client, make_token, cast):
    _token, raw = make_token(scopes=["org:read"])
    items = api_client.get("/api/v1/org-units?limit=500", **bearer(raw)).json()["items"]
    by_code = {unit["code"]: unit for unit in items}
    assert by_code["K"] == {
        "code": "K",
        "name": "Testkommune",
        "kind": "municipality",
        "parent_code": None,
    }
    assert by_code["WA1a"]["parent_code"] == "OA1"
    assert by_code["WA1a"]["kind"] == "workplace"


def test_persons_have_the_minimal_fields_only(api_client, make_token, cast):
    Person.objects.filter(pk=cast.aspirant.pk).update(gender="female", birth_year=1990)
    _token, raw = make_token(scopes=["org:read"])
    response = api_client.get("/api/v1/persons?unit=WA1a", **bearer(raw))
    items = response.json()["items"]
    anna = next(p for p in items if p["employee_number"] == "103")
    assert anna == {
        "employee_number": "103",
        "first_name": "Anna",
        "last_name": "Aspirant",
        "email": "anna@test.dk",
        "unit_code": "WA1a",
        "manager_employee_number": "101",
        "is_leader": False,
        "is_active": True,
    }
    assert b"female" not in response.content and b"1990" not in response.content
    assert {p["unit_code"] for p in items} == {"WA1a"}


def test_cohorts_count_enrolments_by_status(api_client, make_token, cast):
    Enrolment.objects.create(cohort=cast.cohort, person=cast.colleague, status="nominated")
    _token, raw = make_token(scopes=["programmes:read"])
    items = api_client.get("/api/v1/cohorts?programme=aspirant", **bearer(raw)).json()["items"]
    cohort = next(c for c in items if c["id"] == cast.cohort.pk)
    assert cohort["programme_key"] == "aspirant"
    assert cohort["capacity"] == 24
    assert cohort["starts_on"] == cast.cohort.starts_on.isoformat()
    assert cohort["counts"] == {
        "nominated": 1,
        "enrolled": 2,
        "completed": 0,
        "rejected": 0,
        "withdrawn": 0,
        "waitlisted": 0,
    }
    other = api_client.get("/api/v1/cohorts?programme=trainee", **bearer(raw)).json()
    assert other["items"] == []


def test_enrolments_carry_status_and_dates_but_no_reasons(api_client, make_token, cast):
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status="withdrawn",
        withdrawn_at=timezone.now(),
        withdrawal_reason="Personlige grunde",
        decision_reason="Godt match",
        jti_type="ENTJ",
        jti_consent_at=timezone.now(),
    )
    _token, raw = make_token(scopes=["programmes:read"])
    response = api_client.get(
        f"/api/v1/enrolments?cohort={cast.cohort.pk}&status=withdrawn", **bearer(raw)
    )
    (item,) = response.json()["items"]
    assert set(item) == {
        "id",
        "cohort_id",
        "employee_number",
        "status",
        "nominated_at",
        "decided_at",
        "completed_at",
        "withdrawn_at",
        "waitlisted_at",
    }
    assert item["employee_number"] == "103" and item["status"] == "withdrawn"
    for private in (b"Personlige grunde", b"Godt match", b"ENTJ", b"Klar til ledelse"):
        assert private not in response.content


def test_sessions_of_a_cohort(api_client, make_token, cast):
    start = timezone.now() + dt.timedelta(days=3)
    session = Session.objects.create(
        cohort=cast.cohort,
        kind="teaching_day",
        theme="Ledelse af forandring",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
        place="Rådhuset",
    )
    _token, raw = make_token(scopes=["programmes:read"])
    items = api_client.get(f"/api/v1/sessions?cohort={cast.cohort.pk}", **bearer(raw)).json()[
        "items"
    ]
    assert [s["id"] for s in items] == [session.pk]
    assert items[0]["kind"] == "teaching_day" and items[0]["place"] == "Rådhuset"


def _unit(code: str, parent: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.create(code=code, name=f"Enhed {code}", kind="workplace", parent=parent)


def test_walking_the_pages_with_an_insert_between_repeats_and_loses_nothing(
    api_client, make_token, cast
):
    area = OrgUnit.objects.get(code="OA1")
    for n in range(7):
        _unit(f"P{n}", area)
    _token, raw = make_token(scopes=["org:read"])
    seen: list[str] = []
    url: str | None = "/api/v1/org-units?kind=workplace&limit=4"
    pages = 0
    while url:
        page = api_client.get(url, **bearer(raw)).json()
        seen += [unit["code"] for unit in page["items"]]
        url = page["next"]
        pages += 1
        if pages == 2:
            _unit("NEW", area)  # inserted while the client walks
            OrgUnit.objects.filter(code="P0").delete()  # and one it has seen is deleted
    assert "P0" in seen[:8]  # the deleted unit was seen before it went
    expected = set(OrgUnit.objects.filter(kind="workplace").values_list("code", flat=True))
    expected |= {"P0"}
    assert len(seen) == len(set(seen)), "a unit was repeated"
    assert set(seen) == expected, "a unit was lost"
    assert "NEW" in seen
    assert pages >= 3


def test_next_is_null_on_the_last_page_and_keeps_the_filters(api_client, make_token, cast):
    _token, raw = make_token(scopes=["org:read"])
    first = api_client.get("/api/v1/org-units?kind=workplace&limit=2", **bearer(raw)).json()
    assert "kind=workplace" in first["next"] and "limit=2" in first["next"]
    last = api_client.get("/api/v1/org-units?kind=workplace&limit=500", **bearer(raw)).json()
    assert last["next"] is None


@pytest.mark.parametrize("cursor", ["xyz", "aWQ6YWJj", cursor_encode(5) + "!!"])
def test_an_invalid_cursor_is_400_in_danish(api_client, make_token, cast, cursor):
    _token, raw = make_token(scopes=["org:read"])
    response = api_client.get(f"/api/v1/org-units?cursor={cursor}", **bearer(raw))
    assert response.status_code == 400
    assert "Ugyldig markør" in response.json()["detail"]


@pytest.mark.parametrize("limit", [0, 501])
def test_limit_outside_1_to_500_is_refused(api_client, make_token, cast, limit):
    _token, raw = make_token(scopes=["org:read"])
    assert api_client.get(f"/api/v1/org-units?limit={limit}", **bearer(raw)).status_code == 422


@pytest.fixture
def many_rows(cast):
    """More than 100 rows of everything the endpoints list."""
    area = OrgUnit.objects.get(code="OA1")
    units = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"M{n}", name=f"Enhed {n}", kind="workplace", parent=area) for n in range(110)
    )
    persons = Person.objects.bulk_create(
        Person(
            employee_number=f"9{n:04d}",
            first_name="Mange",
            last_name=f"Person {n}",
            email=f"mange{n}@test.dk",
            unit=units[n],
            manager=cast.leader,
        )
        for n in range(110)
    )
    programmes = Programme.objects.bulk_create(
        Programme(key=f"p{n}", kind="aspirant", name=f"Forløb {n}") for n in range(110)
    )
    today = timezone.localdate()
    cohorts = Cohort.objects.bulk_create(
        Cohort(
            programme=programmes[n],
            name=f"Hold {n}",
            starts_on=today,
            ends_on=today + dt.timedelta(days=90),
            capacity=20,
        )
        for n in range(110)
    )
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohorts[n], person=persons[n], status="enrolled") for n in range(110)
    )
    start = timezone.now()
    Session.objects.bulk_create(
        Session(
            cohort=cohorts[n],
            kind="network_meeting",
            theme=f"Møde {n}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
        )
        for n in range(110)
    )


@pytest.mark.parametrize("path", PAGINATED)
def test_queries_of_a_page_do_not_grow_with_its_size(api_client, make_token, many_rows, path):
    _token, raw = make_token()
    api_client.get(path, **bearer(raw))  # notes the token's use (an UPDATE once a minute)
    counts = {}
    for limit in (10, 100):
        separator = "&" if "?" in path else "?"
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"{path}{separator}limit={limit}", **bearer(raw))
        assert response.status_code == 200
        assert len(response.json()["items"]) == limit
        counts[limit] = len(queries)
    assert counts[10] == counts[100], counts


def test_over_the_rate_limit_is_429_with_retry_after(api_client, make_token, settings, cast):
    settings.LEDERSPOR_API_RATE = "3/m"
    _token, raw = make_token(scopes=["org:read"])
    _other, other_raw = make_token(scopes=["org:read"])
    for _ in range(3):
        assert api_client.get("/api/v1/org-units", **bearer(raw)).status_code == 200
    response = api_client.get("/api/v1/org-units", **bearer(raw))
    assert response.status_code == 429
    assert "For mange forespørgsler" in response.json()["detail"]
    assert 0 < int(response["Retry-After"]) <= 60
    # the window is per token: another integration is not held back
    assert api_client.get("/api/v1/org-units", **bearer(other_raw)).status_code == 200


def test_last_used_is_written_at_most_once_a_minute(api_client, make_token, cast):
    token, raw = make_token(scopes=["org:read"])
    assert token.last_used_at is None
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        api_client.get("/api/v1/org-units", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == start
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        with CaptureQueriesContext(connection) as queries:
            api_client.get("/api/v1/org-units", **bearer(raw))
        assert not [q for q in queries if q["sql"].startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == start
    later = start + dt.timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        api_client.get("/api/v1/org-units", **bearer(raw))
    token.refresh_from_db()
    assert token.last_used_at == later


def test_a_page_of_persons_is_one_read_log_row_naming_the_token(api_client, make_token, cast):
    _token, raw = make_token(scopes=["org:read"])
    response = api_client.get("/api/v1/persons?limit=500", **bearer(raw))
    assert response.status_code == 200
    entry = ReadLogEntry.objects.get()
    shown = {item["employee_number"] for item in response.json()["items"]}
    logged = Person.objects.filter(pk__in=entry.subject_ids)
    assert set(logged.values_list("employee_number", flat=True)) == shown
    assert entry.subject_count == len(shown) and cast.aspirant.pk in entry.subject_ids
    assert (entry.kinds, entry.channel, entry.reader_label) == ("person", "api", "API-nøgle: BI")


def test_a_page_of_enrolments_names_the_participants(api_client, make_token, cast):
    _token, raw = make_token(scopes=["programmes:read"])
    response = api_client.get(f"/api/v1/enrolments?cohort={cast.cohort.pk}", **bearer(raw))
    assert response.status_code == 200
    entry = ReadLogEntry.objects.get()
    assert cast.aspirant.pk in entry.subject_ids
    assert entry.kinds == "enrolment"


def test_structure_pages_and_refusals_write_no_read_log(api_client, make_token, cast):
    _token, raw = make_token(scopes=["org:read"])
    assert api_client.get("/api/v1/org-units", **bearer(raw)).status_code == 200
    assert api_client.get("/api/v1/persons").status_code == 401
    assert not ReadLogEntry.objects.exists()
