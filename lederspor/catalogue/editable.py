"""The texts of the task catalogue that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import (
    INTRO,
    SUBJECT,
    Placeholder,
    TextField,
    editable_texts,
    mail_text,
)

#: the participant's name (in every task mail, its subject included)
PARTICIPANT = Placeholder("deltager", "participant.full_name", _("deltagerens navn"), "Anna Jensen")
#: the task's title (bodies only: the subjects name no task)
TASK = Placeholder("opgave", "assignment.title", _("opgavens titel"), "Ny vagtplan i hjemmeplejen")
#: who proposed or agreed the task, and in which role
ACTOR = Placeholder("af", "actor.full_name", _("hvem der gjorde det"), "Lars Holm")
ROLE = Placeholder("rolle", "role", _("personens rolle"), "nærmeste leder")
#: the first paragraph when the system (no person) did it
INTRO_WITHOUT_ACTOR = TextField(
    "intro_without_actor", _("Indledning, når ingen bestemt person stod for det")
)


def register() -> None:
    """Register the subject and intro of the four practice-task mails (proposed, agreed, to the
    host, confirmed by the host) as editable texts (issue #16 §1)."""
    editable_texts.register(
        mail_text(
            key="mail.catalogue.task_proposed",
            order=30,
            title=_("Ny praksisopgave foreslået"),
            template="catalogue/email/task_proposed",
            description=_("Sendes til deltageren og de andre parter, når en opgave er foreslået."),
            fields=(SUBJECT, INTRO, INTRO_WITHOUT_ACTOR),
            placeholders=(PARTICIPANT, TASK, ACTOR, ROLE),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.catalogue.task_agreed",
            order=31,
            title=_("Praksisopgave aftalt"),
            template="catalogue/email/task_agreed",
            description=_("Sendes til deltageren og de andre parter, når en opgave er aftalt."),
            fields=(SUBJECT, INTRO, INTRO_WITHOUT_ACTOR),
            placeholders=(PARTICIPANT, TASK, ACTOR, ROLE),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.catalogue.task_host_confirm",
            order=32,
            title=_("Bekræft en praksisopgave (til værten)"),
            template="catalogue/email/task_host_confirm",
            description=_("Sendes til værten, der skal bekræfte aftalen om en praksisopgave."),
            placeholders=(PARTICIPANT, TASK),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.catalogue.task_host_confirmed",
            order=33,
            title=_("Værten har bekræftet en praksisopgave"),
            template="catalogue/email/task_host_confirmed",
            description=_("Sendes til deltageren og lederen, når værten har bekræftet aftalen."),
            placeholders=(
                PARTICIPANT,
                TASK,
                Placeholder("vært", "actor.full_name", _("værtens navn"), "Lars Holm"),
            ),
        )
    )
