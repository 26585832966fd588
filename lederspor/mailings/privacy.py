"""What bulk mail holds about a person, for the privacy registries (issue #16 §3, issue #15 §2).

Registers in `privacy.registry.personal_data`:

- `mailings.mailings` (EMAIL): the mailings the person received (`MailingRecipient`: subject,
  date, sender; the mail itself is `notifications.emails`), and the mailings and templates they
  sent or created. Erasure deletes the received-rows and removes the person as sender/creator
  (the mailing's text stays for the cohort's history).

and in `privacy.registry.retention_rules`:

- `mailings.recipients`: who received a mailing is deleted 365 days after it was sent, like
  the outgoing mail (`notifications.emails`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.core.readlog import RecordKind
from lederspor.mailings.models import Mailing, MailingRecipient, MailTemplate
from lederspor.people.models import Person
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)


def export_mailings(person: Person) -> list[dict[str, Any]]:
    """The mailings `person` received (subject, date, sender, cohort), and the mailings and
    templates they sent or created (subject / name, date)."""
    received = (
        MailingRecipient.objects.filter(person=person)
        .select_related("mailing__created_by", "mailing__cohort")
        .order_by("pk")
    )
    result = [
        {"record": "mailing_received", **item}
        for item in records(
            received,
            [
                "mailing.subject",
                "created_at",
                "mailing.created_by.full_name",
                "mailing.cohort.name",
            ],
        )
    ]
    result += [
        {"record": "mailing_sent", **item}
        for item in records(
            Mailing.objects.filter(created_by=person).order_by("pk"),
            ["subject", "created_at", "selection_label", "recipient_count"],
        )
    ]
    result += [
        {"record": "mail_template_created", **item}
        for item in records(
            MailTemplate.objects.filter(created_by=person).order_by("pk"), ["name", "created_at"]
        )
    ]
    return result


def erase_mailings(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the record of the mailings the person received; remove them as the sender of
    mailings and the creator of templates (the texts stay)."""
    received = MailingRecipient.objects.filter(person=person)
    sent = Mailing.objects.filter(created_by=person)
    created = MailTemplate.objects.filter(created_by=person)
    lines = [
        ErasureLine(_("Modtagne fællesmails"), received.count(), Action.DELETE),
        ErasureLine(
            _("Fællesmails sendt af personen (navnet fjernes)"), sent.count(), Action.ANONYMISE
        ),
        ErasureLine(
            _("Mailskabeloner oprettet af personen (navnet fjernes)"),
            created.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        received.delete()
        sent.update(created_by=None)
        created.update(created_by=None)
    return lines


def expire_recipients(cutoff: dt.datetime, apply: bool) -> int:
    """Delete who received mailings sent before `cutoff`. Idempotent."""
    old = MailingRecipient.objects.filter(created_at__lt=cutoff)
    count = old.count()
    if apply and count:
        old.delete()
    return count


def register() -> None:
    """Register bulk mail's entries (called once from `MailingsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="mailings.mailings",
            order=75,
            label=_("Fællesmails"),
            kind=RecordKind.EMAIL,
            models=(MailingRecipient, Mailing, MailTemplate),
            export=export_mailings,
            erase=erase_mailings,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="mailings.recipients",
            order=75,
            label=_("Modtagere af fællesmails"),
            kind=RecordKind.EMAIL,
            default_days=365,
            reason=_(
                "Hvem der fik en fællesmail, bruges til at svare på spørgsmål om den; efter et "
                "år slettes det ligesom de udgående e-mails. Mailens tekst bevares på holdet."
            ),
            expire=expire_recipients,
        )
    )
