from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ProgrammesConfig(AppConfig):
    name = "lederspor.programmes"
    label = "programmes"
    verbose_name = pgettext_lazy("programme list", "Forløb")

    def ready(self) -> None:
        """The hub registers its own sessions timeline like any feature's section, and what it
        holds about persons in the privacy registries (`programmes.privacy`); and a person's
        programme history on HR's person page."""
        from lederspor.programmes import privacy
        from lederspor.programmes.extensions import (
            EnrolmentSection,
            Region,
            enrolment_sections,
        )
        from lederspor.programmes.models import PROGRAMMES_WITHOUT_SESSIONS, ProgrammeKind
        from lederspor.programmes.panels import sessions_panel

        enrolment_sections.register(
            EnrolmentSection(
                key="programmes.sessions",
                order=10,
                render=sessions_panel,
                region=Region.ASIDE,
                kinds=frozenset(ProgrammeKind.values) - PROGRAMMES_WITHOUT_SESSIONS,
            )
        )
        # the person's programme history on HR's person page (issue #16 §3)
        from lederspor.people.extensions import person_sections
        from lederspor.programmes.history import PERSON_HISTORY_SECTION

        person_sections.register(PERSON_HISTORY_SECTION)
        privacy.register()
