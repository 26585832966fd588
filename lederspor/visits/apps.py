from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "lederspor.visits"
    label = "visits"
    verbose_name = _("Jobbesøg")

    def ready(self) -> None:
        """Plug into the hub: the job-visit section on the programme page and the link from the
        cohort page to the cohort's job visits."""
        from lederspor.programmes.extensions import (
            CalendarSource,
            CohortLink,
            EnrolmentSection,
            calendar_sources,
            cohort_links,
            enrolment_sections,
            kinds,
        )
        from lederspor.programmes.models import ProgrammeKind
        from lederspor.visits import privacy
        from lederspor.visits.calendar_events import wrap_up_events
        from lederspor.visits.panels import enrolment_panel

        cohort_links.register(
            CohortLink(
                key="visits.cohort_overview",
                order=10,
                label=_("Gå til holdets jobbesøg – par, besøg og opsamling"),
                url_name="visits:cohort_overview",
                kinds=kinds(ProgrammeKind.JOB_VISIT),
            )
        )
        enrolment_sections.register(
            EnrolmentSection(
                key="visits.job_visit",
                order=5,
                render=enrolment_panel,
                kinds=kinds(ProgrammeKind.JOB_VISIT),
            )
        )
        calendar_sources.register(
            CalendarSource(key="visits.wrap_ups", order=30, events=wrap_up_events)
        )
        privacy.register()  # what the app holds about a person, and how long
        from lederspor.visits import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
