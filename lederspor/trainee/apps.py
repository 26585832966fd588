from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeConfig(AppConfig):
    name = "lederspor.trainee"
    label = "trainee"
    verbose_name = _("Ledertraineeforløb")

    def ready(self) -> None:
        """Plug into the hub: the trainee path on the programme page."""
        from lederspor.programmes.extensions import EnrolmentSection, enrolment_sections, kinds
        from lederspor.programmes.models import ProgrammeKind
        from lederspor.trainee.panels import enrolment_panel

        enrolment_sections.register(
            EnrolmentSection(
                key="trainee.path",
                order=20,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.TRAINEE),
            )
        )
