"""The e-mail page (issue #15 §4): HR staff with the permission to see all mail see every mail;
a cohort's consultant sees only the mails about their own cohorts; everyone else gets 404.
"Send igen" works only on a mail the viewer may see, and asks first when the relay may already
have accepted the mail."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lederspor.core.models import AuditEvent
from lederspor.notifications import services
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Cohort

URL = reverse("notifications:email_list")


def _retry(email):
    return reverse("notifications:email_retry", args=[email.pk])


def _grant_view_all(person):
    perm = Permission.objects.get(
        codename="view_all_email", content_type__app_label="notifications"
    )
    person.user.user_permissions.add(perm)


@pytest.fixture
def other_cohort(cast):
    """Cohort B: the same programme, with the HR colleague as its only consultant."""
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=cast.cohort.programme,
        name="Hold B",
        starts_on=today,
        ends_on=today + dt.timedelta(days=90),
        capacity=10,
    )
    cohort.consultants.add(cast.hr_colleague)
    return cohort


def _failed(cast, *, subject, cohort_id, to=None):
    email = services.email_queue(
        to=to or cast.leader,
        subject=subject,
        body="Personlig brødtekst",
        kind="t",
        cohort_id=cohort_id,
    )
    OutgoingEmail.objects.filter(pk=email.pk).update(
        status=OutgoingEmail.Status.FAILED, attempts=4, last_error="SMTP nede"
    )
    return email


@pytest.fixture
def failed(cast):
    """A failed mail about the consultant's cohort (cohort A)."""
    return _failed(cast, subject="Din netværksgruppe", cohort_id=cast.cohort.pk)


@pytest.fixture
def about_b(cast, other_cohort):
    """A failed mail about cohort B to the leader, whose aspirant is in cohort A."""
    return _failed(cast, subject="Hemmeligt hold B", cohort_id=other_cohort.pk)


@pytest.fixture
def about_no_cohort(cast):
    """A mail about no cohort (e.g. a password reset)."""
    return _failed(cast, subject="Nulstil din adgangskode", cohort_id=None)


def test_hr_staff_with_the_permission_see_every_mail(cast, as_, failed, about_b, about_no_cohort):
    _grant_view_all(cast.hr_colleague)
    for who in (cast.hr_colleague, cast.admin):
        page = as_(who).get(URL + "?status=failed")
        assert page.status_code == 200
        text = page.content.decode()
        for subject in ("Din netværksgruppe", "Hemmeligt hold B", "Nulstil din adgangskode"):
            assert subject in text
        assert "SMTP nede" in text
        assert "3 e-mails kunne ikke sendes." in text
        assert "Personlig brødtekst" not in text  # the body is personal data and not shown


def test_a_consultant_sees_only_the_mails_about_their_own_cohorts(
    cast, as_, failed, about_b, about_no_cohort
):
    client = as_(cast.consultant)
    text = client.get(URL).content.decode()
    assert "Din netværksgruppe" in text
    assert "Hemmeligt hold B" not in text  # same recipient, another cohort
    assert "Nulstil din adgangskode" not in text
    assert "1 e-mail kunne ikke sendes." in text
    export = client.get(URL + "?format=csv")
    assert export.status_code == 200
    exported = export.content.decode("utf-8-sig")
    assert "Din netværksgruppe" in exported and "Hemmeligt hold B" not in exported


def test_a_consultant_of_cohort_b_sees_b_not_a(cast, as_, failed, about_b):
    text = as_(cast.hr_colleague).get(URL).content.decode()  # consults B, no view_all_email
    assert "Hemmeligt hold B" in text and "Din netværksgruppe" not in text


def test_a_consultant_cannot_resend_a_mail_about_another_cohort(cast, as_, about_b):
    client = as_(cast.consultant)
    assert client.post(_retry(about_b)).status_code == 404
    assert client.post(_retry(about_b), {"confirm": "1"}).status_code == 404
    assert client.get(_retry(about_b)).status_code == 404
    about_b.refresh_from_db()
    assert about_b.status == OutgoingEmail.Status.FAILED
    assert not AuditEvent.objects.filter(action="email.retry").exists()


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant", "host", "outsider"])
def test_others_get_404(cast, as_, failed, who):
    client = as_(getattr(cast, who))
    assert client.get(URL).status_code == 404
    assert client.post(_retry(failed)).status_code == 404
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED


def test_hr_staff_without_the_permission_or_a_cohort_get_404(cast, as_, failed):
    # the HR colleague holds manage_programmes but consults no cohort here
    client = as_(cast.hr_colleague)
    assert client.get(URL).status_code == 404
    assert client.post(_retry(failed)).status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get(URL).status_code == 302


