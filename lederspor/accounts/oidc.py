"""Sign-in through the municipality's OpenID provider (issue #12 §1), on mozilla-django-oidc.

The library runs the authorization-code flow with PKCE and checks `state` and `nonce`; this
module adds what it leaves out or what Lederspor decides differently:

- the provider's endpoints come from `OIDC_ISSUER`'s discovery document, fetched at the first
  use and cached (`oidc_setting`), unless set explicitly;
- the ID token's signature, `iss`, `aud`, `exp` and `iat` are verified (`OIDCBackend.verify_token`:
  the library checks the signature only);
- only people in the organisation data may sign in: the ExternalIdentity (`iss`, `sub`) or the
  configured claim finds the `people.Person`; an unknown or deactivated person is refused and
  audited (`AccountAction.SSO_REFUSED`), no login is created for them;
- the optional groups claim grants or removes the HR-staff permission at each sign-in.
"""

import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import resolve_url
from django.utils import timezone
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.models import ExternalIdentity
from lederspor.accounts.views import signed_in_with_sso
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.requests import client_address
from lederspor.people.models import Person
from lederspor.people.roles import HR_PERMISSION

#: the endpoint settings discovery can fill, and their names in the discovery document
DISCOVERY_KEYS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}
#: seconds of clock difference between the OP and Lederspor tolerated on `exp` and `iat`
CLOCK_LEEWAY = 30
#: the HR-staff permission the groups claim grants (app label, codename)
#: the session key of the ID token mozilla-django-oidc stores (OIDC_STORE_ID_TOKEN)
ID_TOKEN_SESSION_KEY = "oidc_id_token"  # noqa: S105 (a session key, not a secret)

_discovered: dict[str, dict[str, Any]] = {}
_discovery_lock = threading.Lock()


class SSORefused(Exception):
    """The provider vouched for someone Lederspor does not let in (`reason`: "unknown",
    "inactive", "no_claim" or "conflict")."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def provider_metadata(issuer: str) -> dict[str, Any]:
    """The OP's discovery document (`<issuer>/.well-known/openid-configuration`), fetched once
    per process and issuer with `settings.OIDC_TIMEOUT` seconds, then cached.

    Raises requests.RequestException when the OP does not answer or answers with an error, and
    ImproperlyConfigured when the document names another issuer.
    """
    with _discovery_lock:
        cached = _discovered.get(issuer)
    if cached is not None:
        return cached
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration",
        timeout=getattr(settings, "OIDC_TIMEOUT", 10),
        verify=getattr(settings, "OIDC_VERIFY_SSL", True),
    )
    response.raise_for_status()
    document: dict[str, Any] = response.json()
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        raise ImproperlyConfigured(
            f"OIDC_ISSUER is {issuer!r} but its discovery document names {document.get('issuer')!r}"
        )
    with _discovery_lock:
        _discovered[issuer] = document
    return document


def oidc_issuer() -> str:
    """The configured issuer (`settings.OIDC_ISSUER`, without a trailing slash).

    Raises ImproperlyConfigured when it is not set (the ID token's `iss` is checked against it).
    """
    issuer = str(getattr(settings, "OIDC_ISSUER", "")).rstrip("/")
    if not issuer:
        raise ImproperlyConfigured("SSO needs OIDC_ISSUER (docs/sso.md)")
    return issuer


def oidc_setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's `get_settings`, read at call time (so `override_settings` works),
    with the OP endpoints (`DISCOVERY_KEYS`) taken from discovery when not set explicitly.

    Returns `default[0]` when given and nothing is found. Raises ImproperlyConfigured when a
    setting is missing without a default, requests.RequestException when discovery fails.
    """
    if attr not in DISCOVERY_KEYS:
        return import_from_settings(attr, *default)
    explicit = getattr(settings, attr, "")
    if explicit:
        return explicit
    issuer = str(getattr(settings, "OIDC_ISSUER", "")).rstrip("/")
    if issuer:
        value = provider_metadata(issuer).get(DISCOVERY_KEYS[attr])
        if value:
            return value
    if default:
        return default[0]
    raise ImproperlyConfigured(f"SSO needs {attr} or OIDC_ISSUER with discovery (docs/sso.md)")


def provider_logout_url(request: HttpRequest) -> str:
    """Where sign-out sends the browser (mozilla-django-oidc's `OIDC_OP_LOGOUT_URL_METHOD`): the
    OP's end-session endpoint with `id_token_hint` and `post_logout_redirect_uri` (the sign-in
    page) when the session came from SSO and the OP offers RP-initiated logout, else the
    sign-in page (`settings.LOGOUT_REDIRECT_URL`). Call it before the session ends.
    """
    after = resolve_url(settings.LOGOUT_REDIRECT_URL or "login")
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not signed_in_with_sso(request) or not id_token:
        return after
    try:
        end_session = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", "")
    except (requests.RequestException, ValueError, ImproperlyConfigured):
        return after
    if not end_session:
        return after
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(after),
            "client_id": oidc_setting("OIDC_RP_CLIENT_ID"),
        }
    )
    return f"{end_session}{'&' if '?' in end_session else '?'}{query}"


class OIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """mozilla-django-oidc's backend that verifies the whole ID token and finds the `Person` the
    provider's claims name; never creates a login for someone outside the organisation data.

    Reads every setting at request time. Answers only the SSO callback (Django asks every
    backend on each sign-in; a password sign-in never reaches the OP).
    """

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # not the library's __init__: it reads the endpoints, i.e. discovery over the network,
        # whenever Django instantiates the backend (every sign-in, every request's get_user)
        self.UserModel = User

    @property
    def OIDC_OP_TOKEN_ENDPOINT(self) -> str:
        return str(oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))

    @property
    def OIDC_OP_USER_ENDPOINT(self) -> str:
        return str(oidc_setting("OIDC_OP_USER_ENDPOINT"))

    @property
    def OIDC_OP_JWKS_ENDPOINT(self) -> str:
        return str(oidc_setting("OIDC_OP_JWKS_ENDPOINT"))

    @property
    def OIDC_RP_CLIENT_ID(self) -> str:
        return str(oidc_setting("OIDC_RP_CLIENT_ID"))

    @property
    def OIDC_RP_CLIENT_SECRET(self) -> str:
        return str(oidc_setting("OIDC_RP_CLIENT_SECRET"))

    @property
    def OIDC_RP_SIGN_ALGO(self) -> str:
        return str(oidc_setting("OIDC_RP_SIGN_ALGO", "RS256"))

    @property
    def OIDC_RP_IDP_SIGN_KEY(self) -> Any:
        return oidc_setting("OIDC_RP_IDP_SIGN_KEY", None)

    def get_user(self, user_id: Any) -> User | None:
        """The login of a session signed in through SSO, or None when it is gone or inactive:
        the library's `get_user` does not look at `is_active`, so a person a full organisation
        load deactivated (issue #17 §2) would stay signed in until the session expired."""
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        """The library's code flow, only when called by the SSO callback (with `nonce`).

        Returns the login, or None when the person is refused (`request.sso_refusal` then holds
        the reason). Raises SuspiciousOperation for a token that fails verification and
        requests.RequestException when the OP cannot be reached.
        """
        if request is None or "nonce" not in kwargs or "password" in kwargs:
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """Verify a JWT from the OP: signature (key from the JWKS, algorithm
        `OIDC_RP_SIGN_ALGO`), `iss` == `OIDC_ISSUER`, `aud` contains `OIDC_RP_CLIENT_ID` (and `azp`
        names it when there are several audiences), `exp` and `iat` (with `CLOCK_LEEWAY`
        seconds), and, for the ID token (`nonce` given), the nonce sent in the request.

        Returns the claims. Raises SuspiciousOperation naming what failed.
        """
        algorithm = self.OIDC_RP_SIGN_ALGO
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token unreadable: {exc}") from exc
        if header.get("alg") != algorithm:
            raise SuspiciousOperation(f"ID token algorithm {header.get('alg')!r} not {algorithm}")
        if algorithm.startswith(("RS", "ES", "PS")):
            key = self.OIDC_RP_IDP_SIGN_KEY or self.retrieve_matching_jwk(token)
        else:
            key = self.OIDC_RP_CLIENT_SECRET
        client_id = self.OIDC_RP_CLIENT_ID
        try:
            payload: dict[str, Any] = jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=client_id,
                issuer=oidc_issuer(),
                leeway=CLOCK_LEEWAY,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from exc
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != client_id:
            raise SuspiciousOperation("ID token for several audiences without our azp")
        if "nonce" in kwargs and (not kwargs["nonce"] or kwargs["nonce"] != payload.get("nonce")):
            raise SuspiciousOperation("ID token nonce does not match the request's")
        return payload

    def get_userinfo(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        """The OP's claims: the ID token's, overlaid with the userinfo endpoint's (Entra ID puts
        groups in the ID token only). Raises SuspiciousOperation if userinfo names another
        `sub` (OpenID Connect Core 5.3.2)."""
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo sub differs from the ID token's")
        return {**payload, **userinfo}

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> User | None:
        """The login of the person the claims name, or None (refused, audited)."""
        claims = self.get_userinfo(access_token, id_token, payload)
        request: HttpRequest = self.request
        try:
            return sso_login_for_claims(
                issuer=str(payload["iss"]), claims=claims, address=client_address(request)
            )
        except SSORefused as refusal:
            request.sso_refusal = refusal.reason  # type: ignore[attr-defined]
            return None


def sso_login_for_claims(*, issuer: str, claims: dict[str, Any], address: str | None) -> User:
    """Find the login of the person the OP's verified claims name and bring it up to date.

    First the stored ExternalIdentity (`issuer`, `claims["sub"]`); else the person whose
    `settings.LEDERSPOR_OIDC_MATCH` field ("email" or "employee_number") equals the claim
    `settings.LEDERSPOR_OIDC_CLAIM`, and the identity is stored so a later change of that claim
    still matches. A person without a login gets one (no usable password), as the import does.
    With `settings.LEDERSPOR_OIDC_GROUPS_CLAIM` set, grants or removes the HR-staff permission.
    `address`: the client's IP address for the audit rows.

    Returns the login. Raises SSORefused (after recording `AccountAction.SSO_REFUSED`, with the
    claim's value and no other personal data) when no active person with an active login matches.
    """
    subject = str(claims.get("sub", ""))
    claim_name = str(getattr(settings, "LEDERSPOR_OIDC_CLAIM", "email"))
    claim_value = str(claims.get(claim_name) or "").strip()
    try:
        with transaction.atomic():
            user = _resolve_login(issuer=issuer, subject=subject, claim_value=claim_value)
            _sync_hr_staff(user=user, claims=claims, address=address)
            return user
    except SSORefused as refusal:
        person = _refused_person(issuer=issuer, subject=subject, claim_value=claim_value)
        audit_record(
            actor=None,
            action=AccountAction.SSO_REFUSED,
            obj=person,  # None for a person not in the organisation data
            summary=f"{claim_name}={claim_value}",
            address=address,
            reason=refusal.reason,
            claim=claim_name,
            value=claim_value,
            issuer=issuer,
        )
        raise


def _refused_person(*, issuer: str, subject: str, claim_value: str) -> Person | None:
    identity = (
        ExternalIdentity.objects.filter(issuer=issuer, subject=subject)
        .select_related("user__person")
        .first()
    )
    if identity is not None:
        return getattr(identity.user, "person", None)
    return _person_by_claim(claim_value)


def _person_by_claim(claim_value: str) -> Person | None:
    if not claim_value:
        return None
    if getattr(settings, "LEDERSPOR_OIDC_MATCH", "email") == "employee_number":
        return Person.objects.select_related("user").filter(employee_number=claim_value).first()
    return Person.objects.select_related("user").filter(email__iexact=claim_value).first()


def _resolve_login(*, issuer: str, subject: str, claim_value: str) -> User:
    if not subject:
        raise SSORefused("no_claim")
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if identity is not None:
        person = Person.objects.filter(user=identity.user).first()
        if person is None or not person.is_active or not identity.user.is_active:
            raise SSORefused("inactive" if person is not None else "unknown")
        identity.last_sign_in = timezone.now()
        identity.save(update_fields=["last_sign_in", "updated_at"])
        return identity.user
    if not claim_value:
        raise SSORefused("no_claim")
    person = _person_by_claim(claim_value)
    if person is None:
        raise SSORefused("unknown")
    if not person.is_active or (person.user is not None and not person.user.is_active):
        raise SSORefused("inactive")
    user = person.user
    if user is None:
        user = _login_for_person(person)
    if ExternalIdentity.objects.filter(user=user, issuer=issuer).exists():
        # this login already signed in as another subject at the same OP
        raise SSORefused("conflict")
    ExternalIdentity.objects.create(
        user=user, issuer=issuer, subject=subject, last_sign_in=timezone.now()
    )
    return user


def _login_for_person(person: Person) -> User:
    """A login for an imported person who has none, as the org import makes them (e-mail, no
    usable password); an existing login with that e-mail and no person is taken over."""
    if User.objects.filter(email__iexact=person.email, person__isnull=False).exists():
        raise SSORefused("conflict")
    user = User.objects.filter(email__iexact=person.email, person__isnull=True).first()
    if user is None:
        user = User.objects.create_user(email=person.email, password=None)
    elif not user.is_active:
        raise SSORefused("inactive")
    person.user = user
    person.save(update_fields=["user", "updated_at"])
    return user


def _groups(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, Iterable):
        return {str(item) for item in value}
    return set()


def _sync_hr_staff(*, user: User, claims: dict[str, Any], address: str | None) -> None:
    groups_claim = str(getattr(settings, "LEDERSPOR_OIDC_GROUPS_CLAIM", ""))
    hr_group = str(getattr(settings, "LEDERSPOR_OIDC_HR_GROUP", ""))
    if not groups_claim or not hr_group:
        return
    app_label, codename = HR_PERMISSION.split(".")
    permission = Permission.objects.get(codename=codename, content_type__app_label=app_label)
    member = hr_group in _groups(claims.get(groups_claim))
    holds = user.user_permissions.filter(pk=permission.pk).exists()
    if member == holds:
        return
    if member:
        user.user_permissions.add(permission)
        action = AccountAction.HR_STAFF_GRANT
    else:
        user.user_permissions.remove(permission)
        action = AccountAction.HR_STAFF_REVOKE
    audit_record(
        actor=None,
        action=action,
        obj=user,
        summary=f"{groups_claim}: {hr_group}",
        address=address,
        source="sso",
        group=hr_group,
    )
