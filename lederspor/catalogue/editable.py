"""The texts of the task catalogue that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import SUBJECT, Placeholder, editable_texts, mail_text


def register() -> None:
    """Register the proposed-task mail's subject as an editable text (issue #16 §1)."""
    editable_texts.register(
        mail_text(
            key="mail.catalogue.task_proposed",
            order=30,
            title=_("Ny praksisopgave foreslået"),
            template="catalogue/email/task_proposed",
            description=_("Sendes til deltageren og de andre parter, når en opgave er foreslået."),
            fields=(SUBJECT,),
            placeholders=(
                Placeholder(
                    "deltager", "participant.full_name", _("deltagerens navn"), "Anna Jensen"
                ),
            ),
        )
    )
