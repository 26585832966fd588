from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lederspor.privacy"
    label = "privacy"
    verbose_name = _("Databeskyttelse")

    def ready(self) -> None:
        from lederspor.people.extensions import PersonSection, person_sections
        from lederspor.privacy import sources
        from lederspor.privacy.views import render_person_section

        sources.register()
        # the "Databeskyttelse" section of a person's HR page, for the data-protection role
        person_sections.register(
            PersonSection(key="privacy.person", order=90, render=render_person_section)
        )
