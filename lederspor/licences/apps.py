from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicencesConfig(AppConfig):
    name = "lederspor.licences"
    label = "licences"
    verbose_name = _("Kørekort")

    def ready(self) -> None:
        """What the app holds about persons goes into the privacy registries
        (`licences.privacy`)."""
        from lederspor.licences import pickers, privacy

        privacy.register()
        pickers.register()  # units and people searched as you type (issue #17 §1)
