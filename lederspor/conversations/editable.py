"""The texts of conversations that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.conversations.content import HOST_LETTER_TEXT, host_letter_defaults
from lederspor.texts.registry import (
    INTRO,
    SUBJECT,
    EditableText,
    Placeholder,
    TextField,
    TextKind,
    editable_texts,
    mail_text,
)

#: the conversation's calendar summary (kind and participant, as its subject shows it today)
SUMMARY = Placeholder(
    "emne", "invitation.summary", _("samtalen (art og deltager)"), "Startsamtale – Anna Jensen"
)


def register() -> None:
    """Register the letter to the host (seed 002 §4; its default from the conversation templates'
    content file) and the subject and intro of its mails: "not registered as held", the
    invitation to a conversation (new, changed, cancelled) and the reminder of an agreed action's
    deadline (today, overdue; the action's text stays private and is no placeholder) (issue #16 §1).
    """
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
    editable_texts.register(
        mail_text(
            key="mail.conversations.invitation",
            order=21,
            title=_("Indkaldelse til samtale"),
            template="conversations/email/invitation",
            description=_(
                "Kalenderinvitationen til en samtale; også når den flyttes, ændres eller aflyses."
            ),
            fields=(
                SUBJECT,
                TextField("subject_changed", _("Emnelinje, når samtalen er ændret"), subject=True),
                TextField(
                    "subject_cancelled", _("Emnelinje, når samtalen er aflyst"), subject=True
                ),
                INTRO,
                TextField("intro_changed", _("Indledning, når samtalen er ændret")),
                TextField("intro_cancelled", _("Indledning, når samtalen er aflyst")),
            ),
            placeholders=(SUMMARY,),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.conversations.action_due",
            order=22,
            title=_("Påmindelse om en aftales frist"),
            template="conversations/email/action_due",
            description=_(
                "Sendes på fristen for en aftale fra en samtale, og når fristen er overskredet."
            ),
            fields=(
                SUBJECT,
                TextField(
                    "subject_overdue", _("Emnelinje, når fristen er overskredet"), subject=True
                ),
                INTRO,
                TextField("intro_overdue", _("Indledning, når fristen er overskredet")),
            ),
            placeholders=(
                Placeholder(
                    "fristdag",
                    "action.due_on",
                    _("fristens dag (dag og måned)"),
                    "1. marts",
                    date_format="MONTH_DAY_FORMAT",
                ),
                Placeholder(
                    "frist",
                    "action.due_on",
                    _("fristens dato"),
                    "1. marts 2027",
                    date_format="DATE_FORMAT",
                ),
                Placeholder(
                    "afholdt",
                    "held_on",
                    _("dagen, samtalen blev holdt"),
                    "1. februar 2027",
                    date_format="DATE_FORMAT",
                ),
                Placeholder("samtale", "kind", _("samtalens art"), "Startsamtale"),
                Placeholder(
                    "deltager", "participant.full_name", _("deltagerens navn"), "Anna Jensen"
                ),
            ),
        )
    )
