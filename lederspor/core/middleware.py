"""Middleware of the ground floor: the signed-in person's language, and the response headers
for a strict Content-Security-Policy (no inline scripts or styles)."""

from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'self'; object-src 'none'"
)


def _csp() -> str:
    """CSP, with the OpenID provider's origin added to form-action when SSO is on: the sign-out
    form posts to /logout/, which redirects to the provider's end-session endpoint, and browsers
    hold a form's redirects to form-action too (docs/sso.md)."""
    if not getattr(settings, "LEDERSPOR_SSO_ENABLED", False):
        return CSP
    origins = []
    for url in (
        getattr(settings, "OIDC_ISSUER", ""),
        getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", ""),
    ):
        parts = urlsplit(str(url))
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("https", "http") and parts.netloc and origin not in origins:
            origins.append(origin)
    if not origins:
        return CSP
    return CSP.replace("form-action 'self'", "form-action 'self' " + " ".join(origins))


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and Permissions-Policy to every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.setdefault("Content-Security-Policy", _csp())
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
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
