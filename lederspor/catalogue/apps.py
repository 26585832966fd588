from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "lederspor.catalogue"
    label = "catalogue"
    verbose_name = _("Opgavekatalog")

    def ready(self) -> None:
        """Plug into the hub: next steps and practice tasks on the programme page, the tasks per
        status in the cohort's progress matrix, and a link to the cohort's task list. What the app
        holds about persons goes into the privacy registries (`catalogue.privacy`)."""
        from lederspor.catalogue import privacy

        privacy.register()
        from lederspor.catalogue.panels import enrolment_panel, progress_columns
        from lederspor.programmes.extensions import (
            CohortLink,
            EnrolmentSection,
            ProgressProvider,
            cohort_links,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.extensions import progress_columns as providers
        from lederspor.programmes.models import ProgrammeKind

        providers.register(
            ProgressProvider(
                key="catalogue.tasks",
                order=10,
                build=progress_columns,
                kinds=kinds(ProgrammeKind.ASPIRANT),
            )
        )
        cohort_links.register(
            CohortLink(
                key="catalogue.cohort_tasks",
                order=30,
                label=_("Praksisopgaver"),
                url_name="catalogue:cohort_tasks",
                kinds=kinds(ProgrammeKind.ASPIRANT),
                prominent=False,
            )
        )
        enrolment_sections.register(
            EnrolmentSection(
                key="catalogue.tasks",
                order=60,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.ASPIRANT),
            )
        )
        from lederspor.catalogue import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
        from lederspor.catalogue import pickers

        pickers.register()  # the task host searched as you type (issue #17 §1)
