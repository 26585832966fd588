"""The pre-start mailing of Leder på spring (seed 002 §1: "Cirka 14 dage før kursusstart
modtager du pr. mail nogle artikler samt et link til besvarelse af JTI analysen."): when it is
due and the service that sends it, run by the worker's task (`tasks.mailing_send`).

The mail (`clarification/email/prestart`) is the consultant's subject and text, the JTI link,
the article links and the uploaded article files — as real attachments (read when each mail is
sent) and also as download links. `MailingDelivery` is unique per participant, so nobody gets
it twice; whoever is enrolled later gets it from "Send til de resterende".
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification.audit import ClarificationAction
from lederspor.clarification.models import MailingDelivery, PreStartMailing
from lederspor.core.audit import audit_record
from lederspor.notifications.services import (
    MAX_ATTACHMENTS_BYTES,
    Attachment,
    absolute_url,
    email_send,
    reminder_time,
)
from lederspor.programmes.models import Enrolment

#: content type of an attached article by extension (`models.ATTACHMENT_EXTENSIONS`)
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def send_time(mailing: PreStartMailing) -> dt.datetime:
    """The aware datetime (local time zone) at which `mailing` is due: 07:00
    (`notifications.services.reminder_time`) `days_before` days before its cohort's start."""
    return reminder_time(mailing.cohort.starts_on - dt.timedelta(days=mailing.days_before))


def attachment_links(mailing: PreStartMailing) -> list[tuple[str, str]]:
    """(title, absolute download URL) of each article file of the mailing."""
    return [
        (a.title, absolute_url(reverse("clarification:attachment_download", args=[a.pk])))
        for a in mailing.attachments.all()
    ]


def mail_attachments(mailing: PreStartMailing) -> list[Attachment]:
    """The article files of the mailing as e-mail attachments (`notifications.services
    .email_queue`): {"name": stored file name, "storage_name", "mimetype"} in upload order, as
    many as fit within `MAX_ATTACHMENTS_BYTES` by their recorded `size` (one upload is at most
    10 MB); a file that does not fit is left out of the attachments, but every file keeps its
    download link in the mail text (`attachment_links`)."""
    chosen: list[Attachment] = []
    total = 0
    for attachment in mailing.attachments.all():
        if total + attachment.size > MAX_ATTACHMENTS_BYTES:
            continue
        total += attachment.size
        extension = attachment.filename.rsplit(".", 1)[-1].lower()
        mimetype = MIMETYPES.get(extension, "application/octet-stream")
        chosen.append(
            {
                "name": attachment.filename,
                "storage_name": attachment.file.name or "",
                "mimetype": mimetype,
            }
        )
    return chosen


def mailing_deliver(mailing: PreStartMailing) -> int:
    """Queue the mail to every enrolled participant of the cohort who has not had it, each in
    their language (in the caller's transaction, mailing row locked). Returns how many were
    queued; stamps `sent_at` the first time."""
    done = set(mailing.deliveries.values_list("enrolment_id", flat=True))
    enrolments = (
        Enrolment.objects.filter(cohort_id=mailing.cohort_id, status=Enrolment.Status.ENROLLED)
        .exclude(pk__in=done)
        .select_related("person__user")
        .order_by("pk")
    )
    files = attachment_links(mailing)
    attachments = mail_attachments(mailing)
    count = 0
    for enrolment in enrolments:
        (email,) = email_send(
            to=[enrolment.person],
            template="clarification/email/prestart",
            context={
                "mailing": mailing,
                "links": mailing.links(),
                "files": files,
                "programme_url": absolute_url(
                    reverse("programmes:enrolment_detail", args=[enrolment.pk])
                ),
            },
            kind="clarification.prestart",
            about=mailing,
            cohort_id=mailing.cohort_id,
            attachments=attachments,
        )
        MailingDelivery.objects.create(mailing=mailing, enrolment=enrolment, email=email)
        count += 1
    if count and mailing.sent_at is None:
        mailing.sent_at = timezone.now()
        mailing.save(update_fields=["sent_at", "updated_at"])
    return count


@transaction.atomic
def mailing_send_due(*, mailing_id: int, scheduled_for: str) -> str:
    """The scheduled send: queue the mail to the cohort's enrolled participants (each once) if
    the mailing still exists and `scheduled_for` (ISO datetime) is still its send time and has
    come. Returns "sent" (at least one mail queued), "nobody" or "skipped" (gone, moved, not yet
    due). Audit action "clarification.mailing_sent" when mails were queued (no actor)."""
    mailing = (
        PreStartMailing.objects.select_for_update(of=("self",))
        .filter(pk=mailing_id)
        .select_related("cohort")
        .first()
    )
    if mailing is None:
        return "skipped"
    due = send_time(mailing)
    if due.isoformat() != scheduled_for or timezone.now() < due:
        return "skipped"
    count = mailing_deliver(mailing)
    if not count:
        return "nobody"
    audit_record(
        actor=None,
        action=ClarificationAction.MAILING_SENT,
        obj=mailing,
        summary=mailing.subject,
        n=count,
    )
    return "sent"
