"""Uploaded files attached to queued e-mails: read from the uploaded-files storage when the real
worker sends the mail; a file gone by then fails the send visibly; at most 20 MB per mail."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.tasks import MAX_ATTEMPTS
from lederspor.notifications.testing import run_worker

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
#: a plain-text mail template that exists (the Leder på spring mailing's)
TEMPLATE = "clarification/email/prestart"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pdf_name():
    """A PDF saved in the uploaded-files storage; returns its storage name."""
    return services.attachment_storage().save("mailings/1/ledelsesrum.pdf", ContentFile(PDF))


def _pdf(storage_name, name="Ledelsesrum.pdf"):
    return {"name": name, "storage_name": storage_name, "mimetype": "application/pdf"}


def test_the_worker_sends_the_file_as_a_real_attachment(cast, pdf_name, settings, tmp_path):
    assert str(services.attachment_storage().path(pdf_name)).startswith(str(tmp_path))
    email = services.email_queue(
        to=cast.aspirant,
        subject="Artikler",
        body="Se den vedhæftede artikel.",
        kind="test",
        attachments=[_pdf(pdf_name)],
    )
    email.refresh_from_db()
    assert email.attachments == [_pdf(pdf_name)]
    assert mail.outbox == []  # never in the request
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    [message] = mail.outbox
    assert message.to == [cast.aspirant.email]
    assert message.body == "Se den vedhæftede artikel."
    assert [(a[0], a[1], a[2]) for a in message.attachments] == [
        ("Ledelsesrum.pdf", PDF, "application/pdf")
    ]
    # the whole MIME message carries it as an attachment with the file name
    raw = message.message()
    parts = [p for p in raw.walk() if p.get_filename() == "Ledelsesrum.pdf"]
    assert len(parts) == 1
    assert parts[0].get_content_type() == "application/pdf"
    assert parts[0].get_content_disposition() == "attachment"
    assert parts[0].get_payload(decode=True) == PDF


def test_a_template_mail_carries_the_files_to_every_recipient(cast, pdf_name):
    docx = services.attachment_storage().save(
        "mailings/1/opgave.docx", ContentFile(b"PK\x03\x04 word")
    )
    services.email_send(
        to=[cast.aspirant, cast.other_aspirant],
        template=TEMPLATE,
        context={"mailing": {"subject": "Artikler", "body": "Hej"}, "links": [], "files": []},
        kind="test",
        attachments=[
            _pdf(pdf_name),
            {"name": "Opgave.docx", "storage_name": docx, "mimetype": DOCX_TYPE},
        ],
    )
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.aspirant.email, cast.other_aspirant.email]
    )
    for message in mail.outbox:
        assert [(a[0], a[2]) for a in message.attachments] == [
            ("Ledelsesrum.pdf", "application/pdf"),
            ("Opgave.docx", DOCX_TYPE),
        ]
        assert message.attachments[1][1] == b"PK\x03\x04 word"


def test_a_file_gone_before_sending_fails_visibly_and_is_retried(cast, as_, pdf_name):
    email = services.email_queue(
        to=cast.aspirant,
        subject="Artikler",
        body="Se vedhæftet.",
        kind="test",
        cohort_id=cast.cohort.pk,  # the consultant sees the mails about their cohort
        attachments=[_pdf(pdf_name)],
    )
    services.attachment_storage().delete(pdf_name)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        run_worker()
    email.refresh_from_db()
    assert mail.outbox == []
    assert email.status == OutgoingEmail.Status.QUEUED
    assert email.attempts == 1
    assert "Den vedhæftede fil Ledelsesrum.pdf findes ikke længere" in email.last_error
    # the retries (after 1, 5 and 30 minutes) fail the same way, then it is marked failed
    for minutes in (2, 10, 45):
        with time_machine.travel(start + dt.timedelta(minutes=minutes), tick=False):
            run_worker()
    email.refresh_from_db()
    assert email.attempts == MAX_ATTEMPTS
    assert email.status == OutgoingEmail.Status.FAILED
    assert mail.outbox == []
    page = as_(cast.consultant).get(reverse("notifications:email_list") + "?status=failed")
    text = page.content.decode()
    assert "findes ikke længere" in text
    assert "Vedhæftet: Ledelsesrum.pdf" in text
    # the file is put back; "Send igen" then sends it with the attachment
    services.attachment_storage().save(pdf_name, ContentFile(PDF))
    retry = reverse("notifications:email_retry", args=[email.pk])
    assert as_(cast.consultant).post(retry).status_code == 302
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert email.last_error == ""
    assert [a[1] for a in mail.outbox[0].attachments] == [PDF]


def test_more_than_20_mb_in_total_is_refused_and_nothing_queued(cast):
    storage = services.attachment_storage()
    ten_mb = 10 * 1024 * 1024
    first = storage.save("mailings/1/a.pdf", ContentFile(b"%PDF" + b"0" * (ten_mb - 4)))
    second = storage.save("mailings/1/b.pdf", ContentFile(b"%PDF" + b"0" * (ten_mb - 4)))
    third = storage.save("mailings/1/c.pdf", ContentFile(PDF))
    # exactly 20 MB is allowed
    services.email_queue(
        to=cast.aspirant,
        subject="To filer",
        body="x",
        kind="test",
        attachments=[_pdf(first, "a.pdf"), _pdf(second, "b.pdf")],
    )
    with pytest.raises(ValueError, match="højst have 20 MB vedhæftet"):
        services.email_queue(
            to=cast.aspirant,
            subject="Tre filer",
            body="x",
            kind="test",
            attachments=[_pdf(first, "a.pdf"), _pdf(second, "b.pdf"), _pdf(third, "c.pdf")],
        )
    with pytest.raises(ValueError, match="højst have 20 MB vedhæftet"):
        services.email_send(
            to=[cast.aspirant, cast.other_aspirant],
            template=TEMPLATE,
            context={"mailing": {"subject": "Tre filer", "body": "Hej"}, "links": [], "files": []},
            kind="test",
            attachments=[_pdf(first, "a.pdf"), _pdf(second, "b.pdf"), _pdf(third, "c.pdf")],
        )
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["To filer"]
    run_worker()
    assert [m.subject for m in mail.outbox] == ["To filer"]
    assert [len(a[1]) for a in mail.outbox[0].attachments] == [ten_mb, ten_mb]


@pytest.mark.parametrize(
    "entry",
    [
        {"name": "a.pdf", "storage_name": "mailings/1/a.pdf"},
        {"name": "", "storage_name": "mailings/1/a.pdf", "mimetype": "application/pdf"},
        {"name": "a.pdf", "storage_name": None, "mimetype": "application/pdf"},
        "mailings/1/a.pdf",
    ],
)
def test_a_malformed_attachment_is_refused(cast, entry):
    with pytest.raises(ValueError, match="Ugyldig vedhæftet fil"):
        services.email_queue(
            to=cast.aspirant, subject="X", body="Y", kind="test", attachments=[entry]
        )
    assert not OutgoingEmail.objects.exists()


def test_without_attachments_nothing_is_attached(cast):
    email = services.email_queue(to=cast.aspirant, subject="X", body="Y", kind="test")
    assert email.attachments == []
    run_worker()
    assert mail.outbox[0].attachments == []
