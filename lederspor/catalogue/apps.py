from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "lederspor.catalogue"
    label = "catalogue"
    verbose_name = _("Opgavekatalog")

    def ready(self) -> None:
        """Plug into the hub: next steps and practice tasks on the programme page."""
        from lederspor.catalogue.panels import enrolment_panel
        from lederspor.programmes.extensions import EnrolmentSection, enrolment_sections, kinds
        from lederspor.programmes.models import ProgrammeKind

        enrolment_sections.register(
            EnrolmentSection(
                key="catalogue.tasks",
                order=60,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.ASPIRANT),
            )
        )
