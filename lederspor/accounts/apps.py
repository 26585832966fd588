from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in: municipal SSO (OpenID Connect), local passwords with reset and invitations,
    two-factor sign-in, lockout, the sign-in log and session limits (issue #12)."""

    name = "lederspor.accounts"
    label = "accounts"
    verbose_name = _("Log ind og konti")

    def ready(self) -> None:
        from lederspor.accounts import receivers  # noqa: F401  (signal receivers: the sign-in log)
