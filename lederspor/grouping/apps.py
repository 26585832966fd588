from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupingConfig(AppConfig):
    name = "lederspor.grouping"
    label = "grouping"
    verbose_name = _("Netværksgrupper")

    def ready(self) -> None:
        """Plug into the hub: the participant's network group on the programme page and the
        consultants' link from the cohort page to the grouping rounds. What the app holds about
        persons goes into the privacy registries (`grouping.privacy`)."""
        from lederspor.grouping import privacy

        privacy.register()
        from lederspor.grouping.panels import enrolment_panel
        from lederspor.grouping.services import NETWORK_GROUP_PROGRAMMES
        from lederspor.programmes.extensions import (
            CohortLink,
            EnrolmentSection,
            Region,
            cohort_links,
            enrolment_sections,
            kinds,
        )

        cohort_links.register(
            CohortLink(
                key="grouping.rounds",
                order=20,
                label=_("Netværksgrupper"),
                url_name="grouping:round_list",
                kinds=kinds(*NETWORK_GROUP_PROGRAMMES),
                prominent=False,
            )
        )
        enrolment_sections.register(
            EnrolmentSection(
                key="grouping.my_group",
                order=10,
                render=enrolment_panel,
                region=Region.BELOW,
                kinds=kinds(*NETWORK_GROUP_PROGRAMMES),
            )
        )
        from lederspor.grouping import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
