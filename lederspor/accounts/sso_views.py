"""The SSO views: mozilla-django-oidc's start and callback views (wired through its
`OIDC_AUTHENTICATE_CLASS` / `OIDC_CALLBACK_CLASS` settings, under /oidc/) with Lederspor's Danish
refusal and failure pages, and the sign-out that also ends the OP's session (issue #12 §1)."""

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.generic import View
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.oidc import oidc_issuer, oidc_setting
from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY, signed_in_with_sso, sso_enabled
from lederspor.core.audit import audit_record
from lederspor.core.requests import client_address

logger = logging.getLogger(__name__)


def sso_failed(request: HttpRequest, *, reason: str, status: int = 400) -> HttpResponse:
    """The Danish page for a sign-in that went wrong on the way (state, nonce, token, an OP that
    does not answer), after recording `AccountAction.SSO_REFUSED` with `reason`."""
    issuer = str(getattr(settings, "OIDC_ISSUER", ""))
    audit_record(
        actor=None,
        action=AccountAction.SSO_REFUSED,
        obj=None,  # nobody known yet: the reason, address and issuer say what happened
        summary=reason,
        address=client_address(request),
        reason=reason,
        issuer=issuer,
    )
    return render(request, "accounts/sso_failed.html", status=status)


def sso_refused(request: HttpRequest) -> HttpResponse:
    """The Danish page for a person the OP vouched for but who may not use Lederspor (unknown
    or deactivated: the page is the same, 403), with whom to contact
    (`settings.LEDERSPOR_SSO_CONTACT`). The backend has already recorded the refusal."""
    contact = str(getattr(settings, "LEDERSPOR_SSO_CONTACT", ""))
    return render(request, "accounts/sso_refused.html", {"contact": contact}, status=403)


class SSOStartView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """GET /oidc/authenticate/: sends the browser to the OP with state, nonce and a PKCE
    challenge (the library), the endpoint read at request time (discovery). 404 without SSO."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs: Any) -> None:
        # not the library's __init__: it reads the OP's endpoint (discovery) before dispatch
        View.__init__(self, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
            logger.warning("SSO: the OP's endpoints are not available: %s", exc)
            return sso_failed(request, reason="provider_unavailable", status=503)
        response: HttpResponse = super().get(request)
        return response


class SSOCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """GET /oidc/callback/: the library checks `state`, exchanges the code (with the PKCE
    verifier) and calls the backend; a refused person gets the refusal page (403), a failed
    check the failure page (400). A successful sign-in records in the session that it used SSO
    before Django's `login()` (and its `user_logged_in` signal) runs."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            oidc_issuer()
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as exc:
            logger.warning("SSO: refused at the callback: %s", exc)
            return sso_failed(request, reason=_reason(str(exc)))
        except (requests.RequestException, ValueError, ImproperlyConfigured) as exc:
            logger.warning("SSO: the OP could not complete the sign-in: %s", exc)
            return sso_failed(request, reason="provider_error", status=502)
        return response

    def login_failure(self) -> HttpResponse:
        request: HttpRequest = self.request
        if getattr(request, "sso_refusal", None):
            return sso_refused(request)
        return sso_failed(request, reason=request.GET.get("error") or "state")

    def login_success(self) -> HttpResponse:
        request: HttpRequest = self.request
        if request.user.is_authenticated and request.user != self.user:
            auth.logout(request)  # another login's session: end it before this one starts
        request.session[AUTH_METHOD_SESSION_KEY] = "sso"
        response: HttpResponse = super().login_success()
        request.session[AUTH_METHOD_SESSION_KEY] = "sso"
        return response


def _reason(message: str) -> str:
    """A short audit reason from the library's or the backend's SuspiciousOperation text."""
    lowered = message.lower()
    for needle, reason in (
        ("state", "state"),
        ("nonce", "nonce"),
        ("expired", "expired"),
        ("audience", "audience"),
        ("signature", "signature"),
        ("jwks", "signature"),
        ("issuer", "issuer"),
        ("userinfo", "userinfo"),
    ):
        if needle in lowered:
            return reason
    return "invalid_token"


class SignOutView(auth_views.LogoutView):
    """POST /logout/: Django's LogoutView (ends the Lederspor session), then, when the session
    came from SSO and the OP offers RP-initiated logout, on to the OP's end-session endpoint
    (`settings.OIDC_OP_LOGOUT_URL_METHOD`); else to the sign-in page."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        provider_url = ""
        method = getattr(settings, "OIDC_OP_LOGOUT_URL_METHOD", "")
        from_sso = signed_in_with_sso(request)
        if sso_enabled() and method and from_sso and request.user.is_authenticated:
            provider_url = str(import_string(method)(request))
        response = super().post(request, *args, **kwargs)
        if provider_url:
            return HttpResponseRedirect(provider_url)
        return response
