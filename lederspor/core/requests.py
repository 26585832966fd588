"""What a request tells about the client: its address, behind trusted reverse proxies.

On the ground floor because the sign-in log (accounts), the lockout (django-axes) and the read
log (privacy) all record it the same way.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def valid_address(value: str) -> str | None:
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
    remote = valid_address(request.META.get("REMOTE_ADDR", ""))
    proxies = int(getattr(settings, "LEDERSPOR_TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        return remote
    return valid_address(forwarded[-proxies]) or remote


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address for the audit log: the one django-axes resolved for this request
    (`request.axes_ip_address`, set on sign-in requests) when present, else the same resolution
    (`forwarded_client_address`: `REMOTE_ADDR`, or behind trusted proxies `X-Forwarded-For`).
    Returns None when no valid address is known."""
    resolved = getattr(request, "axes_ip_address", None)
    if isinstance(resolved, str) and valid_address(resolved):
        return valid_address(resolved)
    return forwarded_client_address(request)
