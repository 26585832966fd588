"""Template context of the accounts app: the session limits the page's warning needs."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from lederspor.accounts.middleware import session_seconds_left


def session_limits(request: HttpRequest) -> dict[str, Any]:
    """For a signed-in person: `session_seconds_left` (seconds until the session ends if they do
    nothing: idle limit or absolute lifetime) and `session_warning_seconds` (how long before
    that the page warns, `settings.LEDERSPOR_SESSION_WARNING_SECONDS`, default 60). Empty for
    everyone else (no warning, no script)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "session"):
        return {}
    return {
        "session_seconds_left": session_seconds_left(request),
        "session_warning_seconds": int(getattr(settings, "LEDERSPOR_SESSION_WARNING_SECONDS", 60)),
    }
