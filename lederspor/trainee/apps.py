from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraineeConfig(AppConfig):
    name = "lederspor.trainee"
    label = "trainee"
    verbose_name = _("Ledertraineeforløb")

    def ready(self) -> None:
        """Plug into the hub (the trainee path on the programme page, the link from the cohort
        page to the trainee overview, the "Spot et ledertalent" checklist on the nomination
        page) and into conversations (the start conversations require the prerequisite, start
        part 1 is not planned per trainee when the cohort holds it as one joint meeting, and
        the conversations show the learning agreement and the checklists, seed 003)."""
        from lederspor.conversations.extensions import (
            PlanningCheck,
            conversation_sections,
            planning_checks,
        )
        from lederspor.conversations.models import ConversationKind
        from lederspor.programmes.extensions import (
            CalendarSource,
            CohortLink,
            EnrolmentSection,
            NominationSection,
            calendar_sources,
            cohort_links,
            enrolment_sections,
            kinds,
            nomination_sections,
        )
        from lederspor.programmes.models import ProgrammeKind
        from lederspor.trainee import privacy
        from lederspor.trainee.calendar_events import joint_start_events
        from lederspor.trainee.panels import (
            conversation_section_entries,
            enrolment_panel,
            nomination_checklist,
        )
        from lederspor.trainee.prerequisites import (
            START_CONVERSATION_KINDS,
            start_conversation_check,
        )
        from lederspor.trainee.services import joint_start_planning_check

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
        planning_checks.register(
            PlanningCheck(
                key="trainee.joint_start",
                order=20,
                kinds=frozenset({ConversationKind.START_PART1.value}),
                check=joint_start_planning_check,
            )
        )
        for section in conversation_section_entries():
            conversation_sections.register(section)
        nomination_sections.register(
            NominationSection(
                key="trainee.spot_talent",
                order=10,
                render=nomination_checklist,
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
        calendar_sources.register(
            CalendarSource(key="trainee.joint_start", order=25, events=joint_start_events)
        )
        privacy.register()  # what the app holds about a person, and how long
        from lederspor.trainee import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
