"""What the 'Leder på spring' programme (seed 002) needs beyond cohorts: the 14-day mailing, JTI, homework, the leader talk, the host letter and the course certificate."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClarificationConfig(AppConfig):
    name = "lederspor.clarification"
    label = "clarification"
    verbose_name = _("Leder på spring")

    def ready(self) -> None:
        """Connect the signal that reschedules the mailing when a cohort's start moves."""
        from lederspor.clarification import signals  # noqa: F401
