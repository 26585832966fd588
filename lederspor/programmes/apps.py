from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ProgrammesConfig(AppConfig):
    name = "lederspor.programmes"
    label = "programmes"
    verbose_name = pgettext_lazy("programme list", "Forløb")

    def ready(self) -> None:
        """The hub registers its own sessions timeline like any feature's section, and what it
        holds about persons in the privacy registries (`programmes.privacy`), its sessions on
        the calendars (`calendar_events.session_events`) and a person's programme history on
        HR's person page (issue #16 §3), and its mails' texts HR staff edit on the "Tekster"
        page (`programmes.editable`, issue #16 §1), and the mail to the consultants when a full
        organisation load deactivates participants (`programmes.deactivated`, issue #17 §2)."""
        from lederspor.programmes import editable, privacy
        from lederspor.programmes.calendar_events import session_events
        from lederspor.programmes.extensions import (
            CalendarSource,
            EnrolmentSection,
            Region,
            calendar_sources,
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
        calendar_sources.register(
            CalendarSource(key="programmes.sessions", order=10, events=session_events)
        )
        from lederspor.programmes import pickers

        pickers.register()  # the cohort's consultants searched as you type (issue #17 §1)
        # the person's programme history on HR's person page (issue #16 §3)
        from lederspor.people.extensions import person_sections
        from lederspor.programmes.history import PERSON_HISTORY_SECTION

        person_sections.register(PERSON_HISTORY_SECTION)
        # a full organisation load tells the consultants whose participants went (issue #17 §2)
        from lederspor.people.extensions import persons_deactivated
        from lederspor.programmes.deactivated import PERSONS_DEACTIVATED_HOOK

        persons_deactivated.register(PERSONS_DEACTIVATED_HOOK)
        privacy.register()
        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
