"""Writes for bulk mail (issue #16 §3): mail templates (versioned) and sending a mailing.

A mailing is sent once: `mailing_send` creates the `Mailing` for the preview's token in one
transaction with a `MailingRecipient` and a queued `notifications.OutgoingEmail` per recipient;
the worker delivers them after the commit. Posting the same preview again returns the mailing
already made and queues nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.mailings import merge
from lederspor.mailings.audit import MailingAction
from lederspor.mailings.models import Mailing, MailingRecipient, MailTemplate
from lederspor.mailings.selectors import Recipient, RecipientList, Selection, merge_values
from lederspor.notifications.services import email_send
from lederspor.people.models import Person

#: the kind of the queued mails (`OutgoingEmail.kind`)
EMAIL_KIND = "mailings.mailing"
#: the mail trio every mailing is rendered through (subject and text filled in beforehand)
EMAIL_TEMPLATE = "mailings/email/mailing"


def _check_text(*, subject: str, body: str) -> None:
    """Raise ValidationError on the field that is empty or has a bad merge field."""
    errors: dict[str, list[ValidationError]] = {}
    for name, text in (("subject", subject), ("body", body)):
        if not text.strip():
            errors[name] = [ValidationError(_("Skriv en tekst her."), code="required")]
            continue
        try:
            merge.check(text)
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def template_create(
    *, name: str, subject: str, body: str, by: Person | None, actor: User
) -> MailTemplate:
    """Create a mail template (`name` unique). Raises ValidationError on an empty or taken
    name, an empty subject or text, or an unknown merge field (`merge.check`). Records
    `MailingAction.TEMPLATE_CREATE`."""
    _check_text(subject=subject, body=body)
    template = MailTemplate(name=name.strip(), subject=subject.strip(), body=body, created_by=by)
    template.full_clean()
    template.save()
    audit_record(
        actor=actor, action=MailingAction.TEMPLATE_CREATE, obj=template, summary=template.name
    )
    return template


@transaction.atomic
def template_update(
    *,
    template: MailTemplate,
    expected_version: int,
    name: str,
    subject: str,
    body: str,
    actor: User,
) -> MailTemplate:
    """Change a mail template. Raises ConcurrentEditError (409) when someone saved it since
    `expected_version`, ValidationError like `template_create`. Records
    `MailingAction.TEMPLATE_EDIT`."""
    _check_text(subject=subject, body=body)
    locked = lock_version(template, expected_version)
    locked.name, locked.subject, locked.body = name.strip(), subject.strip(), body
    locked.full_clean()
    locked.save(update_fields=["name", "subject", "body", "version", "updated_at"])
    audit_record(actor=actor, action=MailingAction.TEMPLATE_EDIT, obj=locked, summary=locked.name)
    return locked


def mailing_send(
    *,
    token: uuid.UUID,
    selection: Selection,
    recipients: RecipientList,
    subject: str,
    body: str,
    template: MailTemplate | None,
    by: Person | None,
    actor: User,
) -> tuple[Mailing, bool]:
    """Send a bulk mail: one queued mail per recipient of `recipients` (built from
    `selection` by `selectors.recipient_list`), with the merge fields filled in for each in
    their own language. Returns (mailing, created): `created` is False when a mailing with
    `token` (the preview's) exists already, which is returned as it is and nothing is queued
    (a double submit).

    Raises ValidationError for an empty subject or text, an unknown merge field, or no
    recipients. Records `MailingAction.MAILING_SEND` with the recipient count (no text: the
    subject is the consultant's and is kept on the mailing). Source: issue #16 §3.
    """
    existing = Mailing.objects.filter(token=token).first()
    if existing is not None:
        return existing, False
    _check_text(subject=subject, body=body)
    if not recipients.recipients:
        raise ValidationError(
            _("Udvalget har ingen modtagere med en e-mailadresse. Vælg et andet udvalg."),
            code="no_recipients",
        )
    try:
        with transaction.atomic():
            mailing = _mailing_create(
                token=token,
                selection=selection,
                recipients=recipients,
                subject=subject,
                body=body,
                template=template,
                by=by,
                actor=actor,
            )
    except IntegrityError:
        # the same preview was sent at the same moment by a second request, which won
        return Mailing.objects.get(token=token), False
    return mailing, True


def _context_for(
    mailing: Mailing, recipient: Recipient, recipients: RecipientList
) -> Callable[[Person], dict[str, str]]:
    """The mail context for `recipient`: subject and text with the merge fields filled in,
    computed by `email_send` in the recipient's language (dates, "ingen planlagt")."""

    def context(person: Person) -> dict[str, str]:
        values = merge_values(
            recipient=recipient,
            audience=mailing.audience,
            next_sessions=recipients.next_sessions,
        )
        return merge.render_mail(mailing.subject, mailing.body, values)

    return context


def _mailing_create(
    *,
    token: uuid.UUID,
    selection: Selection,
    recipients: RecipientList,
    subject: str,
    body: str,
    template: MailTemplate | None,
    by: Person | None,
    actor: User,
) -> Mailing:
    mailing = Mailing.objects.create(
        token=token,
        cohort=selection.cohort,
        audience=selection.audience,
        selection=selection.as_json(),
        selection_label=selection.label(),
        template=template,
        subject=subject.strip(),
        body=body,
        created_by=by,
        recipient_count=len(recipients.recipients),
        skipped_count=len(recipients.skipped),
    )
    for recipient in recipients.recipients:
        first_cohort_id = recipient.enrolments[0].cohort_id if recipient.enrolments else None
        (email,) = email_send(
            to=[recipient.person],
            template=EMAIL_TEMPLATE,
            context=_context_for(mailing, recipient, recipients),
            kind=EMAIL_KIND,
            about=mailing,
            cohort_id=selection.cohort.pk if selection.cohort else first_cohort_id,
        )
        MailingRecipient.objects.create(mailing=mailing, person=recipient.person, email=email)
    audit_record(
        actor=actor,
        action=MailingAction.MAILING_SEND,
        obj=mailing,
        summary=selection.label(),
        recipients=len(recipients.recipients),
        skipped=len(recipients.skipped),
    )
    return mailing
