"""SSO sign-in through a real OpenID provider (panva's oidc-provider, tools/oidc-test-provider),
driven with Django's test client and `requests` (issue #12 §1)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth.models import Permission
from django.utils import timezone

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.models import ExternalIdentity
from lederspor.accounts.oidc_local_provider import CLIENT_SECRET, WRONG_AUDIENCE_CLIENT_ID
from lederspor.accounts.tests.conftest import HR_GROUP, sso_sign_in
from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY
from lederspor.core.models import AuditEvent, User
from lederspor.people.models import Person

pytestmark = [pytest.mark.sso, pytest.mark.django_db]

REFUSED_TEXT = "Kontakt HR på hr@kommune.dk"
FAILED_TEXT = "Log ind mislykkedes"


def _signed_in_user(client):
    return client.get("/").wsgi_request.user


def _refusals(reason: str):
    return AuditEvent.objects.filter(action=AccountAction.SSO_REFUSED.value, data__reason=reason)


def test_sso_button_is_on_the_login_page_only_when_sso_is_on(client, cast, sso, settings):
    assert "/oidc/authenticate/" in client.get("/login/").content.decode()
    settings.LEDERSPOR_SSO_ENABLED = False
    assert "/oidc/authenticate/" not in client.get("/login/").content.decode()
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_pages_let_the_sign_out_form_redirect_to_the_provider_only_with_sso(
    client, cast, sso, settings
):
    """Browsers apply the CSP's form-action to the sign-out form's redirect to the OP."""

    def form_action() -> str:
        policy = client.get("/login/")["Content-Security-Policy"]
        (directive,) = [d.strip() for d in policy.split(";") if "form-action" in d]
        return directive

    assert form_action() == f"form-action 'self' {sso.issuer}"
    settings.LEDERSPOR_SSO_ENABLED = False
    assert form_action() == "form-action 'self'"


def test_known_person_signs_in_and_lands_on_home(client, cast, sso):
    attempt = sso_sign_in(client, "anna")

    query = parse_qs(urlsplit(attempt.authorization_url).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]
    assert query["state"] and query["nonce"]
    assert attempt.response.status_code == 302
    home = client.get(attempt.response["Location"])
    assert home.status_code == 200
    assert "Velkommen" in home.content.decode()
    assert home.wsgi_request.user == cast.aspirant.user
    assert client.session[AUTH_METHOD_SESSION_KEY] == "sso"
    identity = ExternalIdentity.objects.get(user=cast.aspirant.user)
    assert (identity.issuer, identity.subject) == (sso.issuer, "anna")
    assert not _refusals("unknown").exists()


def test_unknown_person_is_refused_and_no_login_is_created(client, cast, sso):
    logins = User.objects.count()

    attempt = sso_sign_in(client, "stranger")

    assert attempt.response.status_code == 403
    page = attempt.response.content.decode()
    assert REFUSED_TEXT in page and "Du kan ikke logge ind i Lederspor" in page
    assert "stranger" not in page and "Sofie" not in page
    assert User.objects.count() == logins
    assert not User.objects.filter(email="stranger@example.dk").exists()
    assert not ExternalIdentity.objects.exists()
    assert not _signed_in_user(client).is_authenticated
    refusal = _refusals("unknown").get()
    assert refusal.address == "127.0.0.1"
    assert refusal.data["value"] == "stranger@example.dk"
    assert "name" not in refusal.data and "Sofie" not in str(refusal.data)


def test_deactivated_person_is_refused_with_the_same_page(client, cast, sso):
    Person.objects.filter(pk=cast.other_aspirant.pk).update(is_active=False)
    unknown_page = sso_sign_in(fresh_client(), "stranger").response.content.decode()

    attempt = sso_sign_in(client, "bo")

    assert attempt.response.status_code == 403
    assert _message(attempt.response.content.decode()) == _message(unknown_page)
    assert not _signed_in_user(client).is_authenticated
    assert _refusals("inactive").get().object_id == str(cast.other_aspirant.pk)
    assert not ExternalIdentity.objects.exists()


def test_deactivated_login_is_refused_even_with_a_stored_identity(client, cast, sso):
    sso_sign_in(fresh_client(), "anna")  # stores anna's identity
    User.objects.filter(pk=cast.aspirant.user_id).update(is_active=False)

    attempt = sso_sign_in(client, "anna")

    assert attempt.response.status_code == 403
    assert REFUSED_TEXT in attempt.response.content.decode()
    assert not _signed_in_user(client).is_authenticated


def test_person_without_a_login_gets_one_on_the_first_sign_in(client, cast, sso):
    nina = Person.objects.create(
        employee_number="900",
        first_name="Nina",
        last_name="Ny",
        email="nina@test.dk",
        unit=cast.workplace,
    )
    logins = User.objects.count()

    attempt = sso_sign_in(client, "nina")

    assert attempt.response.status_code == 302
    nina.refresh_from_db()
    assert nina.user is not None and nina.user.email == "nina@test.dk"
    assert not nina.user.has_usable_password()
    assert User.objects.count() == logins + 1
    assert _signed_in_user(client) == nina.user


def test_employee_number_claim_finds_the_person(client, cast, sso, settings):
    settings.LEDERSPOR_OIDC_MATCH = "employee_number"
    settings.LEDERSPOR_OIDC_CLAIM = "employee_number"

    attempt = sso_sign_in(client, "carl")  # carl's e-mail at the provider is not in Lederspor

    assert attempt.response.status_code == 302
    assert _signed_in_user(client) == cast.colleague.user


def test_same_claim_matched_by_email_is_refused(client, cast, sso):
    attempt = sso_sign_in(client, "carl")  # carl.k@andet.dk is nobody's e-mail

    assert attempt.response.status_code == 403
    assert not _signed_in_user(client).is_authenticated


def test_identity_keeps_matching_after_the_email_changed_at_the_provider(client, cast, sso):
    assert sso_sign_in(fresh_client(), "lene").response.status_code == 302
    sso.set_account("lene", {"email": "lene.ny@andet.dk", "name": "Lene Leder"})

    attempt = sso_sign_in(client, "lene")

    assert attempt.response.status_code == 302
    assert _signed_in_user(client) == cast.other_leader.user
    assert ExternalIdentity.objects.get(subject="lene").last_sign_in is not None


def test_another_subject_with_a_known_persons_email_is_refused(client, cast, sso):
    """Once a login is bound to a subject at the provider, another account there that claims the
    same e-mail does not get in."""
    assert sso_sign_in(fresh_client(), "lars").response.status_code == 302
    sso.set_account("nina", {"email": "lars@test.dk"})

    attempt = sso_sign_in(client, "nina")

    assert attempt.response.status_code == 403
    assert not _signed_in_user(client).is_authenticated


def test_tampered_state_is_refused(client, cast, sso):
    attempt = sso_sign_in(client, "anna", state="forged-state")

    assert attempt.response.status_code == 400
    assert FAILED_TEXT in attempt.response.content.decode()
    assert not _signed_in_user(client).is_authenticated
    assert _refusals("state").exists()
    assert not ExternalIdentity.objects.exists()


def test_callback_without_a_started_sign_in_is_refused(client, cast, sso):
    response = client.get("/oidc/callback/?code=abc&state=def")

    assert response.status_code == 400
    assert not _signed_in_user(client).is_authenticated


def test_wrong_nonce_is_refused(client, cast, sso):
    attempt = sso_sign_in(client, "anna", nonce="not-the-nonce-lederspor-sent")

    assert attempt.response.status_code == 400
    assert FAILED_TEXT in attempt.response.content.decode()
    assert not _signed_in_user(client).is_authenticated
    assert _refusals("nonce").exists()


def test_expired_id_token_is_refused(client, cast, sso):
    """The provider issues ID tokens for an hour; Lederspor's clock is two hours on."""
    later = timezone.now() + dt.timedelta(hours=2)

    attempt = sso_sign_in(client, "anna", callback_at=later)

    assert attempt.response.status_code == 400
    assert _refusals("expired").exists()
    assert not _signed_in_user(client).is_authenticated


