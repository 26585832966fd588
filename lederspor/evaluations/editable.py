"""The texts of evaluations that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import INTRO, editable_texts, mail_text


def register() -> None:
    """Register the evaluation reminder's first paragraph as an editable text (issue #16 §1;
    its subject names the programme and session and stays in the template)."""
    editable_texts.register(
        mail_text(
            key="mail.evaluations.reminder",
            order=35,
            title=_("Påmindelse om evaluering"),
            template="evaluations/email/reminder",
            description=_("Sendes til dem, der endnu ikke har besvaret en evaluering."),
            fields=(INTRO,),
        )
    )
