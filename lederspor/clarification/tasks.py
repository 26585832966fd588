"""The pre-start mailing (seed 002 §1: "Cirka 14 dage før kursusstart modtager du pr. mail nogle
artikler samt et link til besvarelse af JTI analysen."), run by `lederspor worker`.

Saving the mailing, or moving the cohort's start date (`services.mailing_follow_cohort_dates`,
the hub's `cohort_dates_moved` hook), enqueues `mailing_send` to
run at 07:00 local time `days_before` days before `cohort.starts_on`, with the moment it was
scheduled for. At run time the task re-checks: if the mailing is gone or its current moment is a
different one (a newer task exists), it does nothing; otherwise it queues the mail to every
enrolled participant who has not had it (`MailingDelivery` is unique per participant), so it is
never sent twice and moving a date needs no cancellation. The uploaded article files go with the
mail as real attachments (read when each mail is sent) and also as download links.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification.models import MailingDelivery, PreStartMailing
from lederspor.notifications.services import (
    MAX_ATTACHMENTS_BYTES,
    Attachment,
    absolute_url,
    email_queue,
    reminder_time,
)
from lederspor.programmes.models import Enrolment

try:  # Django 6 has the Tasks API built in; on 5.2 the django-tasks backport provides it
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

#: content type of an attached article by extension (`models.ATTACHMENT_EXTENSIONS`)
MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def send_time(mailing: PreStartMailing) -> dt.datetime:
    """The aware datetime (local time zone) at which `mailing` is due: 07:00
    (`notifications.services.reminder_time`) `days_before` days before its cohort's start."""
    return reminder_time(mailing.cohort.starts_on - dt.timedelta(days=mailing.days_before))


def mailing_schedule(mailing: PreStartMailing) -> bool:
    """Enqueue `mailing_send` for the mailing's current send time (in the caller's transaction)
    unless that moment is already scheduled. Returns True if a task was enqueued."""
    when = send_time(mailing)
    if mailing.scheduled_for == when:
        return False
    mailing.scheduled_for = when
    PreStartMailing.objects.filter(pk=mailing.pk).update(scheduled_for=when)
    mailing_send.using(run_after=when).enqueue(mailing.pk, when.isoformat())
    return True


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
                "storage_name": attachment.file.name,
                "mimetype": mimetype,
            }
        )
    return chosen


def mailing_body(
    mailing: PreStartMailing, enrolment: Enrolment, files: list[tuple[str, str]] | None = None
) -> str:
    """The plain-text mail for one participant: the consultant's text, the JTI link, the
    article links and the download links of the article files (`files`, from
    `attachment_links`; looked up when None)."""
    return render_to_string(
        "clarification/email_prestart.txt",
        {
            "mailing": mailing,
            "recipient": enrolment.person,
            "links": mailing.links(),
            "files": attachment_links(mailing) if files is None else files,
            "programme_url": absolute_url(
                reverse("programmes:enrolment_detail", args=[enrolment.pk])
            ),
        },
    )


def mailing_deliver(mailing: PreStartMailing) -> int:
    """Queue the mail to every enrolled participant of the cohort who has not had it (in the
    caller's transaction, mailing row locked). Returns how many were queued."""
    done = set(mailing.deliveries.values_list("enrolment_id", flat=True))
    enrolments = (
        Enrolment.objects.filter(cohort_id=mailing.cohort_id, status=Enrolment.Status.ENROLLED)
        .exclude(pk__in=done)
        .select_related("person")
        .order_by("pk")
    )
    files = attachment_links(mailing)
    attachments = mail_attachments(mailing)
    count = 0
    for enrolment in enrolments:
        email = email_queue(
            to=enrolment.person,
            subject=mailing.subject,
            body=mailing_body(mailing, enrolment, files),
            kind="clarification.prestart",
            about=mailing,
            attachments=attachments,
        )
        MailingDelivery.objects.create(mailing=mailing, enrolment=enrolment, email=email)
        count += 1
    if count and mailing.sent_at is None:
        mailing.sent_at = timezone.now()
        mailing.save(update_fields=["sent_at", "updated_at"])
    return count


@task()
def mailing_send(mailing_id: int, scheduled_for: str) -> str:
    """Queue the pre-start mail to the cohort's enrolled participants (each once). Returns
    "sent" (with at least one mail queued), "nobody" or "skipped" (gone, moved, not yet due)."""
    with transaction.atomic():
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
        return "sent" if mailing_deliver(mailing) else "nobody"
