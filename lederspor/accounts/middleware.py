"""Middleware of the accounts app: session limits and the two-factor requirement (issue #12)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext
from django_otp import user_has_device

from lederspor.accounts.two_factor import session_needs_two_factor, with_next


class SessionLimitsMiddleware:
    """Ends a session after the idle time and the absolute lifetime (issue #12 §3)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Sends administrators and HR staff who signed in with a local password to the two-factor
    step (issue #12 §2) before any other page, the admin included.

    When `accounts.two_factor.session_needs_two_factor(request)`, every page answers with a
    redirect to the code page (the person has an app) or the set-up page (they have none),
    carrying the page asked for as `next` (GET requests only: a POST can not be replayed).
    htmx requests get 403 with `HX-Redirect` to that page, JSON requests 403 with a Danish
    `detail`. Exempt: the two-factor pages, sign-out, the language switch, static files and
    the session keepalive (`TWO_FACTOR_EXEMPT_URL_NAMES`). Placed after django-otp's
    `OTPMiddleware`, which gives `request.user.is_verified()`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if session_needs_two_factor(request) and not _two_factor_exempt(request):
            return _two_factor_step(request)
        return self.get_response(request)


#: URL names an unverified session may still open: the two-factor pages (every name starting
#: with "accounts:two_factor"), sign-out, the language switch and the idle-session keepalive
TWO_FACTOR_EXEMPT_URL_NAMES = frozenset({"logout", "core:language", "accounts:session_keepalive"})


def _two_factor_exempt(request: HttpRequest) -> bool:
    static_url = "/" + settings.STATIC_URL.lstrip("/") if settings.STATIC_URL else None
    if static_url and request.path_info.startswith(static_url):
        return True
    try:
        name = resolve(request.path_info).view_name
    except Resolver404:
        return False
    return name.startswith("accounts:two_factor") or name in TWO_FACTOR_EXEMPT_URL_NAMES


def _two_factor_step(request: HttpRequest) -> HttpResponse:
    """The answer to a request that must pass two-factor first (see the middleware)."""
    page = (
        "accounts:two_factor_verify"
        if user_has_device(request.user, confirmed=True)
        else "accounts:two_factor_setup"
    )
    next_url = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    url = with_next(reverse(page), next_url)
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=403, headers={"HX-Redirect": url})
    accept = request.headers.get("Accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return JsonResponse(
            {"detail": gettext("Bekræft først dit log ind med to-faktor."), "location": url},
            status=403,
        )
    return HttpResponseRedirect(url)
