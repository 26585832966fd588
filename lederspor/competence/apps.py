from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "lederspor.competence"
    label = "competence"
    verbose_name = _("Kompetenceudvikling")

    def ready(self) -> None:
        """Plug into the kørekort pages: a review opened from a plan returns to the plan, and
        the pages quote seed 004's kørekort box from method.toml. What the
        app holds about persons goes into the privacy registries (`competence.privacy`)."""
        from lederspor.competence import pickers, privacy

        pickers.register()  # a plan's unit searched as you type (issue #17 §1)

        privacy.register()
        from lederspor.competence.hooks import licence_method_text, plan_review_origin
        from lederspor.licences.hooks import register_licence_method_text, register_review_origin

        register_review_origin("plan", plan_review_origin)
        register_licence_method_text("competence.seed004", licence_method_text)
        from lederspor.competence import editable

        editable.register()  # its texts HR staff edit on the "Tekster" page (issue #16 §1)
