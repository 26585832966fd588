from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeConfig(AppConfig):
    name = "lederspor.trainee"
    label = "trainee"
    verbose_name = _("Ledertraineeforløb")

    def ready(self) -> None:
        """Plug into the hub: the trainee path on the programme page and the link from the cohort
        page to the trainee overview."""
        from lederspor.programmes.extensions import (
            CohortLink,
            EnrolmentSection,
            cohort_links,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.models import ProgrammeKind
        from lederspor.trainee.panels import enrolment_panel

        cohort_links.register(
            CohortLink(
                key="trainee.cohort_summary",
                order=10,
                label=_(
                    "Gå til ledertraineeoversigten – forudsætninger, effekt, resultater og take-off"
                ),
                url_name="trainee:cohort_summary",
                kinds=kinds(ProgrammeKind.TRAINEE),
            )
        )
        enrolment_sections.register(
            EnrolmentSection(
                key="trainee.path",
                order=20,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.TRAINEE),
            )
        )
