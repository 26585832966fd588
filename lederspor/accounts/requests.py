"""What a sign-in request tells about the client: its address (behind trusted reverse proxies)
and the e-mail it typed, as the lockout (django-axes) and the sign-in log see them."""

import ipaddress
from typing import Any

from django.conf import settings
from django.http import HttpRequest

#: the longest e-mail kept (RFC 5321's limit on a path; the login's e-mail field is shorter)
EMAIL_MAX_LENGTH = 254


def _valid_address(value: str) -> str | None:
    """`value` as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def forwarded_client_address(request: HttpRequest) -> str | None:
    """The client's IP address: `REMOTE_ADDR`, or, behind `settings.LEDERSPOR_TRUSTED_PROXY_COUNT`
    (> 0) reverse proxies, the address the nearest trusted proxy added to `X-Forwarded-For` (the
    count-th entry from the right; entries further left are the client's own claims and never
    trusted). Returns None when no valid address is known. django-axes resolves the address with
    it (`AXES_CLIENT_IP_CALLABLE`)."""
    remote = _valid_address(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "LEDERSPOR_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return _valid_address(forwarded[-proxies]) or remote


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address for the audit log: the one django-axes resolved for this request
    (`request.axes_ip_address`, set on sign-in requests) when present, else the same resolution
    (`forwarded_client_address`: `REMOTE_ADDR`, or behind trusted proxies `X-Forwarded-For`).
    Returns None when no valid address is known."""
    resolved = getattr(request, "axes_ip_address", None)
    if isinstance(resolved, str) and _valid_address(resolved):
        return _valid_address(resolved)
    return forwarded_client_address(request)


def lockout_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The e-mail a sign-in attempt names, stripped, in lower case and cut to 254 characters, so
    that "Anna@X.dk" and "anna@x.dk" share one lockout counter (django-axes'
    `AXES_USERNAME_CALLABLE`). Taken from the credentials passed to `authenticate`, else from the
    posted form field `settings.AXES_USERNAME_FORM_FIELD`. None when the attempt names none."""
    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value: Any = None
    if credentials:
        value = credentials.get(field)
    if value is None and request is not None:
        value = request.POST.get(field)
    if not isinstance(value, str):
        return None
    return value.strip().lower()[:EMAIL_MAX_LENGTH]
