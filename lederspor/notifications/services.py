"""Queue e-mails for the worker. Call these inside the service's transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.storage import MediaStorage
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.models import Person

#: local hour at which scheduled reminders and mailings go out (07:00, before the working day)
REMINDER_HOUR = 7


def reminder_time(day: dt.date) -> dt.datetime:
    """The aware datetime (local time zone) at `REMINDER_HOUR` o'clock on `day`: when a
    reminder or mailing due that day is sent (competence anchorings, conversations, agreed
    actions, the Leder på spring mail)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(REMINDER_HOUR)))


def absolute_url(path: str) -> str:
    """`path` ("/jobbesoeg/…") made absolute with settings.SITE_URL, for e-mails."""
    return f"{settings.SITE_URL}{path}"


#: most bytes of attached files one e-mail may carry (20 MB; one upload is at most 10 MB)
MAX_ATTACHMENTS_BYTES = 20 * 1024 * 1024

#: an attachment reference: {"name": str, "storage_name": str, "mimetype": str}
Attachment = dict[str, str]
_KEYS = ("name", "storage_name", "mimetype")


def attachment_storage() -> Storage:
    """The storage attached files are read from: the uploaded-files storage
    (`core.storage.MediaStorage`, files under `settings.MEDIA_ROOT`), which is never served
    from a public URL."""
    return MediaStorage()


def attachments_clean(attachments: Sequence[Attachment] | None) -> list[Attachment]:
    """Check attachment references and return them as plain dicts with exactly the keys
    "name", "storage_name" and "mimetype" (all non-empty strings).

    Raises ValueError when an entry is malformed or the files that exist in
    `attachment_storage()` add up to more than `MAX_ATTACHMENTS_BYTES`. A file missing now is
    not refused here: the send fails then and is shown as failed on the e-mail page.
    """
    cleaned: list[Attachment] = []
    for entry in attachments or ():
        values = {key: entry.get(key) if isinstance(entry, dict) else None for key in _KEYS}
        if not all(isinstance(v, str) and v.strip() for v in values.values()):
            raise ValueError(f"Ugyldig vedhæftet fil: {entry!r}")
        cleaned.append({key: str(values[key]) for key in _KEYS})
    if cleaned:
        storage = attachment_storage()
        total = sum(
            storage.size(a["storage_name"]) for a in cleaned if storage.exists(a["storage_name"])
        )
        if total > MAX_ATTACHMENTS_BYTES:
            raise ValueError(
                f"De vedhæftede filer fylder {total} bytes; en e-mail må højst have "
                f"{MAX_ATTACHMENTS_BYTES // (1024 * 1024)} MB vedhæftet."
            )
    return cleaned


def email_queue(
    *,
    to: Person,
    subject: str,
    body: str,
    kind: str,
    about: models.Model | None = None,
    ics: str = "",
    attachments: Sequence[Attachment] | None = None,
) -> OutgoingEmail:
    """Store an e-mail to `to` and enqueue its delivery; returns the queued row.

    `body` is plain text (Danish). `ics`: iCalendar text from `notifications.ics.build_ics`,
    attached as text/calendar. `attachments`: files in `attachment_storage()` to attach, each
    {"name": file name in the mail, "storage_name": name in the storage, "mimetype": …}; the
    file is read when the mail is sent, so it must stay until then. Raises ValueError on a
    malformed entry or more than `MAX_ATTACHMENTS_BYTES` in total (`attachments_clean`).
    Delivery happens in the worker (`deliver_email`), never here; the task row lives in the same
    database and transaction, so a rollback queues nothing.
    """
    from lederspor.notifications.tasks import deliver_email

    cleaned = attachments_clean(attachments)
    email = OutgoingEmail.objects.create(
        recipient=to,
        to_address=to.email,
        subject=subject[:250],
        body=body,
        ics=ics,
        attachments=cleaned,
        kind=kind,
        about=f"{about._meta.label_lower}:{about.pk}" if about is not None else "",
    )
    deliver_email.enqueue(email.pk)
    return email


def email_queue_template(
    *,
    to: Iterable[Person],
    subject: str,
    template: str,
    context: dict,
    kind: str,
    about: models.Model | None = None,
    ics: str = "",
    attachments: Sequence[Attachment] | None = None,
) -> list[OutgoingEmail]:
    """Render `template` (a plain-text Django template) per recipient and queue it.

    The context gets `recipient` (the Person) and `site_url`. `ics` and `attachments` as for
    `email_queue` (the same files to every recipient). Returns the queued rows. Raises
    ValueError like `email_queue`, before anything is queued.
    """
    attachments = attachments_clean(attachments)
    queued = []
    for person in to:
        body = render_to_string(
            template, {**context, "recipient": person, "site_url": settings.SITE_URL}
        )
        queued.append(
            email_queue(
                to=person,
                subject=subject,
                body=body,
                kind=kind,
                about=about,
                ics=ics,
                attachments=attachments,
            )
        )
    return queued


@transaction.atomic
def email_retry(*, email: OutgoingEmail, by: User) -> OutgoingEmail:
    """Queue a failed e-mail again (a consultant pressed "Send igen"). Raises ValueError if it
    was already sent."""
    from lederspor.notifications.tasks import deliver_email

    email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
    if email.status == OutgoingEmail.Status.SENT:
        raise ValueError("E-mailen er allerede sendt.")
    email.status = OutgoingEmail.Status.QUEUED
    email.attempts = 0
    email.save(update_fields=["status", "attempts", "updated_at"])
    deliver_email.enqueue(email.pk)
    audit_record(actor=by, action="email.retry", obj=email, summary=email.subject)
    return email
