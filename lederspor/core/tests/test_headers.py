"""Response headers of least privilege (issue #15 §4): `Cache-Control: no-store, private` on every
page and file with personal data (a page, a PDF, an export, an API answer, the admin), never on
a static file; the Content-Security-Policy from django-csp on every page, the Django admin
included; Permissions-Policy everywhere."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lederspor.api.services import api_token_create
from lederspor.competence.services import plan_create
from lederspor.conftest import login

NO_STORE = {"no-store", "private"}


def cache_directives(response) -> set[str]:
    """The Cache-Control directives of `response` ("" when it has none)."""
    value = response.get("Cache-Control", "")
    return {part.strip().split("=")[0] for part in value.split(",") if part.strip()}


def policy(response) -> dict[str, str]:
    """The Content-Security-Policy as {directive: sources}."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, _, sources = part.strip().partition(" ")
        directives[name] = sources
    return directives


def test_a_signed_in_page_is_not_stored(cast, as_):
    response = as_(cast.leader).get(reverse("site:home"))
    assert response.status_code == 200
    assert NO_STORE <= cache_directives(response)
    assert "public" not in cache_directives(response)


def test_a_pdf_is_not_stored(cast, as_):
    plan = plan_create(title="Medicin", unit=cast.workplace, owner=cast.leader, by=cast.admin)
    response = as_(cast.leader).get(reverse("competence:plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert NO_STORE <= cache_directives(response)


def test_an_export_is_not_stored(cast, as_):
    response = as_(cast.consultant).get(reverse("programmes:cohort_list"), {"eksport": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store, private"


def test_an_api_answer_to_a_token_is_not_stored(cast):
    user = cast.consultant.user
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    _token, raw = api_token_create(
        by=user,
        name="BI",
        scopes=["org:read"],
        expires_at=timezone.now() + dt.timedelta(days=30),
    )
    response = Client().get("/api/v1/persons", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert NO_STORE <= cache_directives(response)


def test_anonymous_pages_redirects_and_404s_are_not_stored_either(cast, client):
    assert NO_STORE <= cache_directives(client.get(reverse("login")))
    assert NO_STORE <= cache_directives(client.get(reverse("site:home")))  # to the sign-in
    missing = login(Client(), cast.leader).get("/findes-ikke/")
    assert missing.status_code == 404
    assert NO_STORE <= cache_directives(missing)


def test_a_static_file_stays_cacheable(db, client):
    response = client.get("/static/lederspor/app.css")
    assert response.status_code == 200
    assert not ({"no-store", "private"} & cache_directives(response))
    response.close()


def test_a_signed_in_static_file_stays_cacheable(cast, as_):
    response = as_(cast.leader).get("/static/lederspor/app.css")
    assert response.status_code == 200
    assert not ({"no-store", "private"} & cache_directives(response))
    response.close()


def test_pages_carry_the_strict_policy(cast, as_):
    response = as_(cast.leader).get(reverse("site:home"))
    directives = policy(response)
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


@pytest.mark.parametrize("path", ["/admin/", "/admin/people/person/"])
def test_the_admin_carries_the_same_policy_and_is_not_stored(cast, path):
    client = login(Client(), cast.admin)
    response = client.get(path)
    assert response.status_code == 200
    directives = policy(response)
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"
    assert NO_STORE <= cache_directives(response)


def test_the_admin_sign_in_page_carries_the_policy(db, client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert policy(response)["script-src"] == "'self'"
    assert NO_STORE <= cache_directives(response)


def test_the_admin_change_page_of_a_person_carries_the_policy(cast):
    client = login(Client(), cast.admin)
    response = client.get(reverse("admin:people_person_change", args=[cast.aspirant.pk]))
    assert response.status_code == 200
    assert policy(response)["script-src"] == "'self'"
