from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "lederspor.agreements"
    label = "agreements"
    verbose_name = _("Læringsaftaler")

    def ready(self) -> None:
        """Plug into the hub: the learning agreement's status on the programme page."""
        from lederspor.agreements import privacy
        from lederspor.agreements.panels import enrolment_panel
        from lederspor.programmes.extensions import EnrolmentSection, enrolment_sections, kinds
        from lederspor.programmes.models import ProgrammeKind

        enrolment_sections.register(
            EnrolmentSection(
                key="agreements.status",
                order=40,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.TRAINEE),
            )
        )
        privacy.register()  # what the app holds about a person, and how long
