from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeConfig(AppConfig):
    name = "lederspor.trainee"
    label = "trainee"
    verbose_name = _("Ledertraineeforløb")

    def ready(self) -> None:
        """Plug into the hub (the trainee path on the programme page, the link from the cohort
        page to the trainee overview) and into conversations (the start conversations require the
        prerequisite, seed 003)."""
        from lederspor.conversations.extensions import PlanningCheck, planning_checks
        from lederspor.programmes.extensions import (
            CohortLink,
            EnrolmentSection,
            cohort_links,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.models import ProgrammeKind
        from lederspor.trainee import privacy
        from lederspor.trainee.panels import enrolment_panel
        from lederspor.trainee.prerequisites import (
            START_CONVERSATION_KINDS,
            start_conversation_check,
        )

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
        planning_checks.register(
            PlanningCheck(
                key="trainee.prerequisite",
                order=10,
                kinds=START_CONVERSATION_KINDS,
                check=start_conversation_check,
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
        privacy.register()  # what the app holds about a person, and how long
