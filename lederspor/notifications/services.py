"""Queue e-mails for the worker. Call these inside the service's transaction.

Every e-mail is a template trio (`<name>_subject.txt`, `<name>_body.txt`, `<name>_body.html`)
rendered by `email_send` in the recipient's language; delivery is enqueued when the transaction
commits (`core.tasks.enqueue_on_commit`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.template import Context, Engine
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.tasks import enqueue_on_commit
from lederspor.notifications.audit import NotificationAction
from lederspor.notifications.ics import calendar_has_ended
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.storage import attachment_storage
from lederspor.people.models import Person
from lederspor.texts import services as texts
from lederspor.texts.registry import EditableText, mail_text_for

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
    cohort_id: int | None = None,
    html_body: str = "",
    ics: str = "",
    attachments: Sequence[Attachment] | None = None,
) -> OutgoingEmail:
    """Store one rendered e-mail to `to` and enqueue its delivery when the caller's
    transaction commits; returns the queued row. Apps do not call this with text of their own:
    they use `email_send`, which renders a template trio in the recipient's language.

    `body` is plain text, `html_body` its HTML version. `ics`: iCalendar text from
    `notifications.ics.build_ics`, attached as text/calendar. `attachments`: files in
    `attachment_storage()` to attach, each {"name": file name in the mail, "storage_name": name
    in the storage, "mimetype": …}; the file is read when the mail is sent, so it must stay until
    then. `cohort_id`: the cohort the mail is about (its consultants see it on the e-mail page).
    Raises ValueError on a malformed entry or more than `MAX_ATTACHMENTS_BYTES` in total
    (`attachments_clean`). Delivery happens in the worker (`deliver_email`), never here.
    """
    from lederspor.notifications.tasks import deliver_email

    cleaned = attachments_clean(attachments)
    email = OutgoingEmail.objects.create(
        recipient=to,
        to_address=to.email,
        subject=subject[:250],
        body=body,
        html_body=html_body,
        ics=ics,
        attachments=cleaned,
        kind=kind,
        about=f"{about._meta.label_lower}:{about.pk}" if about is not None else "",
        cohort_id=cohort_id,
    )
    enqueue_on_commit(deliver_email, email.pk)
    return email


def recipient_language(person: Person) -> str:
    """The language `person`'s e-mails are written in: the one they chose on their login
    (`core.User.language`), else the site's default (Danish). One query unless `person.user`
    is loaded."""
    user = person.user if person.user_id else None
    return user.mail_language if user is not None else settings.LANGUAGE_CODE


def _render_text(template_name: str, context: Mapping[str, Any]) -> str:
    """Render a plain-text template without HTML escaping (subjects and text bodies)."""
    engine = Engine.get_default()  # the DjangoTemplates backend of settings.TEMPLATES
    return engine.get_template(template_name).render(Context(dict(context), autoescape=False))


def email_render(template: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """The (subject, text body, HTML body) of the mail template trio `template` — a path
    without suffix, e.g. "conversations/email/not_held" → `…_subject.txt`, `…_body.txt`,
    `…_body.html` — in the active language. The subject is one line (whitespace collapsed, at
    most 250 characters). Raises TemplateDoesNotExist when a part is missing."""
    subject = " ".join(_render_text(f"{template}_subject.txt", context).split())[:250]
    body = _render_text(f"{template}_body.txt", context).strip() + "\n"
    html = render_to_string(f"{template}_body.html", dict(context))
    return subject, body, html


def _mail_text(
    text: EditableText, wording: Mapping[str, str], context: Mapping[str, Any]
) -> dict[str, str]:
    """The editable parts of a mail (`texts`: subject, intro …) filled from `context`, for the
    template's `{% if mail_text.<field> %}` — only in Danish, the language HR writes in; a mail
    in another language keeps the template's translated wording ({} then)."""
    if not (translation.get_language() or "").startswith("da"):
        return {}
    return texts.filled(text, wording, texts.context_values(text, context))


