"""The e-mail page: HR staff see queue and failures and can re-queue; nobody else sees it."""

import pytest
from django.core import mail
from django.urls import reverse

from lederspor.core.models import AuditEvent
from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker

URL = reverse("notifications:email_list")


@pytest.fixture
def failed(cast):
    email = services.email_queue(
        to=cast.leader, subject="Din netværksgruppe", body="Personlig brødtekst", kind="t"
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=4, last_error="SMTP nede"
    )
    return email


@pytest.mark.parametrize("who", ["consultant", "hr_colleague", "admin"])
def test_hr_staff_see_failures(cast, as_, failed, who):
    page = as_(getattr(cast, who)).get(URL + "?status=failed")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Din netværksgruppe" in text
    assert "SMTP nede" in text
    assert "1 e-mail kunne ikke sendes." in text
    assert "Personlig brødtekst" not in text  # the body is personal data and not shown


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant", "host", "outsider"])
def test_others_get_404(cast, as_, failed, who):
    client = as_(getattr(cast, who))
    assert client.get(URL).status_code == 404
    retry = reverse("notifications:email_retry", args=[failed.pk])
    assert client.post(retry).status_code == 404
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_retry_requeues_and_the_worker_sends(cast, as_, failed):
    response = as_(cast.consultant).post(reverse("notifications:email_retry", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.QUEUED
    assert AuditEvent.objects.filter(action="email.retry", object_id=str(failed.pk)).exists()
    run_worker()
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Din netværksgruppe"]


def test_retry_of_a_sent_email_is_refused(cast, as_):
    email = services.email_queue(to=cast.leader, subject="Sendt", body="x", kind="t")
    run_worker()
    response = as_(cast.consultant).post(
        reverse("notifications:email_retry", args=[email.pk]), follow=True
    )
    assert "allerede sendt" in response.content.decode()
    assert len(mail.outbox) == 1


def test_dates_are_danish_and_the_intro_is_plain(cast, as_, failed):
    import datetime

    from django.utils import timezone

    when = datetime.datetime(2026, 11, 21, 22, 40, tzinfo=timezone.get_current_timezone())
    OutgoingEmail.objects.filter(pk=failed.pk).update(created_at=when)
    text = as_(cast.consultant).get(URL).content.decode()
    assert "21. nov 2026 22:40" in text
    assert "lederspor worker" not in text  # no developer jargon for HR consultants
    assert "tryk Send igen" in text


def test_get_on_retry_goes_back_to_the_list(cast, as_, failed):
    retry = reverse("notifications:email_retry", args=[failed.pk])
    response = as_(cast.consultant).get(retry)
    assert response.status_code == 302 and response["Location"] == URL
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED
