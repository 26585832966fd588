"""Case-insensitive e-mail sign-in with a local password (while local passwords are on)."""

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from lederspor.core.models import User


class EmailBackend(ModelBackend):
    """Authenticate with e-mail (any case) and password; inactive accounts are refused.

    With `settings.LEDERSPOR_LOCAL_PASSWORDS` off (the municipality signs in through SSO only)
    it refuses every password (returns None), so no other way in (the admin's login form, a
    script calling `authenticate`) accepts one either. Sessions that already exist are read
    through `get_user` as before.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not getattr(settings, "LEDERSPOR_LOCAL_PASSWORDS", True):
            return None
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            User().set_password(password)  # same time as a real check
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
