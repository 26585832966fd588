from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LogbookConfig(AppConfig):
    name = "lederspor.logbook"
    label = "logbook"
    verbose_name = _("Logbog")

    def ready(self) -> None:
        """Plug into the hub (the logbook section on the programme page) and into conversations
        (the entries shared with the nearest leader beside a conversation with them)."""
        from lederspor.conversations.extensions import ConversationSection, conversation_sections
        from lederspor.conversations.selectors import LEADER_KINDS
        from lederspor.logbook import privacy
        from lederspor.logbook.panels import conversation_section, enrolment_panel
        from lederspor.programmes.extensions import EnrolmentSection, enrolment_sections, kinds
        from lederspor.programmes.models import ProgrammeKind

        conversation_sections.register(
            ConversationSection(
                key="logbook.shared_with_leader",
                order=10,
                kinds=frozenset(LEADER_KINDS),
                render=conversation_section,
            )
        )
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
        privacy.register()  # what the app holds about a person, and how long
