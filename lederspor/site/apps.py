"""The top floor: home page, navigation, the demo municipality, `load_content` and the test cast.

It may import every app below it; nothing imports it (see docs/architecture.md)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "lederspor.site"
    label = "site"
    verbose_name = _("Forside")

    def ready(self) -> None:
        """Register the top floor's system checks (the accessibility statement, issue #16 §4)
        and the menu's role flags (worked out with the roles in one query, issue #17 §1)."""
        from lederspor.people.extensions import role_flags
        from lederspor.site import checks  # noqa: F401  (registers on import)
        from lederspor.site.navigation import NAVIGATION_FLAGS

        for flag in NAVIGATION_FLAGS:
            role_flags.register(flag)
