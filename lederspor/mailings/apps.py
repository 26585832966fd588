from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "lederspor.mailings"
    label = "mailings"
    verbose_name = _("Fællesmails")

    def ready(self) -> None:
        """Plug into the hub (issue #16 §3): "Send mail til holdet" on every cohort's page (for
        those who manage it), the mailings a person received on their HR page, and what the
        app holds about persons in the privacy registries (`mailings.privacy`)."""
        from lederspor.mailings import pickers, privacy

        pickers.register()  # the unit filter searched as you type (issue #17 §1)
        from lederspor.mailings.panels import person_section
        from lederspor.people.extensions import PersonSection, person_sections
        from lederspor.programmes.extensions import CohortLink, cohort_links

        privacy.register()
        cohort_links.register(
            CohortLink(
                key="mailings.cohort_list",
                order=95,
                label=_("Send mail til holdet"),
                url_name="mailings:cohort_list",
                prominent=False,
            )
        )
        person_sections.register(
            PersonSection(key="mailings.received", order=40, render=person_section)
        )
