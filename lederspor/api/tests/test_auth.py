"""Every endpoint of /api/v1/ refuses what it must (issue #13 §4): no token, an unknown,
revoked or expired token, a token without the endpoint's scope, a token whose creator lost the
right, and a browser session without a token. The endpoint list is read from the schema, so an
endpoint added later (the reports) is covered without touching this file."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.utils import timezone

from lederspor.api.services import api_token_revoke
from lederspor.api.tests.conftest import ALL_SCOPES, bearer
from lederspor.api.v1 import api
from lederspor.conftest import login


def _endpoints() -> list[str]:
    """Every GET path of the schema, path parameters filled with 1."""
    paths = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        if "get" in operations:
            paths.append(re.sub(r"\{[^}]+\}", "1", path))
    return sorted(paths)


ENDPOINTS = _endpoints()


def _paginated() -> list[str]:
    """The GET paths that take `limit` (the cursor-paginated lists)."""
    return sorted(
        path
        for path, operations in api.get_openapi_schema()["paths"].items()
        if any(p["name"] == "limit" for p in operations.get("get", {}).get("parameters", []))
    )


PAGINATED = _paginated()


def test_the_endpoint_list_is_read_from_the_schema():
    # if this list were empty, every parametrized test below would pass without testing
    assert {"/api/v1/org-units", "/api/v1/persons", "/api/v1/cohorts", "/api/v1/enrolments"} <= (
        set(ENDPOINTS) & set(PAGINATED)
    )


def _scope_of(client, make_token, path: str) -> str:
    """The one scope that opens `path` (each endpoint needs exactly one). Opened means past
    authentication: 200, or 422 for an endpoint whose required parameters the path lacks."""
    opening = []
    for scope in ALL_SCOPES:
        _token, raw = make_token(scopes=[scope])
        if client.get(path, **bearer(raw)).status_code not in (401, 403):
            opening.append(scope)
    assert len(opening) == 1, (path, opening)
    return opening[0]


def _assert_refused(response, status: int, words: str) -> None:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert words in response.json()["detail"]
    if status == 401:
        assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_no_token_is_401(api_client, cast, path):
    _assert_refused(api_client.get(path), 401, "mangler en API-nøgle")
    _assert_refused(
        api_client.get(path, HTTP_AUTHORIZATION="Basic Zm9vOmJhcg=="), 401, "mangler en API-nøgle"
    )


@pytest.mark.parametrize("path", ENDPOINTS)
def test_unknown_or_altered_token_is_401(api_client, make_token, path):
    _token, raw = make_token()
    for wrong in ("lsp_00000000_nothing", raw[:-2] + "xx", "not-a-token", raw + "x"):
        _assert_refused(api_client.get(path, **bearer(wrong)), 401, "ukendt")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_token_without_the_scope_is_403_and_with_it_200(api_client, make_token, path):
    scope = _scope_of(api_client, make_token, path)
    _token, raw = make_token(scopes=[s for s in ALL_SCOPES if s != scope])
    _assert_refused(api_client.get(path, **bearer(raw)), 403, scope)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_expired_token_is_401(api_client, make_token, path):
    _token, raw = make_token(days=2)
    assert api_client.get(path, **bearer(raw)).status_code not in (401, 429)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2, seconds=1)):
        _assert_refused(api_client.get(path, **bearer(raw)), 401, "udløbet")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_revoked_token_is_401(api_client, make_token, hr_admin, path):
    token, raw = make_token()
    api_token_revoke(token=token, by=hr_admin)
    _assert_refused(api_client.get(path, **bearer(raw)), 401, "tilbagekaldt")


@pytest.mark.parametrize("path", ENDPOINTS)
def test_a_signed_in_session_without_a_token_is_401(client, cast, path):
    login(client, cast.admin)
    assert client.get("/api/noegler/").status_code == 200  # the session works for pages
    _assert_refused(client.get(path), 401, "mangler en API-nøgle")


@pytest.mark.parametrize(
    "take_away",
    ["permission", "staff", "deactivated"],
)
def test_a_token_stops_working_when_its_creator_loses_the_right(
    api_client, make_token, hr_admin, take_away
):
    _token, raw = make_token()
    assert api_client.get("/api/v1/org-units", **bearer(raw)).status_code == 200
    if take_away == "permission":
        hr_admin.user_permissions.remove(Permission.objects.get(codename="manage_programmes"))
    elif take_away == "staff":
        hr_admin.is_staff = False
        hr_admin.save(update_fields=["is_staff"])
    else:
        hr_admin.is_active = False
        hr_admin.save(update_fields=["is_active"])
    _assert_refused(
        api_client.get("/api/v1/org-units", **bearer(raw)), 401, "har ikke længere adgang"
    )
