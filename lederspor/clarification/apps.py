from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClarificationConfig(AppConfig):
    name = "lederspor.clarification"
    label = "clarification"
    verbose_name = _("Leder på spring")
