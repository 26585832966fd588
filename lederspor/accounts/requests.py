"""What the accounts app reads from a request: the client's address for the sign-in log."""

from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address as Django sees it (`request.META["REMOTE_ADDR"]`), or None when
    there is none (e.g. a request built in a test without it).

    Behind a reverse proxy the proxy must set REMOTE_ADDR to the client's address (docs/
    operations.md); Lederspor does not trust `X-Forwarded-For` on its own, since any client can
    send it.
    """
    return request.META.get("REMOTE_ADDR") or None
