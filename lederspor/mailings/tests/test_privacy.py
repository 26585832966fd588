"""What bulk mail holds about a person in the privacy registries (issue #16 §3, issue #15 §2):
the access export, erasure and the retention of who received a mailing."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.mailings import privacy
from lederspor.mailings.models import Mailing, MailingRecipient, MailTemplate
from lederspor.privacy.registry import personal_data, retention_rules


@pytest.fixture
def sent(cast):
    template = MailTemplate.objects.create(
        name="Velkomst", subject="Hej", body="Tekst", created_by=cast.consultant
    )
    mailing = Mailing.objects.create(
        cohort=cast.cohort,
        audience="participants",
        subject="Velkommen til holdet",
        body="Kære {fornavn}",
        template=template,
        created_by=cast.consultant,
        recipient_count=2,
    )
    for person in (cast.aspirant, cast.other_aspirant):
        MailingRecipient.objects.create(mailing=mailing, person=person)
    return mailing


def test_registered_for_export_erasure_and_retention():
    assert "mailings.mailings" in personal_data
    assert "mailings.recipients" in retention_rules


def test_the_export_has_the_mailings_received_and_sent(cast, sent):
    received = privacy.export_mailings(cast.aspirant)
    assert [r["record"] for r in received] == ["mailing_received"]
    assert received[0]["mailing.subject"] == "Velkommen til holdet"
    assert received[0]["mailing.created_by.full_name"] == "Kim Konsulent"
    sender = {r["record"] for r in privacy.export_mailings(cast.consultant)}
    assert sender == {"mailing_sent", "mail_template_created"}
    assert privacy.export_mailings(cast.outsider) == []


def test_erasure_previews_then_deletes_the_received_rows_and_unlinks_the_sender(cast, sent):
    lines = privacy.erase_mailings(cast.aspirant, apply=False)
    assert [line.count for line in lines] == [1, 0, 0]
    assert MailingRecipient.objects.filter(person=cast.aspirant).exists()
    privacy.erase_mailings(cast.aspirant, apply=True)
    assert not MailingRecipient.objects.filter(person=cast.aspirant).exists()
    assert MailingRecipient.objects.filter(person=cast.other_aspirant).exists()
    privacy.erase_mailings(cast.consultant, apply=True)
    sent.refresh_from_db()
    assert sent.created_by is None and sent.body == "Kære {fornavn}"
    assert not MailTemplate.objects.filter(created_by=cast.consultant).exists()


def test_retention_deletes_old_recipient_rows_idempotently(cast, sent):
    MailingRecipient.objects.filter(person=cast.aspirant).update(
        created_at=timezone.now() - dt.timedelta(days=400)
    )
    cutoff = timezone.now() - dt.timedelta(days=365)
    assert privacy.expire_recipients(cutoff, apply=False) == 1
    assert privacy.expire_recipients(cutoff, apply=True) == 1
    assert privacy.expire_recipients(cutoff, apply=True) == 0
    assert MailingRecipient.objects.count() == 1