def test_wrongly_signed_id_token_is_refused(client, cast, sso, settings):
    """Lederspor checks the signature against a key set with the same key id but another key."""
    settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.issuer}/_test/rogue-jwks"

    attempt = sso_sign_in(client, "anna")

    assert attempt.response.status_code == 400
    assert _refusals("signature").exists()
    assert not _signed_in_user(client).is_authenticated


def test_id_token_for_another_audience_is_refused(client, cast, sso, settings):
    settings.OIDC_RP_CLIENT_ID = WRONG_AUDIENCE_CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET

    attempt = sso_sign_in(client, "anna")

    assert attempt.response.status_code == 400
    assert _refusals("audience").exists()
    assert not _signed_in_user(client).is_authenticated


def test_id_token_from_another_issuer_is_refused(client, cast, sso, settings):
    """The endpoints are the provider's but Lederspor expects another issuer."""
    from lederspor.accounts.oidc import provider_metadata

    metadata = provider_metadata(sso.issuer)
    settings.OIDC_ISSUER = "https://login.example.dk"
    for name, key in (
        ("OIDC_OP_AUTHORIZATION_ENDPOINT", "authorization_endpoint"),
        ("OIDC_OP_TOKEN_ENDPOINT", "token_endpoint"),
        ("OIDC_OP_USER_ENDPOINT", "userinfo_endpoint"),
        ("OIDC_OP_JWKS_ENDPOINT", "jwks_uri"),
    ):
        setattr(settings, name, metadata[key])

    attempt = sso_sign_in(client, "anna")

    assert attempt.response.status_code == 400
    assert _refusals("issuer").exists()


