"""Creating and revoking API tokens: the service (hash at rest, limits, audit) and the page
(/api/noegler/) for administrators who are HR staff; everyone else gets 404."""

import datetime as dt
import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lederspor.api.audit import ApiAction
from lederspor.api.models import ApiToken
from lederspor.api.services import api_token_create, api_token_revoke
from lederspor.api.tests.conftest import bearer
from lederspor.core.models import AuditEvent

URL = "/api/noegler/"


def test_the_raw_token_is_not_stored_only_its_hash(make_token):
    token, raw = make_token()
    assert raw.startswith(f"lsp_{token.prefix}_") and len(raw) > 50
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert row["token_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert not any(raw in str(value) for value in row.values())
    secret = raw.split("_", 2)[2]
    assert not any(secret in str(value) for value in row.values())
    for event in AuditEvent.objects.all():
        assert secret not in f"{event.summary} {event.data}"


def test_create_and_revoke_are_audited_once(make_token, hr_admin):
    token, _raw = make_token(scopes=["org:read"])
    created = AuditEvent.objects.get(action=ApiAction.TOKEN_CREATE, object_id=str(token.pk))
    assert created.actor == hr_admin
    assert created.object_type == "api.apitoken"
    assert created.data["scopes"] == ["org:read"]
    api_token_revoke(token=token, by=hr_admin)
    api_token_revoke(token=token, by=hr_admin)  # a second revoke changes nothing
    revoked = AuditEvent.objects.filter(action=ApiAction.TOKEN_REVOKE, object_id=str(token.pk))
    assert revoked.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == hr_admin


def test_only_an_administrator_with_hr_access_may_create(cast, hr_admin):
    expires = timezone.now() + dt.timedelta(days=10)
    # HR staff who are not administrators, and an administrator flag without HR access
    cast.leader.user.is_staff = True
    for user in (cast.hr_colleague.user, cast.leader.user):
        with pytest.raises(PermissionDenied):
            api_token_create(by=user, name="X", scopes=["org:read"], expires_at=expires)
    with pytest.raises(PermissionDenied):
        api_token_revoke(
            token=api_token_create(by=hr_admin, name="X", scopes=["org:read"], expires_at=expires)[
                0
            ],
            by=cast.hr_colleague.user,
        )
    assert api_token_create(by=cast.admin, name="Y", scopes=["org:read"], expires_at=expires)


@pytest.mark.parametrize(
    ("scopes", "days", "code"),
    [
        ([], 10, "scopes"),
        (["org:write"], 10, "scopes"),
        (["org:read", "org:write"], 10, "scopes"),
        (["org:read"], -1, "expires"),
        (["org:read"], 367, "expires"),
    ],
)
def test_create_refuses_bad_scopes_and_expiries(hr_admin, scopes, days, code):
    with pytest.raises(ValidationError) as refused:
        api_token_create(
            by=hr_admin,
            name="X",
            scopes=scopes,
            expires_at=timezone.now() + dt.timedelta(days=days),
        )
    assert refused.value.code == code
    assert not ApiToken.objects.exists()


def test_the_maximum_lifetime_is_a_setting(hr_admin, settings):
    settings.LEDERSPOR_API_TOKEN_MAX_DAYS = 30
    with pytest.raises(ValidationError):
        api_token_create(
            by=hr_admin,
            name="X",
            scopes=["org:read"],
            expires_at=timezone.now() + dt.timedelta(days=40),
        )


@pytest.mark.parametrize("who", ["hr_colleague", "leader", "aspirant", "outsider"])
def test_the_tokens_page_is_404_for_anyone_but_administrators_with_hr_access(
    as_, cast, make_token, who
):
    token, _raw = make_token()
    client = as_(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"name": "X", "scopes": ["org:read"]}).status_code == 404
    assert client.post(f"{URL}{token.pk}/tilbagekald/").status_code == 404
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_tokens_page_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_page_creates_a_token_and_shows_it_once(as_, hr_admin, api_client):
    client = as_(hr_admin)
    page = client.get(URL)
    assert page.status_code == 200
    default_day = timezone.localdate() + dt.timedelta(days=365)
    assert default_day.isoformat().encode() in page.content
    expires_on = timezone.localdate() + dt.timedelta(days=90)
    response = client.post(
        URL, {"name": "Lønsystemet", "scopes": ["org:read"], "expires_on": expires_on.isoformat()}
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    token = ApiToken.objects.get(name="Lønsystemet")
    raw = response.context["raw_token"]
    assert raw.encode() in response.content
    assert token.scopes == ["org:read"]
    assert timezone.localtime(token.expires_at).date() == expires_on + dt.timedelta(days=1)
    assert api_client.get("/api/v1/org-units", **bearer(raw)).status_code == 200
    # shown once: the list shows the prefix only
    again = client.get(URL)
    assert raw.encode() not in again.content
    assert token.display_prefix.encode() in again.content


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": "BI", "expires_on": "2099-01-01"}, "Dette felt er påkrævet"),
        ({"name": "BI", "scopes": ["org:read"], "expires_on": "2000-01-01"}, "efter i dag"),
        ({"name": "BI", "scopes": ["org:read"], "expires_on": "2099-01-01"}, "højst gælde"),
    ],
)
def test_a_bad_form_is_400_in_danish_and_keeps_what_was_typed(as_, hr_admin, data, error):
    response = as_(hr_admin).post(URL, data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert 'value="BI"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_page_revokes_a_token(as_, hr_admin, make_token, api_client):
    token, raw = make_token()
    client = as_(hr_admin)
    response = client.post(f"{URL}{token.pk}/tilbagekald/", follow=True)
    assert response.status_code == 200
    assert "er tilbagekaldt" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_by == hr_admin
    assert api_client.get("/api/v1/org-units", **bearer(raw)).status_code == 401
    assert client.get(f"{URL}{token.pk}/tilbagekald/").status_code == 405
