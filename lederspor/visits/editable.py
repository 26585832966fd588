"""The texts of visits that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import SUBJECT, Placeholder, editable_texts, mail_text


def register() -> None:
    """Register the wrap-up mail's subject and intro and the partner mail's subject as editable
    texts (issue #16 §1)."""
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
    editable_texts.register(
        mail_text(
            key="mail.visits.partner",
            order=45,
            title=_("Din makker til jobbesøg"),
            template="visits/email/partner",
            description=_("Sendes til besøgsparret, når konsulenten har dannet parrene."),
            fields=(SUBJECT,),
        )
    )
