"""The texts of conversations that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.conversations.content import HOST_LETTER_TEXT, host_letter_defaults
from lederspor.texts.registry import (
    EditableText,
    Placeholder,
    TextField,
    TextKind,
    editable_texts,
    mail_text,
)


def register() -> None:
    """Register the letter to the host (seed 002 §4; its default from the conversation templates'
    content file) and the "not registered as held" mail (issue #16 §1)."""
    editable_texts.register(
        EditableText(
            key=HOST_LETTER_TEXT,
            order=100,
            area=_("Leder på spring"),
            title=_("Brev til værten om karrieresamtalen"),
            kind=TextKind.LETTER,
            fields=(
                TextField("element", _("Forløbet og samtalen")),
                TextField("purpose", _("Formålet med samtalen")),
                TextField("preparation", _("Forberedelse")),
                TextField("confidentiality", _("Fortrolighed")),
                TextField("introduction", _("Værtens fortælling")),
            ),
            default=host_letter_defaults,
            placeholders=(
                Placeholder(
                    "deltager", "participant.full_name", _("deltagerens navn"), "Anna Jensen"
                ),
                Placeholder(
                    "deltager_fornavn", "participant.first_name", _("deltagerens fornavn"), "Anna"
                ),
            ),
            description=_(
                "Brevet (PDF), deltageren giver værten før karrieresamtalen (seed 002 §4)."
            ),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.conversations.not_held",
            order=20,
            title=_("Samtale ikke registreret som afholdt"),
            template="conversations/email/not_held",
            description=_(
                "Påmindelse til den, der skal registrere en samtale, der ikke er markeret afholdt."
            ),
            placeholders=(
                Placeholder(
                    "samtale", "conversation.get_kind_display", _("samtalens art"), "Startsamtale"
                ),
                Placeholder(
                    "deltager", "participant.full_name", _("deltagerens navn"), "Anna Jensen"
                ),
            ),
        )
    )
