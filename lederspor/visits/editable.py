"""The texts of visits that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import Placeholder, editable_texts, mail_text


def register() -> None:
    """Register the wrap-up mail's subject and intro as an editable text (issue #16 §1)."""
    editable_texts.register(
        mail_text(
            key="mail.visits.wrap_up",
            order=50,
            title=_("Fælles opsamling på jobbesøg"),
            template="visits/email/wrap_up",
            description=_("Sendes til to besøgspar og konsulenterne, når opsamlingen er booket."),
            placeholders=(
                Placeholder("sted", "group.place", _("opsamlingens sted"), sample="Mødelokale 2"),
            ),
        )
    )
