from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "lederspor.visits"
    label = "visits"
    verbose_name = _("Jobbesøg")

    def ready(self) -> None:
        """Plug into the hub: the job-visit section on the programme page."""
        from lederspor.programmes.extensions import EnrolmentSection, enrolment_sections, kinds
        from lederspor.programmes.models import ProgrammeKind
        from lederspor.visits.panels import enrolment_panel

        enrolment_sections.register(
            EnrolmentSection(
                key="visits.job_visit",
                order=5,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.JOB_VISIT),
            )
        )
