"""What the 'Leder på spring' programme (seed 002) needs beyond cohorts: the 14-day mailing, JTI, homework, the leader talk, the host letter and the course certificate."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClarificationConfig(AppConfig):
    name = "lederspor.clarification"
    label = "clarification"
    verbose_name = _("Leder på spring")

    def ready(self) -> None:
        """Plug into the hub: the Leder på spring steps on the programme page, the link from the
        cohort page, the pre-start mailing follows the cohort's start date, and the learning goals of
        the conversation before the course are shown beside the closing conversation. What the app holds
        about persons goes into the privacy registries (`clarification.privacy`)."""
        from lederspor.clarification import privacy

        privacy.register()
        from lederspor.clarification.panels import enrolment_panel
        from lederspor.clarification.services import mailing_follow_cohort_dates
        from lederspor.programmes.extensions import (
            CohortDatesMoved,
            EnrolmentSection,
            cohort_dates_moved,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.models import ProgrammeKind

        cohort_dates_moved.register(
            CohortDatesMoved(
                key="clarification.mailing",
                order=10,
                run=mailing_follow_cohort_dates,
                kinds=kinds(ProgrammeKind.CLARIFICATION),
            )
        )
        from lederspor.programmes.extensions import CohortLink, cohort_links

        cohort_links.register(
            CohortLink(
                key="clarification.cohort",
                order=10,
                label=_(
                    "Gå til Leder på spring – undervisningsdage, mail før start, hjemmeopgaver og lederindlæg"
                ),
                url_name="clarification:cohort",
                kinds=kinds(ProgrammeKind.CLARIFICATION),
            )
        )
        from lederspor.clarification.panels import conversation_goals_section
        from lederspor.conversations.extensions import ConversationSection, conversation_sections
        from lederspor.conversations.models import ConversationKind

        conversation_sections.register(
            ConversationSection(
                key="clarification.learning_goals",
                order=5,
                kinds=frozenset({ConversationKind.LEADER_AFTER}),
                render=conversation_goals_section,
            )
        )
        enrolment_sections.register(
            EnrolmentSection(
                key="clarification.steps",
                order=10,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.CLARIFICATION),
            )
        )
        from lederspor.clarification import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