def email_send(
    *,
    to: Iterable[Person],
    template: str,
    context: Mapping[str, Any] | Callable[[Person], Mapping[str, Any]],
    kind: str,
    about: models.Model | None = None,
    cohort_id: int | None = None,
    ics: str | Callable[[Person], str] = "",
    attachments: Sequence[Attachment] | None = None,
) -> list[OutgoingEmail]:
    """Render the template trio `template` (see `email_render`) for each recipient in their
    own language (`recipient_language`) and queue it. Returns the queued rows.

    `context`: the template context, or a function of the recipient that returns it (called
    in the recipient's language, for texts such as an invitation's summary). The context also
    gets `recipient` (the Person) and `site_url`. `ics`: calendar text, or a function of the
    recipient that returns it (also in their language); a mail whose calendar event has already
    ended is not queued at all (`ics.calendar_has_ended`). `cohort_id`: the cohort the mail is
    about, if any; that cohort's consultants see the mail on the e-mail page
    (`selectors.emails_visible_to`), everyone else only with `view_all_email`. `attachments`: as for `email_queue`, the
    same files to every recipient. Raises ValueError like `email_queue`, before anything is
    queued. Private content (conversation answers, actions, logbook text, JTI type) belongs in
    the body for those who may read it, never in the subject.
    """
    attachments = attachments_clean(attachments)
    # HR's wording of this mail, if it is an editable text (issue #16 §1; one query, no query
    # for a mail that is not registered): used for mails in Danish, see `_mail_text`
    text = mail_text_for(template)
    wording = texts.live(text) if text is not None else None
    queued = []
    for person in to:
        with translation.override(recipient_language(person)):
            calendar = ics(person) if callable(ics) else ics
            if calendar and calendar_has_ended(calendar):
                continue  # an invitation to a meeting that is over is not sent (issue #14 §2)
            values = context(person) if callable(context) else context
            full = {**values, "recipient": person, "site_url": settings.SITE_URL}
            if text is not None and wording is not None:
                full["mail_text"] = _mail_text(text, wording, full)
            subject, body, html = email_render(template, full)
        queued.append(
            email_queue(
                to=person,
                subject=subject,
                body=body,
                html_body=html,
                kind=kind,
                about=about,
                cohort_id=cohort_id,
                ics=calendar,
                attachments=attachments,
            )
        )
    return queued


class ResendNeedsConfirmation(ValueError):
    """ "Send igen" on a mail the relay may already have accepted, without confirmation."""


@transaction.atomic
def email_retry(*, email: OutgoingEmail, by: User, confirmed: bool = False) -> OutgoingEmail:
    """Queue an e-mail again (someone pressed "Send igen"); the worker sends it.

    A failed or waiting mail that was never handed to the relay is queued at once with its
    Message-ID kept. A mail the relay may already have accepted (`may_have_been_sent`: sent,
    being sent, or an interrupted send) needs `confirmed=True`, else ResendNeedsConfirmation is
    raised and nothing changes. On a confirmed resend a mail that was sent gets a new
    Message-ID (it is a new message the recipient asked for; mail clients drop a second message
    with the same Message-ID), while one whose first send is uncertain keeps its Message-ID, so
    a duplicate is recognisable as the same message. Records `NotificationAction.EMAIL_RETRY`.
    """
    from lederspor.notifications.tasks import deliver_email

    email = OutgoingEmail.objects.select_for_update().get(pk=email.pk)
    if email.may_have_been_sent and not confirmed:
        # the view shows the confirmation step to the person who pressed the button
        raise ResendNeedsConfirmation(
            _("E-mailen kan allerede være sendt. Bekræft, at den skal sendes igen.")
        )
    fields = ["status", "attempts", "updated_at"]
    if email.status == OutgoingEmail.Status.SENT:
        email.message_id = ""  # a new one is made when the worker claims it
        fields.append("message_id")
    email.status = OutgoingEmail.Status.QUEUED
    email.attempts = 0
    email.save(update_fields=fields)
    enqueue_on_commit(deliver_email, email.pk)
    audit_record(
        actor=by,
        action=NotificationAction.EMAIL_RETRY,
        obj=email,
        summary=email.subject,
        confirmed=confirmed,
    )
    return email


#: the private parts of a mail that expire (the subject is kept: it never carries private content)
_BODY_FIELDS = {"body": "", "html_body": "", "ics": "", "attachments": []}


def expire_email_bodies(*, delivered_before: dt.datetime, dry_run: bool) -> int:
    """Blank the text, HTML, calendar part and attachment references of the mails sent before
    `delivered_before` (an aware datetime): a retention rule for outgoing mail (issue #15 §2;
    the subject, recipient, status and times stay for the e-mail page). Only sent mails, and
    invitations never sent because their meeting had ended (expired, counted from when that was
    decided): a queued, sending or failed mail keeps its body so it can still be sent. Idempotent (a
    blanked mail is not counted again). Returns the number of mails blanked, or with
    `dry_run=True` the number that would be, changing nothing."""
    expiring = OutgoingEmail.objects.filter(
        Q(status=OutgoingEmail.Status.SENT, sent_at__lt=delivered_before)
        | Q(status=OutgoingEmail.Status.EXPIRED, updated_at__lt=delivered_before)
    ).exclude(body="", html_body="", ics="", attachments=[])
    if dry_run:
        return expiring.count()
    with transaction.atomic():
        return expiring.update(**_BODY_FIELDS, updated_at=timezone.now())


def delete_emails(*, created_before: dt.datetime, dry_run: bool) -> int:
    """Delete the mails created before `created_before` (an aware datetime) that are no longer
    waiting to be sent (sent, failed or expired; a queued or sending mail is kept until it is
    done).
    Returns the number of rows deleted, or with `dry_run=True` the number that would be."""
    old = OutgoingEmail.objects.filter(
        created_at__lt=created_before,
        status__in=[
            OutgoingEmail.Status.SENT,
            OutgoingEmail.Status.FAILED,
            OutgoingEmail.Status.EXPIRED,
        ],
    )
    if dry_run:
        return old.count()
    with transaction.atomic():
        deleted, _by_model = old.delete()
    return deleted
