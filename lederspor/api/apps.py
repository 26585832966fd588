from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "lederspor.api"
    label = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from lederspor.api import privacy

        # the API tokens a person created or revoked (access export and erasure)
        privacy.register()
