from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lederspor.core"
    label = "core"
    verbose_name = _("Kerne")
