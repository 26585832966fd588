"""The texts of trainee that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import INTRO, SUBJECT, Placeholder, editable_texts, mail_text


def register() -> None:
    """Register the joint start meeting mail's subject and intro as an editable text (issue #16
    §1; the subject's default is the meeting's calendar summary, `{emne}`)."""
    editable_texts.register(
        mail_text(
            key="mail.trainee.joint_start",
            order=60,
            title=_("Fælles opstartsmøde (ledertrainee)"),
            template="trainee/email/joint_start",
            description=_("Kalenderinvitationen til opstartssamtalens fælles første del."),
            fields=(SUBJECT, INTRO),
            placeholders=(
                Placeholder(
                    "emne",
                    "invitation.summary",
                    _("mødets titel i kalenderen"),
                    "Fælles opstartsmøde – Ledertrainee 2027",
                ),
            ),
        )
    )
