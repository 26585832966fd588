from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lederspor.privacy"
    label = "privacy"
    verbose_name = _("Databeskyttelse")

    def ready(self) -> None:
        from lederspor.privacy import sources

        sources.register()
