"""Background tasks run by `lederspor worker` (django-tasks, database backend)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.storage import attachment_storage

logger = logging.getLogger(__name__)

#: attempts before an e-mail is marked failed; then a consultant may press "Send igen"
MAX_ATTEMPTS = 4
#: minutes to wait before attempt 2, 3, 4
BACKOFF_MINUTES = (1, 5, 30)


class AttachmentMissing(FileNotFoundError):
    """An attached file is no longer in the storage (deleted after the mail was queued)."""


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The Django message for `email`: text body, its HTML version as an alternative part, and
    when present a text/calendar part
    (method taken from the ics text), the same calendar as an `invitation.ics` attachment, and
    each file of `email.attachments` read now from `storage.attachment_storage()` under its
    "name" and "mimetype". Raises `AttachmentMissing` when a file is gone (the send then fails
    like a transport error: retried, then marked failed with the message as `last_error`)."""
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    if email.ics:
        method = "CANCEL" if "METHOD:CANCEL" in email.ics else "REQUEST"
        message.attach_alternative(email.ics, f"text/calendar; method={method}; charset=utf-8")
        message.attach("invitation.ics", email.ics, "application/ics")
    if email.attachments:
        storage = attachment_storage()
        for attachment in email.attachments:
            try:
                with storage.open(attachment["storage_name"], "rb") as handle:
                    content = handle.read()
            except FileNotFoundError as error:
                raise AttachmentMissing(
                    f"Den vedhæftede fil {attachment['name']} findes ikke længere "
                    f"({attachment['storage_name']})."
                ) from error
            message.attach(attachment["name"], content, attachment["mimetype"])
    return message


@task()
def deliver_email(email_id: int) -> str:
    """Send one queued e-mail. On failure, re-enqueue with back-off (`BACKOFF_MINUTES`) until
    `MAX_ATTEMPTS`, then mark it failed (shown to consultants). Returns the final status."""
    with transaction.atomic():
        email = OutgoingEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != OutgoingEmail.Status.QUEUED:
            return "skipped"
        email.attempts += 1
        try:
            build_message(email).send()
        except Exception as error:  # any transport error is retried
            logger.warning("E-mail %s failed (attempt %s): %s", email.pk, email.attempts, error)
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
            if email.attempts >= MAX_ATTEMPTS:
                email.status = OutgoingEmail.Status.FAILED
            email.save(update_fields=["attempts", "last_error", "status", "updated_at"])
            if email.status == OutgoingEmail.Status.QUEUED:
                delay = BACKOFF_MINUTES[min(email.attempts, len(BACKOFF_MINUTES)) - 1]
                run_after = timezone.now() + dt.timedelta(minutes=delay)
                enqueue_on_commit(deliver_email, email.pk, run_after=run_after)
            return str(email.status)
        email.status = OutgoingEmail.Status.SENT
        email.sent_at = timezone.now()
        email.last_error = ""
        email.save(update_fields=["attempts", "status", "sent_at", "last_error", "updated_at"])
        return str(email.status)
