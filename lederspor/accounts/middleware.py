"""Middleware of the accounts app: session limits and the two-factor requirement (issue #12)."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django_otp import user_has_device

from lederspor.accounts.two_factor import session_needs_two_factor, with_next

#: the session keys of the session clock: when the person signed in and when they were last
#: active, in whole seconds since the epoch
SIGNED_IN_AT_SESSION_KEY = "lederspor_signed_in_at"
LAST_ACTIVITY_SESSION_KEY = "lederspor_last_activity"
#: activity is written to the session at most this often (seconds), not on every request
ACTIVITY_RESOLUTION_SECONDS = 60
#: a request with this header is background work of the page (a status check, polling), not
#: the person's activity: it does not extend the idle limit (`hx-headers` on polling elements)
BACKGROUND_HEADER = "X-Lederspor-Background"
#: the request attribute the sign-in log reads to log SESSION_EXPIRED (accounts.receivers)
SESSION_END_ATTRIBUTE = "lederspor_session_end"


def _now() -> int:
    return int(timezone.now().timestamp())


def session_idle_seconds() -> int:
    """The idle limit in seconds (`settings.LEDERSPOR_SESSION_IDLE_MINUTES`, default 30)."""
    return int(getattr(settings, "LEDERSPOR_SESSION_IDLE_MINUTES", 30)) * 60


def session_max_seconds() -> int:
    """The absolute lifetime in seconds (`settings.LEDERSPOR_SESSION_MAX_HOURS`, default 10)."""
    return int(getattr(settings, "LEDERSPOR_SESSION_MAX_HOURS", 10)) * 3600


def session_clock_start(request: HttpRequest) -> None:
    """Start the session clock at a sign-in: signed in and last active now."""
    now = _now()
    request.session[SIGNED_IN_AT_SESSION_KEY] = now
    request.session[LAST_ACTIVITY_SESSION_KEY] = now


def session_activity_record(request: HttpRequest, *, force: bool = False) -> None:
    """Record the signed-in person's activity now: written to the session only when the last
    record is at least `ACTIVITY_RESOLUTION_SECONDS` old, unless `force` (the keepalive)."""
    now = _now()
    last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    if force or not isinstance(last, int) or now - last >= ACTIVITY_RESOLUTION_SECONDS:
        request.session[LAST_ACTIVITY_SESSION_KEY] = now


def session_seconds_left(request: HttpRequest) -> int:
    """Seconds until the session ends if the person does nothing: the smaller of what is left
    of the idle limit (from the last recorded activity) and of the absolute lifetime (from the
    sign-in); 0 when it has ended. A session without a clock counts as just started."""
    now = _now()
    signed_in = int(request.session.get(SIGNED_IN_AT_SESSION_KEY, now))
    last = int(request.session.get(LAST_ACTIVITY_SESSION_KEY, now))
    left = min(session_idle_seconds() - (now - last), session_max_seconds() - (now - signed_in))
    return max(0, left)


def _ended(request: HttpRequest) -> str | None:
    """ "absolute", "idle" or None (the session is within its limits)."""
    now = _now()
    signed_in = request.session.get(SIGNED_IN_AT_SESSION_KEY)
    last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    if not isinstance(signed_in, int) or not isinstance(last, int):
        return None
    if now - signed_in >= session_max_seconds():
        return "absolute"
    if now - last >= session_idle_seconds():
        return "idle"
    return None


class SessionLimitsMiddleware:
    """Ends a session after the idle time and the absolute lifetime (issue #12 §3).

    The session holds when the person signed in and when they were last active (written at most
    once a minute). A request after either limit signs the person out (logged as
    SESSION_EXPIRED with the address, by the sign-in log's receiver) and is sent to the sign-in
    page with a Danish message saying why and `next` back to the page (GET requests). A request
    with the `X-Lederspor-Background` header is checked but is not activity.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        if SIGNED_IN_AT_SESSION_KEY not in request.session:
            # signed in before the clock existed (or without the sign-in signal): start it now
            session_clock_start(request)
        reason = _ended(request)
        if reason is not None:
            return self._expire(request, reason)
        if not request.headers.get(BACKGROUND_HEADER):
            session_activity_record(request)
        return self.get_response(request)

    def _expire(self, request: HttpRequest, reason: str) -> HttpResponse:
        setattr(request, SESSION_END_ATTRIBUTE, reason)
        logout(request)
        if reason == "idle":
            minutes = session_idle_seconds() // 60
            text = ngettext(
                "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)d minut.",
                "Du er blevet logget ud, fordi du ikke har været aktiv i %(minutes)d minutter.",
                minutes,
            ) % {"minutes": minutes}
        else:
            hours = session_max_seconds() // 3600
            text = ngettext(
                "Du er blevet logget ud, fordi du har været logget ind i %(hours)d time. "
                "Log ind igen for at fortsætte.",
                "Du er blevet logget ud, fordi du har været logget ind i %(hours)d timer. "
                "Log ind igen for at fortsætte.",
                hours,
            ) % {"hours": hours}
        # the message middleware comes after this one: give the request its storage here
        storage = getattr(request, "_messages", None)
        if storage is None:
            storage = default_storage(request)
            request._messages = storage  # type: ignore[attr-defined]
        messages.info(request, text)
        next_url = request.get_full_path() if request.method == "GET" else ""
        url = with_next(resolve_url(settings.LOGIN_URL), next_url)
        if request.headers.get("HX-Request"):
            response: HttpResponse = HttpResponse(status=204)
            response["HX-Redirect"] = url
        else:
            response = HttpResponseRedirect(url)
        storage.update(response)
        return response


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
