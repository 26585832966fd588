from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "lederspor.privacy"
    label = "privacy"
    verbose_name = _("Databeskyttelse")

    def ready(self) -> None:
        from lederspor.people.extensions import PersonSection, RoleFlag, person_sections, role_flags
        from lederspor.people.roles import permission_exists
        from lederspor.privacy import sources
        from lederspor.privacy.access import DATA_PROTECTION_PERMISSION, ROLE_FLAG
        from lederspor.privacy.views import render_person_section

        sources.register()
        # the "Databeskyttelse" section of a person's HR page, for the data-protection role
        person_sections.register(
            PersonSection(key="privacy.person", order=90, render=render_person_section)
        )
        # the data-protection role, worked out with the roles in one query (issue #17 §1)
        role_flags.register(
            RoleFlag(
                key=ROLE_FLAG,
                order=10,
                exists=lambda person, user: permission_exists(
                    DATA_PROTECTION_PERMISSION, user=user
                ),
            )
        )
