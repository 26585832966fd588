from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "lederspor.conversations"
    label = "conversations"
    verbose_name = _("Samtaler")

    def ready(self) -> None:
        """Plug into the hub: the conversations section on the programme page; and into the
        privacy floor: what conversations hold about a person and how long (`privacy`)."""
        from lederspor.conversations import pickers, privacy

        pickers.register()  # the career host searched as you type (issue #17 §1)
        from lederspor.conversations.calendar_events import conversation_events
        from lederspor.conversations.panels import enrolment_panel
        from lederspor.programmes.extensions import (
            CalendarSource,
            EnrolmentSection,
            calendar_sources,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.models import ProgrammeKind

        enrolment_sections.register(
            EnrolmentSection(
                key="conversations.list",
                order=30,
                render=enrolment_panel,
                kinds=kinds(
                    ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION, ProgrammeKind.TRAINEE
                ),
            )
        )
        calendar_sources.register(
            CalendarSource(key="conversations.conversations", order=20, events=conversation_events)
        )
        privacy.register()
        from lederspor.conversations import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
