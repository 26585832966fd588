from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupingConfig(AppConfig):
    name = "lederspor.grouping"
    label = "grouping"
    verbose_name = _("Netværksgrupper")

    def ready(self) -> None:
        """Plug into the hub: the participant's network group on the programme page."""
        from lederspor.grouping.panels import enrolment_panel
        from lederspor.programmes.extensions import (
            EnrolmentSection,
            Region,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.models import ProgrammeKind

        enrolment_sections.register(
            EnrolmentSection(
                key="grouping.my_group",
                order=10,
                render=enrolment_panel,
                region=Region.BELOW,
                kinds=kinds(ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION),
            )
        )
