"""Queue e-mails for the worker. Call these inside the service's transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import models, transaction
from django.template.loader import render_to_string

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.notifications.models import OutgoingEmail
from lederspor.people.models import Person


def absolute_url(path: str) -> str:
    """`path` ("/jobbesoeg/…") made absolute with settings.SITE_URL, for e-mails."""
    return f"{settings.SITE_URL}{path}"


def email_queue(
    *,
    to: Person,
    subject: str,
    body: str,
    kind: str,
    about: models.Model | None = None,
    ics: str = "",
) -> OutgoingEmail:
    """Store an e-mail to `to` and enqueue its delivery; returns the queued row.

    `body` is plain text (Danish). `ics`: iCalendar text from `notifications.ics.build_ics`,
    attached as text/calendar. Delivery happens in the worker (`deliver_email`), never here; the
    task row lives in the same database and transaction, so a rollback queues nothing.
    """
    from lederspor.notifications.tasks import deliver_email

    email = OutgoingEmail.objects.create(
        recipient=to,
        to_address=to.email,
        subject=subject[:250],
        body=body,
        ics=ics,
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
) -> list[OutgoingEmail]:
    """Render `template` (a plain-text Django template) per recipient and queue it.

    The context gets `recipient` (the Person) and `site_url`. Returns the queued rows.
    """
    queued = []
    for person in to:
        body = render_to_string(
            template, {**context, "recipient": person, "site_url": settings.SITE_URL}
        )
        queued.append(
            email_queue(to=person, subject=subject, body=body, kind=kind, about=about, ics=ics)
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