def _hr_permission_held(user: User) -> bool:
    permission = Permission.objects.get(
        codename="manage_programmes", content_type__app_label="programmes"
    )
    return user.user_permissions.filter(pk=permission.pk).exists()


def test_groups_claim_grants_and_later_removes_hr_staff(client, cast, sso, settings):
    settings.LEDERSPOR_OIDC_GROUPS_CLAIM = "groups"
    settings.LEDERSPOR_OIDC_HR_GROUP = HR_GROUP
    hanne = cast.host.user
    assert not _hr_permission_held(hanne)

    assert sso_sign_in(fresh_client(), "hanne").response.status_code == 302
    assert _hr_permission_held(hanne)
    assert User.objects.get(pk=hanne.pk).has_perm("programmes.manage_programmes")
    grant = AuditEvent.objects.get(action=AccountAction.HR_STAFF_GRANT.value)
    assert grant.object_id == str(hanne.pk) and grant.address == "127.0.0.1"

    assert sso_sign_in(fresh_client(), "hanne").response.status_code == 302  # still a member
    assert AuditEvent.objects.filter(action=AccountAction.HR_STAFF_GRANT.value).count() == 1

    sso.set_account("hanne", {"email": "hanne@test.dk", "groups": ["someone-else"]})
    assert sso_sign_in(client, "hanne").response.status_code == 302
    assert not _hr_permission_held(hanne)
    assert not User.objects.get(pk=hanne.pk).has_perm("programmes.manage_programmes")
    assert AuditEvent.objects.filter(
        action=AccountAction.HR_STAFF_REVOKE.value, object_id=str(hanne.pk)
    ).exists()


def test_without_a_groups_claim_setting_permissions_are_left_alone(client, cast, sso):
    permission = Permission.objects.get(
        codename="manage_programmes", content_type__app_label="programmes"
    )
    cast.aspirant.user.user_permissions.add(permission)

    assert sso_sign_in(client, "anna").response.status_code == 302

    assert _hr_permission_held(cast.aspirant.user)
    assert not AuditEvent.objects.filter(action__startswith="auth.hr_staff").exists()


def test_sign_out_after_sso_goes_to_the_providers_end_session(client, cast, sso):
    attempt = sso_sign_in(client, "anna")
    id_token = client.session["oidc_id_token"]
    assert attempt.response.status_code == 302

    response = client.post("/logout/")

    assert response.status_code == 302
    location = response["Location"]
    end_session = urlsplit(location)
    assert f"{end_session.scheme}://{end_session.netloc}" == sso.issuer
    query = parse_qs(end_session.query)
    assert query["id_token_hint"] == [id_token]
    assert query["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert not _signed_in_user(client).is_authenticated
    # the provider accepts the hint and the address it sends the browser back to
    confirm = requests.get(location, timeout=10)
    assert confirm.status_code == 200 and "logout" in confirm.text


def test_sign_out_after_a_password_sign_in_goes_to_the_login_page(client, cast, sso):
    from lederspor.site.testing import PASSWORD

    client.post("/login/", {"username": "anna@test.dk", "password": PASSWORD})
    assert client.session[AUTH_METHOD_SESSION_KEY] == "password"

    response = client.post("/logout/")

    assert response.status_code == 302 and response["Location"] == "/login/"


def fresh_client():
    """A new test client: another browser, with no session."""
    from django.test import Client

    return Client()


def _message(page: str) -> str:
    """The refusal page's heading and card (the rest holds the request's own URL)."""
    start = page.index("<h1>")
    return page[start : page.index("Til log ind-siden", start)]
