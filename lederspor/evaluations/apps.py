from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "lederspor.evaluations"
    label = "evaluations"
    verbose_name = _("Evalueringer")

    def ready(self) -> None:
        """Plug into the hub: a link from every cohort's page to its evaluations (for those who
        manage the cohort) and, on the programme page, the viewer's own evaluations that still wait
        for an answer. What the app holds about persons goes into the privacy registries
        (`evaluations.privacy`)."""
        from lederspor.evaluations import privacy

        privacy.register()
        from lederspor.evaluations.panels import enrolment_panel
        from lederspor.programmes.extensions import (
            CohortLink,
            EnrolmentSection,
            Region,
            cohort_links,
            enrolment_sections,
        )

        cohort_links.register(
            CohortLink(
                key="evaluations.cohort_list",
                order=90,
                label=_("Evalueringer"),
                url_name="evaluations:cohort_list",
                prominent=False,
            )
        )
        enrolment_sections.register(
            EnrolmentSection(
                key="evaluations.open", order=5, render=enrolment_panel, region=Region.MAIN
            )
        )
        from lederspor.evaluations import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
