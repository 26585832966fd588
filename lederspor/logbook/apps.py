from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogbookConfig(AppConfig):
    name = "lederspor.logbook"
    label = "logbook"
    verbose_name = _("Logbog")

    def ready(self) -> None:
        """Plug into the hub: the logbook section on the programme page."""
        from lederspor.logbook.panels import enrolment_panel
        from lederspor.programmes.extensions import EnrolmentSection, enrolment_sections, kinds
        from lederspor.programmes.models import ProgrammeKind

        enrolment_sections.register(
            EnrolmentSection(
                key="logbook.entries",
                order=50,
                render=enrolment_panel,
                kinds=kinds(
                    ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION, ProgrammeKind.TRAINEE
                ),
            )
        )
