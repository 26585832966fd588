"""The texts of accounts that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import editable_texts, mail_text


def register() -> None:
    """Register the invitation mail's subject and intro as an editable text (issue #16 §1)."""
    editable_texts.register(
        mail_text(
            key="mail.accounts.invitation",
            order=10,
            title=_("Invitation til Lederspor"),
            template="accounts/email/invitation",
            description=_("Sendes, når HR inviterer en person til at vælge en adgangskode."),
        )
    )
