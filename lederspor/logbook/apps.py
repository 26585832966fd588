from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogbookConfig(AppConfig):
    name = "lederspor.logbook"
    label = "logbook"
    verbose_name = _("Logbog")
