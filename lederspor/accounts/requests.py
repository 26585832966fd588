"""What a sign-in request tells about the client: the e-mail it typed, as the lockout
(django-axes) and the sign-in log see it. Its address: `core.requests.client_address`."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

#: the longest e-mail kept (RFC 5321's limit on a path; the login's e-mail field is shorter)
EMAIL_MAX_LENGTH = 254


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
