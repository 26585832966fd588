"""Background tasks run by `lederspor worker` (django-tasks, database backend)."""

from __future__ import annotations

import datetime as dt
import logging
from email.utils import make_msgid
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.notifications import ics
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.storage import attachment_storage

logger = logging.getLogger(__name__)

#: attempts before an e-mail is marked failed; then a consultant may press "Send igen"
MAX_ATTEMPTS = 4
#: minutes to wait before attempt 2, 3, 4
BACKOFF_MINUTES = (1, 5, 30)


class AttachmentMissing(FileNotFoundError):
    """An attached file is no longer in the storage (deleted after the mail was queued)."""


class _CalendarAwareMessage(EmailMultiAlternatives):
    """An e-mail whose text/calendar part is labelled `text/calendar; charset="utf-8";
    method=REQUEST` (or CANCEL), as Outlook and Gmail label theirs: Django's text part names the
    charset, and the e-mail library would otherwise write the method quoted."""

    def message(self, **kwargs: Any) -> Any:
        msg = super().message(**kwargs)
        for part in msg.walk():
            if part.get_content_type() == "text/calendar":
                method = part.get_param("method") or "REQUEST"
                part.replace_header(
                    "Content-Type", f'text/calendar; charset="utf-8"; method={method}'
                )
        return msg


def build_message(email: OutgoingEmail) -> EmailMultiAlternatives:
    """The Django message for `email`: its Message-ID header (`email.message_id`), text body, its HTML version as an alternative part, and
    when present a text/calendar part (`text/calendar; method=…; charset="utf-8"`, the method
    taken from the ics text), the same calendar as an `invitation.ics` attachment (UTF-8 bytes,
    base64), and
    each file of `email.attachments` read now from `storage.attachment_storage()` under its
    "name" and "mimetype". Raises `AttachmentMissing` when a file is gone (the send then fails
    like a transport error: retried, then marked failed with the message as `last_error`)."""
    message = _CalendarAwareMessage(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to_address],
        headers={"Message-ID": email.message_id} if email.message_id else None,
    )
    if email.html_body:
        message.attach_alternative(email.html_body, "text/html")
    if email.ics:
        method = "CANCEL" if "METHOD:CANCEL" in email.ics else "REQUEST"
        # Django adds charset="utf-8" to a text/* part itself (SafeMIMEText): naming it here too
        # put it twice in the Content-Type (issue #14 §2)
        message.attach_alternative(email.ics, f"text/calendar; method={method}")
        # bytes, not str: Django base64-encodes a non-text attachment as given, and a str went
        # through Python's raw-unicode-escape ("Ø" as a Latin-1 byte, "–" as a literal \u2013)
        message.attach("invitation.ics", email.ics.encode("utf-8"), "application/ics")
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


def message_id_domain() -> str:
    """The domain part of the Message-IDs Lederspor makes: the host of settings.SITE_URL
    (e.g. "lederspor.kommune.dk"), so a message is recognisable as Lederspor's without asking DNS
    for this machine's name."""
    return urlsplit(settings.SITE_URL).hostname or "lederspor.localhost"


def stale_after() -> dt.timedelta:
    """How long a mail may stay "sending" before its send counts as interrupted
    (settings.LEDERSPOR_EMAIL_STALE_MINUTES, default 15 minutes)."""
    return dt.timedelta(minutes=int(getattr(settings, "LEDERSPOR_EMAIL_STALE_MINUTES", 15)))


#: last_error of an invitation not sent because its meeting had ended before the worker got to
#: it (the worker was stopped, or the mail waited for a retry); issue #14 §2
MEETING_ENDED = _(
    "Mødet var slut, før e-mailen kunne sendes, så kalenderinvitationen er overflødig."
)

#: last_error of a mail whose send was interrupted once (it is sent once more, same Message-ID)
INTERRUPTED_ONCE = _(
    "Afsendelsen blev afbrudt (baggrundsarbejderen stoppede under afsendelsen). E-mailen sendes "
    "én gang til med samme Message-ID; modtageren kan få den to gange."
)
#: last_error of a mail whose send was interrupted twice (marked failed, never sent again by itself)
INTERRUPTED_TWICE = _(
    "Afsendelsen blev afbrudt to gange; e-mailen kan være sendt; tjek før du sender igen."
)


def _claim(email_id: int) -> OutgoingEmail | None:
    """Claim a queued mail for this worker and commit the claim before the relay is called.

    One conditional UPDATE (… WHERE status = 'queued') moves it to "sending", counts the attempt,
    stamps `claimed_at` and gives it a Message-ID unless it has one (kept across retries): of two
    workers only one updates the row. In the same transaction the stale check
    (`check_sending`) is enqueued for when the send would count as interrupted; it is written
    directly, not on commit, so a claim never exists without its check. Returns the claimed row,
    or None when the mail is gone or not queued (sent, failed, or claimed by another worker)."""
    now = timezone.now()
    with transaction.atomic():
        claimed = OutgoingEmail.objects.filter(
            pk=email_id, status=OutgoingEmail.Status.QUEUED
        ).update(
            status=OutgoingEmail.Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=now,
            updated_at=now,
            message_id=Case(
                When(message_id="", then=Value(make_msgid(domain=message_id_domain()))),
                default=F("message_id"),
            ),
        )
        if not claimed:
            return None
        check_sending.using(run_after=now + stale_after()).enqueue(email_id, now.isoformat())
        return OutgoingEmail.objects.get(pk=email_id)


def _still_claimed(email: OutgoingEmail) -> QuerySet[OutgoingEmail]:
    """The row of `email` if it is still in the claim this worker made (nobody took it over)."""
    return OutgoingEmail.objects.filter(
        pk=email.pk, status=OutgoingEmail.Status.SENDING, claimed_at=email.claimed_at
    )


@task()
def deliver_email(email_id: int) -> str:
    """Send one queued e-mail, at least once (docs/operations.md "E-mail delivery").

    The claim (`_claim`: "sending", the Message-ID, the stale check) is committed first; the
    relay is then called outside any database transaction, each socket operation bounded by
    settings.EMAIL_TIMEOUT seconds, so a slow or hung relay never holds a lock that page writes
    wait for. Afterwards a short transaction records the outcome, only if the row is still in
    this worker's claim. On a transport error the mail goes back to the queue with back-off
    (`BACKOFF_MINUTES`) until `MAX_ATTEMPTS`, then it is marked failed (shown on the e-mail
    page). An invitation whose meeting has ended (`ics.calendar_has_ended`) is not sent but
    marked expired with `MEETING_ENDED` (not an error: the e-mail page does not count it as
    failed). Returns the final status, "ended", or "skipped" (gone,
    not queued, or taken over)."""
    email = _claim(email_id)
    if email is None:
        return "skipped"
    if email.ics and ics.calendar_has_ended(email.ics):
        with transaction.atomic():
            _still_claimed(email).update(
                status=OutgoingEmail.Status.EXPIRED,
                last_error=str(MEETING_ENDED),
                updated_at=timezone.now(),
            )
        return "ended"
    try:
        build_message(email).send()
    except Exception as error:  # any transport error is retried
        logger.warning("E-mail %s failed (attempt %s): %s", email.pk, email.attempts, error)
        failed = email.attempts >= MAX_ATTEMPTS
        status = OutgoingEmail.Status.FAILED if failed else OutgoingEmail.Status.QUEUED
        with transaction.atomic():
            if not _still_claimed(email).update(
                status=status,
                last_error=f"{type(error).__name__}: {error}"[:2000],
                updated_at=timezone.now(),
            ):
                return "skipped"
            if not failed:
                delay = BACKOFF_MINUTES[min(email.attempts, len(BACKOFF_MINUTES)) - 1]
                run_after = timezone.now() + dt.timedelta(minutes=delay)
                enqueue_on_commit(deliver_email, email.pk, run_after=run_after)
        return str(status)
    now = timezone.now()
    if not _still_claimed(email).update(
        status=OutgoingEmail.Status.SENT, sent_at=now, last_error="", updated_at=now
    ):
        # taken over meanwhile (a confirmed "Send igen", or a send slower than the stale period)
        logger.warning("E-mail %s was sent but its claim had been taken over", email.pk)
        return "skipped"
    return str(OutgoingEmail.Status.SENT)


@task()
def check_sending(email_id: int, claimed_at: str) -> str:
    """The stale check of one claim, run `stale_after()` after a worker claimed the mail.

    If the mail is still "sending" in that claim (`claimed_at`, ISO format), the worker died
    while talking to the relay, which may or may not have accepted it: the first time it goes
    back to the queue and is sent once more with the same Message-ID; the second time it is
    marked failed with `INTERRUPTED_TWICE`, and only a person pressing "Send igen" (with
    confirmation) sends it again. Returns "requeued", "failed" or "skipped" (sent, failed or
    claimed again meanwhile)."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update()
            .filter(
                pk=email_id,
                status=OutgoingEmail.Status.SENDING,
                claimed_at=dt.datetime.fromisoformat(claimed_at),
            )
            .first()
        )
        if email is None:
            return "skipped"
        email.interrupted_sends += 1
        if email.interrupted_sends >= 2:
            email.status = OutgoingEmail.Status.FAILED
            email.last_error = str(INTERRUPTED_TWICE)
        else:
            email.status = OutgoingEmail.Status.QUEUED
            email.last_error = str(INTERRUPTED_ONCE)
            enqueue_on_commit(deliver_email, email.pk)
        logger.warning("E-mail %s: send interrupted (%s)", email.pk, email.interrupted_sends)
        email.save(update_fields=["interrupted_sends", "status", "last_error", "updated_at"])
        return "failed" if email.status == OutgoingEmail.Status.FAILED else "requeued"
