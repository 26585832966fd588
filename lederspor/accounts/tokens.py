"""The one-time token in an invitation link (issue #12 §2).

Django's `PasswordResetTokenGenerator` with its own `key_salt` (an invitation token is not a
password-reset token, nor the other way round) and its own lifetime,
`settings.LEDERSPOR_INVITATION_DAYS` days instead of `PASSWORD_RESET_TIMEOUT`. Like Django's
token it is an HMAC over the login's id, password hash, last sign-in and e-mail with a
timestamp: it stops working as soon as the password is set (or the person signs in), which
makes the link one-time.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

#: seconds in a day, for `LEDERSPOR_INVITATION_DAYS`
DAY_SECONDS = 24 * 60 * 60


def invitation_days() -> int:
    """How many days an invitation link is valid (`settings.LEDERSPOR_INVITATION_DAYS`, from
    the environment variable of the same name; 14 by default)."""
    return int(getattr(settings, "LEDERSPOR_INVITATION_DAYS", 14))


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Tokens for invitation links: Django's reset token under another salt, valid for
    `invitation_days()` days from when it was made."""

    key_salt = "lederspor.accounts.tokens.InvitationTokenGenerator"

    @property
    def timeout_seconds(self) -> int:
        """The lifetime of a token in seconds (read at each check, so a changed setting
        applies to links already sent)."""
        return invitation_days() * DAY_SECONDS

    def check_token(self, user: Any, token: str | None) -> bool:
        """True if `token` was made for `user` by this generator (with the current secret or a
        fallback), the user's password, last sign-in and e-mail are unchanged since, and it is
        at most `timeout_seconds` old.

        Django's `check_token` with the lifetime `timeout_seconds` instead of
        `settings.PASSWORD_RESET_TIMEOUT`; the HMAC is Django's (`_make_token_with_timestamp`).
        """
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        for secret in [self.secret, *self.secret_fallbacks]:
            if constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token):
                break
        else:
            return False
        return (self._num_seconds(self._now()) - ts) <= self.timeout_seconds


#: the generator the invitation mails and the invitation page use
invitation_token_generator = InvitationTokenGenerator()
