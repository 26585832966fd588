"""The texts of accounts that HR staff edit on the "Tekster" page (lederspor.texts)."""

from django.utils.translation import gettext_lazy as _

from lederspor.texts.registry import Placeholder, editable_texts, mail_text


def register() -> None:
    """Register the subject and intro of the sign-in mails (invitation, password reset, password
    changed) as editable texts (issue #16 §1: HR edits the mail texts)."""
    editable_texts.register(
        mail_text(
            key="mail.accounts.invitation",
            order=10,
            title=_("Invitation til Lederspor"),
            template="accounts/email/invitation",
            description=_("Sendes, når HR inviterer en person til at vælge en adgangskode."),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.accounts.password_reset",
            order=11,
            title=_("Nulstil adgangskode"),
            template="accounts/email/password_reset",
            description=_("Sendes, når nogen beder om at nulstille adgangskoden til et login."),
        )
    )
    editable_texts.register(
        mail_text(
            key="mail.accounts.password_changed",
            order=12,
            title=_("Adgangskoden er ændret"),
            template="accounts/email/password_changed",
            description=_("Kvittering til personen, når adgangskoden til Lederspor er ændret."),
            placeholders=(
                Placeholder(
                    "tidspunkt",
                    "changed_at",
                    _("hvornår adgangskoden blev ændret"),
                    "1. marts 2027 kl. 14:30",
                    date_format="DATETIME_FORMAT",
                ),
            ),
        )
    )
