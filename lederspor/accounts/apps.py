from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Sign-in: municipal SSO (OpenID Connect), local passwords with reset and invitations,
    two-factor sign-in, lockout, the sign-in log and session limits (issue #12)."""

    name = "lederspor.accounts"
    label = "accounts"
    verbose_name = _("Log ind og konti")

    def ready(self) -> None:
        from lederspor.accounts import (
            privacy,
            receivers,  # noqa: F401  (signal receivers: the sign-in log)
        )
        from lederspor.accounts.invitations import PERSON_SECTION, PERSONS_CREATED_HOOK
        from lederspor.people.extensions import person_sections, persons_created

        # invitations: sent when an import creates persons; shown on the person's HR page
        persons_created.register(PERSONS_CREATED_HOOK)
        person_sections.register(PERSON_SECTION)
        # what accounts holds about a person: access export, erasure, retention (docs/privacy.md)
        privacy.register()
        from lederspor.accounts import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
