"""The texts of evaluations that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import (
    INTRO,
    SUBJECT,
    Placeholder,
    TextField,
    editable_texts,
    mail_text,
)

#: the names in an evaluation mail (the subject names the programme and, for a session, its theme)
PLACEHOLDERS = (
    Placeholder("forløb", "cohort.programme.name", _("forløbets navn"), "Lederaspirant"),
    Placeholder("hold", "cohort.name", _("holdets navn"), "Aspirant 2027"),
    Placeholder("tema", "session.theme", _("mødegangens tema"), "Netværksmøde om feedback"),
)
#: the subject of an evaluation of the whole programme (not of one session)
SUBJECT_PROGRAMME = TextField(
    "subject_programme", _("Emnelinje, når hele forløbet evalueres"), subject=True
)


def register() -> None:
    """Register the subject and intro of the evaluation invitation and its reminder as editable
    texts (issue #16 §1); each has a subject for a session's evaluation and one for the whole
    programme's."""
    editable_texts.register(
        mail_text(
            key="mail.evaluations.invitation",
            order=34,
            title=_("Invitation til evaluering"),
            template="evaluations/email/invitation",
            description=_("Sendes til deltagerne, når en evaluering åbner."),
            fields=(
                SUBJECT,
                SUBJECT_PROGRAMME,
                INTRO,
                TextField("intro_programme", _("Indledning, når hele forløbet evalueres")),
            ),
            placeholders=PLACEHOLDERS,
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.evaluations.reminder",
            order=35,
            title=_("Påmindelse om evaluering"),
            template="evaluations/email/reminder",
            description=_("Sendes til dem, der endnu ikke har besvaret en evaluering."),
            fields=(SUBJECT, SUBJECT_PROGRAMME, INTRO),
            placeholders=PLACEHOLDERS,
        )
    )
