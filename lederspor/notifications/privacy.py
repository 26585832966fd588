"""What the notifications app holds about a person, for the privacy registries
(docs/privacy.md).

Registers in `privacy.registry.personal_data`: `notifications.emails` — the e-mails Lederspor
sent or will send to the person (`OutgoingEmail`): exported with subject, status, times and
the text while it is kept; deleted on erasure (a mail still queued is not sent).

`notifications.calendar_feeds` — the person's calendar feed addresses (`CalendarFeedToken`,
issue #16 §3): exported with created, last read and revoked times (never the hash); deleted
on erasure (the feed stops at once);

and in `privacy.registry.retention_rules`:
- `notifications.email_bodies` (30 days after delivery): the text, HTML, calendar part and
  attachment references of sent mails are blanked (`services.expire_email_bodies`); the
  subject, recipient and times stay for the e-mail page;
- `notifications.emails` (365 days after creation): sent and failed mails are deleted
  (`services.delete_emails`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.notifications.models import CalendarFeedToken, OutgoingEmail
from lederspor.notifications.services import delete_emails, expire_email_bodies
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)


def emails_export(person: Person) -> list[dict[str, Any]]:
    """The mails to `person`, oldest first: created, subject, status (Danish), sent, text (empty
    once the body's retention period has passed)."""
    mails = OutgoingEmail.objects.filter(recipient=person).order_by("created_at", "pk")
    return records(mails, ["created_at", "to_address", "subject", "status", "sent_at", "body"])


def emails_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete every mail to `person` (with apply=False: count them)."""
    mails = OutgoingEmail.objects.filter(recipient=person)
    count = mails.count()
    if apply and count:
        mails.delete()
    return [ErasureLine(_("E-mails til personen"), count, Action.DELETE)]


def calendar_feeds_export(person: Person) -> list[dict[str, Any]]:
    """The person's feed addresses, oldest first: created, prefix, last read, revoked."""
    tokens = CalendarFeedToken.objects.filter(person=person).order_by("created_at", "pk")
    return records(tokens, ["created_at", "prefix", "last_used_at", "revoked_at"])


def calendar_feeds_erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete every feed address of `person` (with apply=False: count them)."""
    tokens = CalendarFeedToken.objects.filter(person=person)
    count = tokens.count()
    if apply and count:
        tokens.delete()
    return [ErasureLine(_("Kalenderabonnementer"), count, Action.DELETE)]


def _expire_bodies(cutoff: dt.datetime, apply: bool) -> int:
    return expire_email_bodies(delivered_before=cutoff, dry_run=not apply)


def _expire_emails(cutoff: dt.datetime, apply: bool) -> int:
    return delete_emails(created_before=cutoff, dry_run=not apply)


def register() -> None:
    """Register the app's entries (called once from `NotificationsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="notifications.emails",
            order=800,
            label=_("E-mails"),
            kind=RecordKind.EMAIL,
            models=(OutgoingEmail,),
            export=emails_export,
            erase=emails_erase,
        )
    )
    personal_data.register(
        PersonalData(
            key="notifications.calendar_feeds",
            order=810,
            label=_("Kalenderabonnementer"),
            kind=RecordKind.ACCOUNT,
            models=(CalendarFeedToken,),
            export=calendar_feeds_export,
            erase=calendar_feeds_erase,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="notifications.email_bodies",
            order=800,
            label=_("Teksten i sendte e-mails"),
            kind=RecordKind.EMAIL,
            default_days=30,
            reason=_(
                "Teksten kan gengive indhold fra forløbet; når e-mailen er leveret, er formålet "
                "opfyldt. Emne, modtager og tidspunkter bevares til e-mailsiden."
            ),
            expire=_expire_bodies,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="notifications.emails",
            order=810,
            label=_("Sendte og fejlede e-mails"),
            kind=RecordKind.EMAIL,
            default_days=365,
            reason=_(
                "Dokumentation af, hvad Lederspor har sendt til hvem, til opfølgning på "
                "henvendelser; derefter slettes e-mailen."
            ),
            expire=_expire_emails,
        )
    )
