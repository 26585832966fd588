"""The texts of grouping that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import Placeholder, editable_texts, mail_text


def register() -> None:
    """Register the published-group mail's subject and intro as an editable text (issue #16 §1)."""
    editable_texts.register(
        mail_text(
            key="mail.grouping.published",
            order=40,
            title=_("Din netværksgruppe"),
            template="grouping/email/published",
            description=_("Sendes til deltagerne, når konsulenten offentliggør netværksgrupperne."),
            placeholders=(
                Placeholder("hold", "cohort.name", _("holdets navn"), sample="Aspirant 2027"),
                Placeholder("gruppe", "group.name", _("gruppens navn"), sample="Gruppe 2"),
            ),
        )
    )
