"""The mail 14 days before the start (seed 002 §1: "Cirka 14 dage før kursusstart modtager du pr.
mail nogle artikler samt et link til besvarelse af JTI analysen."): scheduled at 07:00 local
time, delivered by the real worker with the clock moved by time_machine, once per participant,
rescheduled when the start date moves; articles as links, and uploaded article files both as real
attachments and as access-checked download links."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification import services
from lederspor.clarification.models import MailingDelivery, PreStartMailing
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Enrolment
from lederspor.programmes.services import cohort_update

JTI = "https://jti.example.dk/besvar/hold-7"
ARTICLE = "https://artikler.example.dk/ledelse-i-en-kommunal-kontekst.pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def deliver_at(moment: dt.datetime) -> list:
    """Run the worker with the clock at `moment`; return the e-mails sent then."""
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        run_worker()
    return list(mail.outbox)


def save_mailing(cast, cohort, *, days_before=14, expected_version=None, **overrides):
    """Write the cohort's mailing, or change it from `expected_version` when given."""
    values = {
        "subject": services.DEFAULT_SUBJECT,
        "body": services.DEFAULT_BODY,
        "jti_url": JTI,
        "article_links": f"Ledelse i en kommunal kontekst | {ARTICLE}",
    }
    values.update(overrides)
    if expected_version is None:
        return services.mailing_create(
            cohort=cohort, days_before=days_before, by=cast.admin, **values
        )
    return services.mailing_update(
        mailing=PreStartMailing.objects.get(cohort=cohort),
        expected_version=expected_version,
        days_before=days_before,
        by=cast.admin,
        **values,
    )


@pytest.fixture
def mailing(cast, cohort):
    return save_mailing(cast, cohort)


def test_not_before_the_offset(cast, cohort, mailing):
    due = cohort.starts_on - dt.timedelta(days=14)
    assert deliver_at(at(due - dt.timedelta(days=1), 12)) == []
    assert deliver_at(at(due, 6, 59)) == []
    assert not MailingDelivery.objects.exists()


def test_at_seven_on_the_day_each_enrolled_participant_gets_it_once(cast, cohort, mailing, anna):
    nominated = Enrolment.objects.create(
        cohort=cohort, person=cast.colleague, status=Enrolment.Status.NOMINATED
    )
    due = cohort.starts_on - dt.timedelta(days=14)
    sent = deliver_at(at(due, 7, 5))
    assert sorted(m.to[0] for m in sent) == sorted([cast.aspirant.email, cast.other_aspirant.email])
    assert cast.colleague.email not in [m.to[0] for m in sent]
    message = next(m for m in sent if m.to == [cast.aspirant.email])
    assert message.subject == services.DEFAULT_SUBJECT
    assert JTI in message.body
    assert ARTICLE in message.body
    assert "Ledelse i en kommunal kontekst" in message.body
    assert f"{settings.SITE_URL}{reverse('programmes:enrolment_detail', args=[anna.pk])}" in (
        message.body
    )
    mailing.refresh_from_db()
    assert mailing.sent_at is not None
    assert MailingDelivery.objects.filter(enrolment=nominated).count() == 0
    # never twice: running again, or saving again, sends nothing more
    assert deliver_at(at(due, 9)) == []
    save_mailing(cast, cohort, expected_version=mailing.version, subject="Rettet emne")
    assert deliver_at(at(due, 10)) == []
    assert MailingDelivery.objects.count() == 2


def test_a_moved_start_date_reschedules(cast, cohort, mailing):
    old_due = cohort.starts_on - dt.timedelta(days=14)
    new_start = cohort.starts_on + dt.timedelta(days=7)
    cohort_update(
        cohort=cohort,
        expected_version=cohort.version,
        by=cast.admin,
        name=cohort.name,
        starts_on=new_start,
        ends_on=cohort.ends_on,
        capacity=cohort.capacity,
        consultants=[cast.consultant],
    )
    mailing.refresh_from_db()
    new_due = new_start - dt.timedelta(days=14)
    assert timezone.localtime(mailing.scheduled_for) == at(new_due, 7)
    assert deliver_at(at(old_due, 8)) == []
    assert deliver_at(at(new_due, 6)) == []
    assert len(deliver_at(at(new_due, 7, 1))) == 2


def test_an_earlier_start_date_sends_earlier(cast, cohort, mailing):
    new_start = cohort.starts_on - dt.timedelta(days=5)
    cohort_update(
        cohort=cohort,
        expected_version=cohort.version,
        by=cast.admin,
        name=cohort.name,
        starts_on=new_start,
        ends_on=cohort.ends_on,
        capacity=cohort.capacity,
        consultants=[cast.consultant],
    )
    assert len(deliver_at(at(new_start - dt.timedelta(days=14), 7))) == 2


def test_changing_the_offset_reschedules(cast, cohort, mailing):
    save_mailing(cast, cohort, days_before=10, expected_version=mailing.version)
    assert deliver_at(at(cohort.starts_on - dt.timedelta(days=14), 8)) == []
    assert len(deliver_at(at(cohort.starts_on - dt.timedelta(days=10), 8))) == 2