def test_retry_of_a_failed_mail_requeues_at_once_and_the_worker_sends(cast, as_, failed):
    response = as_(cast.consultant).post(_retry(failed))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.QUEUED
    assert AuditEvent.objects.filter(action="email.retry", object_id=str(failed.pk)).exists()
    run_worker()
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == ["Din netværksgruppe"]


def test_resending_a_sent_mail_asks_first_then_sends_with_a_new_message_id(cast, as_):
    email = services.email_queue(
        to=cast.leader, subject="Sendt", body="x", kind="t", cohort_id=cast.cohort.pk
    )
    run_worker()
    email.refresh_from_db()
    first_id = email.message_id
    client = as_(cast.consultant)
    assert "Send igen …" in client.get(URL).content.decode()
    for response in (client.post(_retry(email)), client.get(_retry(email))):
        assert response.status_code == 200
        text = response.content.decode()
        assert "Send e-mailen igen?" in text
        assert "får modtageren den to gange" in text
        assert 'name="confirm" value="1"' in text
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT  # nothing changed
    run_worker()
    assert len(mail.outbox) == 1
    response = client.post(_retry(email), {"confirm": "1"})
    assert response.status_code == 302
    run_worker()
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert len(mail.outbox) == 2
    # a new message the recipient asked for: a new Message-ID (clients drop a repeated one)
    assert email.message_id and email.message_id != first_id
    assert [m.message()["Message-ID"] for m in mail.outbox] == [first_id, email.message_id]
    event = AuditEvent.objects.get(action="email.retry", object_id=str(email.pk))
    assert event.data["confirmed"] is True


def test_the_service_refuses_an_unconfirmed_resend_of_a_mail_being_sent(cast):
    email = _failed(cast, subject="X", cohort_id=cast.cohort.pk)
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.SENDING)
    with pytest.raises(services.ResendNeedsConfirmation):
        services.email_retry(email=email, by=cast.consultant.user)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENDING
    services.email_retry(email=email, by=cast.consultant.user, confirmed=True)
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.QUEUED


def test_dates_are_danish_and_the_intro_is_plain(cast, as_, failed):
    when = dt.datetime(2026, 11, 21, 22, 40, tzinfo=timezone.get_current_timezone())
    OutgoingEmail.objects.filter(pk=failed.pk).update(created_at=when)
    text = as_(cast.consultant).get(URL).content.decode()
    assert "21. nov 2026 22:40" in text
    assert "lederspor worker" not in text  # no developer jargon for HR consultants
    assert "tryk Send igen" in text


def test_get_on_retry_of_a_failed_mail_goes_back_to_the_list(cast, as_, failed):
    response = as_(cast.consultant).get(_retry(failed))
    assert response.status_code == 302 and response["Location"] == URL
    failed.refresh_from_db()
    assert failed.status == OutgoingEmail.Status.FAILED


@pytest.mark.parametrize("who", ["consultant", "hr_colleague"])
def test_the_list_makes_the_same_queries_for_5_and_25_mails(cast, as_, other_cohort, who):
    if who == "hr_colleague":
        _grant_view_all(cast.hr_colleague)
    client = as_(getattr(cast, who))
    client.get(URL)  # warm the session and caches

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL).status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        _failed(cast, subject=f"Mail {n}", cohort_id=cast.cohort.pk)
    few = queries()
    for n in range(20):
        _failed(cast, subject=f"Mere {n}", cohort_id=cast.cohort.pk, to=cast.aspirant)
    assert queries() == few


def test_reading_the_list_is_in_the_read_log(cast, as_, failed):
    from lederspor.privacy.models import ReadLogEntry

    assert as_(cast.consultant).get(URL).status_code == 200
    entry = ReadLogEntry.objects.get(path=URL)
    assert "email" in entry.kinds
    assert entry.subjects.split() == [str(cast.leader.pk)]  # " 2 ": the ids, space-separated


def test_the_list_pages_by_the_page_size_newest_first(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 3
    for n in range(7):
        _failed(cast, subject=f"Nummer {n}", cohort_id=cast.cohort.pk)
    client = as_(cast.consultant)
    first = client.get(URL).content.decode()
    assert "Nummer 6" in first and "Nummer 4" in first and "Nummer 3" not in first
    assert "Side 1 af 3" in first
    last = client.get(URL, {"page": 3}).content.decode()
    assert "Nummer 0" in last and "Nummer 1" not in last


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads SQLite's query plan")
@pytest.mark.parametrize("cohort", [False, True])
def test_the_newest_first_order_is_served_by_an_index(cast, cohort):
    # issue #17 §1: the e-mail page sorted the whole queue (no index on created_at)
    emails = OutgoingEmail.objects.all()
    if cohort:
        emails = emails.filter(cohort_id=cast.cohort.pk)
    sql, params = emails.order_by("-created_at", "-pk")[:50].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "TEMP B-TREE" not in plan, plan
    assert "INDEX email_" in plan, plan
