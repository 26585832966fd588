"""The retention helpers for outgoing mail (issue #15 §2): bodies of delivered mail are blanked
after a cut-off, and old mail is deleted; both idempotent and with a dry run."""

import datetime as dt

import time_machine
from django.utils import timezone

from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker

NOW = timezone.now()


def _mail(cast, subject, *, status, sent_days_ago=None):
    email = services.email_queue(
        to=cast.leader,
        subject=subject,
        body="Privat tekst",
        html_body="<p>Privat tekst</p>",
        ics="BEGIN:VCALENDAR\nEND:VCALENDAR",
        kind="test",
    )
    sent_at = NOW - dt.timedelta(days=sent_days_ago) if sent_days_ago is not None else None
    OutgoingEmail.objects.filter(pk=email.pk).update(status=status, sent_at=sent_at)
    return email


def test_expire_blanks_only_sent_mails_before_the_cutoff(cast):
    S = OutgoingEmail.Status
    old = _mail(cast, "Gammel", status=S.SENT, sent_days_ago=40)
    recent = _mail(cast, "Ny", status=S.SENT, sent_days_ago=5)
    waiting = _mail(cast, "Venter", status=S.QUEUED)
    failed = _mail(cast, "Fejlet", status=S.FAILED)
    cutoff = NOW - dt.timedelta(days=30)
    assert services.expire_email_bodies(delivered_before=cutoff, dry_run=True) == 1
    old.refresh_from_db()
    assert old.body == "Privat tekst"  # the dry run changed nothing
    assert services.expire_email_bodies(delivered_before=cutoff, dry_run=False) == 1
    old.refresh_from_db()
    assert (old.body, old.html_body, old.ics, old.attachments) == ("", "", "", [])
    assert old.subject == "Gammel" and old.status == S.SENT  # the subject stays
    for kept in (recent, waiting, failed):
        kept.refresh_from_db()
        assert kept.body == "Privat tekst" and kept.html_body and kept.ics
    # idempotent: nothing left to blank
    assert services.expire_email_bodies(delivered_before=cutoff, dry_run=False) == 0
    assert services.expire_email_bodies(delivered_before=cutoff, dry_run=True) == 0


def test_a_sent_mail_with_an_attachment_only_is_blanked(cast):
    email = services.email_queue(to=cast.leader, subject="Fil", body="", kind="test")
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.SENT,
        sent_at=NOW - dt.timedelta(days=40),
        attachments=[{"name": "a.pdf", "storage_name": "x/a.pdf", "mimetype": "application/pdf"}],
    )
    cutoff = NOW - dt.timedelta(days=30)
    assert services.expire_email_bodies(delivered_before=cutoff, dry_run=False) == 1
    email.refresh_from_db()
    assert email.attachments == []


def test_delete_removes_old_done_mails_and_keeps_what_waits(cast):
    S = OutgoingEmail.Status
    start = timezone.now()
    with time_machine.travel(start - dt.timedelta(days=400), tick=False):
        old_sent = _mail(cast, "Gammel sendt", status=S.SENT, sent_days_ago=400)
        old_failed = _mail(cast, "Gammel fejlet", status=S.FAILED)
        old_waiting = _mail(cast, "Gammel i kø", status=S.QUEUED)
    new_sent = _mail(cast, "Ny sendt", status=S.SENT, sent_days_ago=1)
    cutoff = start - dt.timedelta(days=365)
    assert services.delete_emails(created_before=cutoff, dry_run=True) == 2
    assert OutgoingEmail.objects.count() == 4
    assert services.delete_emails(created_before=cutoff, dry_run=False) == 2
    left = set(OutgoingEmail.objects.values_list("pk", flat=True))
    assert left == {old_waiting.pk, new_sent.pk}
    assert old_sent.pk not in left and old_failed.pk not in left
    assert services.delete_emails(created_before=cutoff, dry_run=False) == 0


def test_a_blanked_mail_that_was_sent_is_not_sent_again(cast):
    email = services.email_queue(to=cast.leader, subject="Sendt", body="Hej", kind="test")
    run_worker()
    email.refresh_from_db()
    later = timezone.now() + dt.timedelta(days=31)
    assert services.expire_email_bodies(delivered_before=later, dry_run=False) == 1
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT and email.body == ""