def test_attached_files_arrive_as_attachments_and_links_for_the_cohort_only(
    cast, as_, cohort, mailing, anna, tmp_path
):
    attachment = services.attachment_add(
        mailing=mailing,
        title="Ledelsesrum",
        upload=SimpleUploadedFile("ledelsesrum.pdf", PDF, content_type="application/pdf"),
        by=cast.admin,
    )
    assert (tmp_path / "media" / attachment.file.name).read_bytes() == PDF
    sent = deliver_at(at(cohort.starts_on - dt.timedelta(days=14), 7))
    assert len(sent) == 2
    for message in sent:
        assert [(a[0], a[1], a[2]) for a in message.attachments] == [
            ("ledelsesrum.pdf", PDF, "application/pdf")
        ]
    url = reverse("clarification:attachment_download", args=[attachment.pk])
    assert all(
        f"Ledelsesrum (vedhæftet; kan også hentes her): {settings.SITE_URL}{url}" in m.body
        for m in sent
    )
    for who in ("aspirant", "other_aspirant", "consultant", "admin"):
        response = as_(getattr(cast, who)).get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == PDF
    for who in ("leader", "chef", "host", "outsider", "hr_colleague", "colleague"):
        assert as_(getattr(cast, who)).get(url).status_code == 404, who


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.exe", b"MZ....", "PDF- eller Word-fil"),
        ("falsk.pdf", b"hello", "ikke en gyldig"),
        ("tom.pdf", b"", "Filen er tom."),
    ],
)
def test_bad_files_are_refused(cast, as_, cohort, mailing, name, content, message):
    response = as_(cast.consultant).post(
        reverse("clarification:attachment_add", args=[cohort.pk]),
        {"title": "Artikel", "upload": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not mailing.attachments.exists()


def test_a_too_large_file_is_refused(cast, cohort, mailing, monkeypatch):
    from lederspor.clarification import services as s

    monkeypatch.setattr(s, "MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(Exception, match="for stor"):
        s.attachment_add(
            mailing=mailing,
            title="",
            upload=SimpleUploadedFile("stor.pdf", PDF),
            by=cast.admin,
        )


def form_data(mailing=None, **overrides):
    data = {
        "subject": "Velkommen til Leder på spring",
        "body": "Læs artiklerne.",
        "jti_url": JTI,
        "article_links": ARTICLE,
        "days_before": "14",
        "version": str(mailing.version) if mailing else "0",
    }
    data.update(overrides)
    return data


def test_the_consultant_writes_the_mailing_with_the_default_text(cast, as_, cohort):
    c = as_(cast.consultant)
    url = reverse("clarification:mailing_edit", args=[cohort.pk])
    page = c.get(url).content.decode()
    assert "Cirka 14 dage før kursusstart modtager du pr. mail" in page
    assert "Kære deltager" in page
    assert c.post(url, form_data()).status_code == 302
    mailing = PreStartMailing.objects.get(cohort=cohort)
    due = timezone.localtime(mailing.scheduled_for)
    assert due == at(cohort.starts_on - dt.timedelta(days=14), 7)
    overview = c.get(reverse("clarification:cohort", args=[cohort.pk])).content.decode()
    assert "Planlagt til" in overview
    deliver_at(due + dt.timedelta(minutes=1))
    overview = c.get(reverse("clarification:cohort", args=[cohort.pk])).content.decode()
    assert "Sendt til 2 deltagere den" in overview


def test_a_concurrent_edit_is_refused_and_the_text_kept(cast, as_, cohort, mailing):
    url = reverse("clarification:mailing_edit", args=[cohort.pk])
    stale = form_data(mailing, body="Min egen lange tekst")
    save_mailing(cast, cohort, expected_version=mailing.version, subject="Kollegaens emne")
    response = as_(cast.consultant).post(url, stale)
    assert response.status_code == 409
    assert "ændret af en anden" in response.content.decode()
    assert "Min egen lange tekst" in response.content.decode()
    mailing.refresh_from_db()
    assert mailing.subject == "Kollegaens emne"


def test_a_second_mailing_for_the_cohort_is_refused_as_stale(cast, cohort, mailing):
    with pytest.raises(ConcurrentEditError, match="Mailen er ændret af en anden"):
        save_mailing(cast, cohort, subject="Skrevet samtidig")
    assert PreStartMailing.objects.get(cohort=cohort).subject == services.DEFAULT_SUBJECT


def test_changing_the_mailing_needs_the_version_it_was_loaded_with(cast, cohort, mailing):
    with pytest.raises(TypeError, match="int version"):
        services.mailing_update(
            mailing=mailing,
            expected_version=None,
            subject="Uden version",
            body="Tekst",
            jti_url="",
            article_links="",
            days_before=14,
            by=cast.admin,
        )
    assert PreStartMailing.objects.get(pk=mailing.pk).version == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("subject", "", "Skriv et emne."),
        ("jti_url", "ikke et link", "Angiv et gyldigt link"),
        ("article_links", "www.uden-skema.dk", "skal begynde med https://"),
        ("days_before", "500", "mellem 0 og 120"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(cast, as_, cohort, field, value, message):
    response = as_(cast.consultant).post(
        reverse("clarification:mailing_edit", args=[cohort.pk]),
        form_data(**{field: value, "body": "Tekst jeg har skrevet"}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Tekst jeg har skrevet" in response.content.decode()
    assert not PreStartMailing.objects.exists()


@pytest.mark.parametrize(
    "who, status",
    [
        ("aspirant", 404),
        ("leader", 404),
        ("chef", 404),
        ("outsider", 404),
        ("host", 404),
        ("hr_colleague", 403),
    ],
)
def test_only_the_consultants_edit_the_mailing(cast, as_, cohort, who, status):
    response = as_(getattr(cast, who)).post(
        reverse("clarification:mailing_edit", args=[cohort.pk]), form_data()
    )
    assert response.status_code == status
    assert not PreStartMailing.objects.exists()


def test_a_participant_enrolled_after_the_send_gets_it_on_request_once(cast, as_, cohort, mailing):
    due = cohort.starts_on - dt.timedelta(days=14)
    deliver_at(at(due, 7))
    late = Enrolment.objects.create(
        cohort=cohort, person=cast.colleague, status=Enrolment.Status.ENROLLED
    )
    c = as_(cast.consultant)
    page = c.get(reverse("clarification:mailing_edit", args=[cohort.pk])).content.decode()
    assert "1 optaget deltager har ikke fået mailen" in page
    url = reverse("clarification:mailing_send_missing", args=[cohort.pk])
    assert as_(cast.aspirant).post(url).status_code == 404
    assert c.post(url).status_code == 302
    assert c.post(url).status_code == 302  # nothing more to send
    sent = deliver_at(at(due, 9))
    assert [m.to for m in sent] == [[cast.colleague.email]]
    assert MailingDelivery.objects.filter(enrolment=late).count() == 1


def test_before_it_has_gone_out_it_is_not_sent_on_request(cast, as_, cohort, mailing):
    response = as_(cast.consultant).post(
        reverse("clarification:mailing_send_missing", args=[cohort.pk])
    )
    assert response.status_code == 302
    assert not MailingDelivery.objects.exists()


def test_a_word_file_is_attached_and_files_beyond_20_mb_stay_links(cast, cohort, mailing):
    docx = services.attachment_add(
        mailing=mailing,
        title="Hjemmeopgave",
        upload=SimpleUploadedFile("hjemmeopgave.docx", b"PK\x03\x04 word"),
        by=cast.admin,
    )
    ten_mb = 10 * 1024 * 1024
    big = [
        services.attachment_add(
            mailing=mailing,
            title=f"Stor artikel {n}",
            upload=SimpleUploadedFile(f"stor-{n}.pdf", b"%PDF" + b"0" * (ten_mb - 4)),
            by=cast.admin,
        )
        for n in (1, 2)
    ]
    sent = deliver_at(at(cohort.starts_on - dt.timedelta(days=14), 7))
    assert len(sent) == 2
    for message in sent:
        # the Word file and the first large PDF fit within 20 MB; the second does not
        assert [(a[0], a[2]) for a in message.attachments] == [
            (
                "hjemmeopgave.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
            ("stor-1.pdf", "application/pdf"),
        ]
        assert message.attachments[0][1] == b"PK\x03\x04 word"
        for attachment in [docx, *big]:  # every file keeps its download link
            url = reverse("clarification:attachment_download", args=[attachment.pk])
            assert (
                f"{attachment.title} (vedhæftet; kan også hentes her): {settings.SITE_URL}{url}"
                in message.body
            )


def test_a_file_deleted_after_queueing_fails_the_mail_visibly(
    cast, as_, cohort, mailing, tmp_path, django_capture_on_commit_callbacks
):
    attachment = services.attachment_add(
        mailing=mailing,
        title="Ledelsesrum",
        upload=SimpleUploadedFile("ledelsesrum.pdf", PDF),
        by=cast.admin,
    )
    due = at(cohort.starts_on - dt.timedelta(days=14), 7)
    with time_machine.travel(due, tick=False):
        # the mailing task queues the mails; the file is removed before the mails go out
        from lederspor.clarification.mailing import mailing_deliver

        assert mailing_deliver(PreStartMailing.objects.get(pk=mailing.pk)) == 2
        with django_capture_on_commit_callbacks(execute=True):
            services.attachment_delete(attachment=attachment, by=cast.admin)
    assert not (tmp_path / "media" / attachment.file.name).exists()
    assert deliver_at(due + dt.timedelta(minutes=1)) == []
    page = as_(cast.consultant).get(reverse("notifications:email_list")).content.decode()
    assert "Den vedhæftede fil ledelsesrum.pdf findes ikke længere" in page
