from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "lederspor.notifications"
    label = "notifications"
    verbose_name = _("E-mails og påmindelser")

    def ready(self) -> None:
        from lederspor.notifications import privacy

        privacy.register()
