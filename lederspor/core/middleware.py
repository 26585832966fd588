"""Middleware of the ground floor: the signed-in person's language, the response headers for a
strict Content-Security-Policy (django-csp, no inline scripts or styles, the admin included) and
Permissions-Policy, and `Cache-Control: no-store, private` on every page and file that is not a
static file (issue #15 §4)."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_cache_control

from lederspor.core.uploads import megabytes

#: the Permissions-Policy of every response: no camera, microphone or position
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"


def sso_form_action_origins() -> list[str]:
    """The OpenID provider's origins that forms may lead to when SSO is on, else [].

    The sign-out form posts to /logout/, which redirects to the provider's end-session
    endpoint, and browsers hold a form's redirects to form-action too (docs/sso.md). Read per
    request, so settings changed at run time (`lederspor demo --sso-test-provider`) count.
    """
    if not getattr(settings, "LEDERSPOR_SSO_ENABLED", False):
        return []
    origins: list[str] = []
    for url in (
        getattr(settings, "OIDC_ISSUER", ""),
        getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", ""),
    ):
        parts = urlsplit(str(url))
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("https", "http") and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with the policy of `settings.CONTENT_SECURITY_POLICY` on every
    response (the Django admin included), plus the OpenID provider's origins in form-action
    when SSO is on (`sso_form_action_origins`)."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts: PolicyParts = super().get_policy_parts(request, response, report_only)
        origins = sso_form_action_origins()
        if origins and not report_only:
            parts.update = {**(parts.update or {}), "form-action": origins}
        return parts


class SecurityHeadersMiddleware:
    """Add Permissions-Policy to every response (the CSP comes from
    `ContentSecurityPolicyMiddleware`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class NoStoreMiddleware:
    """`Cache-Control: no-store, private` on every response that is not a static file: pages,
    PDFs, exports, API answers, redirects and error pages, for signed-in users, API tokens and
    anonymous visitors alike (issue #15 §4: no copy of personal data in a browser's or a
    proxy's cache). Django's `patch_cache_control` keeps what a view set and drops a `public`.
    Static files stay cacheable: WhiteNoise answers them before this middleware (placed after
    it), and a path under STATIC_URL is left alone.
    """

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response
        self.static_prefix = "/" + str(settings.STATIC_URL).lstrip("/")

    def __call__(self, request: HttpRequest) -> Any:
        response = self.get_response(request)
        if not request.path.startswith(self.static_prefix):
            patch_cache_control(response, no_store=True, private=True)
        return response


class UserLanguageMiddleware:
    """Use the language the signed-in user chose (`User.language`) for the whole request.

    Placed after `AuthenticationMiddleware`; Django's `LocaleMiddleware` before it has already
    chosen from the language cookie or the browser's Accept-Language, which stays the answer for
    anonymous visitors and for users who have not chosen. `LocaleMiddleware` then names the
    active language in the response's Content-Language header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = getattr(user, "language", "") if user is not None else ""
        if chosen and user is not None and user.is_authenticated:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen
        return self.get_response(request)


class RequestBodyLimitMiddleware:
    """Answer 413 with a Danish page to a request whose body is larger than allowed, before
    anything reads it (issue #15 §5: a 60 MB anonymous multipart body was read in full).

    The limit is the declared `Content-Length`: `LEDERSPOR_MAX_REQUEST_BYTES` for a signed-in
    user (the largest upload, an article file of 10 MB, and the form around it), and the much
    smaller `LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES` for anyone else (the sign-in and
    registration forms). Django reads no more than `Content-Length` bytes of a body, and none
    of one sent without it (chunked), so the declared length is the bound. Placed after
    `AuthenticationMiddleware` to tell the two apart: no middleware before it reads the body
    (CSRF reads the form in `process_view`, which runs after every `__call__`). The proxy in
    front has the same upper bound (nginx `client_max_body_size`, docs/operations.md).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body with an unreadable length
        if length > settings.LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES and (
            length > settings.LEDERSPOR_MAX_REQUEST_BYTES or not _signed_in(request)
        ):
            return _too_large_response(request)
        return self.get_response(request)


def _signed_in(request: HttpRequest) -> bool:
    """Whether the request comes from a signed-in user (loads the session only when asked)."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _too_large_response(request: HttpRequest) -> HttpResponse:
    """The 413 page: the request was too large, what the limit is, nothing was saved."""
    limit = (
        settings.LEDERSPOR_MAX_REQUEST_BYTES
        if _signed_in(request)
        else settings.LEDERSPOR_MAX_ANONYMOUS_REQUEST_BYTES
    )
    body = render_to_string("413.html", {"limit_mb": megabytes(limit)})
    response = HttpResponse(body, status=413)
    return response
