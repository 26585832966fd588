"""Bulk mail (issue #16 §3): who may send to whom, the preview, sending once through the
worker, the record on each person's HR page, templates with concurrent edits."""

import re
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lederspor.core.audit import AuditEvent
from lederspor.mailings.models import Audience, Mailing, MailingRecipient, MailTemplate
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.testing import make_person

COMPOSE = reverse("mailings:compose")


def _post(cast, **extra):
    data = {
        "audience": Audience.PARTICIPANTS,
        "cohort": cast.cohort.pk,
        "programme": "",
        "unit": "",
        "statuses": [Enrolment.Status.ENROLLED],
        "subject": "Velkommen til {hold}",
        "body": "Kære {fornavn}\n\nDin leder er {nærmeste_leder}.",
        "action": "preview",
    }
    data.update(extra)
    return data


def _send(client, cast, **extra):
    preview = client.post(COMPOSE, _post(cast, **extra))
    assert preview.status_code == 200, preview.content.decode()[:3000]
    token = re.search(r'name="token" value="([0-9a-f-]+)"', preview.content.decode()).group(1)
    return client.post(COMPOSE, _post(cast, action="send", token=token, **extra)), token


@pytest.fixture
def lone_consultant(cast):
    """A consultant of another cohort, without the HR permission."""
    person = make_person("Kaj", "Konsulent", cast.hr_unit, number="901", title="Konsulent")
    other = Cohort.objects.create(
        programme=cast.programme,
        name="Andet hold",
        starts_on=cast.cohort.starts_on,
        ends_on=cast.cohort.ends_on,
        capacity=10,
    )
    other.consultants.add(person)
    return person


# --- who may ------------------------------------------------------------------------------


def test_the_cohort_page_links_to_mail_for_its_managers(cast, as_):
    page = as_(cast.consultant).get(reverse("programmes:cohort_detail", args=[cast.cohort.pk]))
    assert reverse("mailings:cohort_list", args=[cast.cohort.pk]) in page.content.decode()
    assert "Send mail til holdet" in page.content.decode()


@pytest.mark.parametrize("who", ["consultant", "hr_colleague"])
def test_the_consultant_and_hr_open_the_pages(cast, as_, who):
    client = as_(getattr(cast, who))
    for url in (
        reverse("mailings:index"),
        reverse("mailings:cohort_list", args=[cast.cohort.pk]),
        f"{COMPOSE}?hold={cast.cohort.pk}",
        reverse("mailings:templates"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["leader", "aspirant", "chef", "host", "outsider"])
def test_leaders_and_participants_get_404(cast, as_, who):
    client = as_(getattr(cast, who))
    for url in (
        reverse("mailings:index"),
        reverse("mailings:cohort_list", args=[cast.cohort.pk]),
        COMPOSE,
        reverse("mailings:templates"),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(COMPOSE, _post(cast)).status_code == 404
    assert not OutgoingEmail.objects.exists()


def test_a_consultant_not_on_the_cohort_gets_404_and_cannot_mail_it(cast, as_, lone_consultant):
    client = as_(lone_consultant)
    assert client.get(reverse("mailings:cohort_list", args=[cast.cohort.pk])).status_code == 404
    assert client.get(f"{COMPOSE}?hold={cast.cohort.pk}").status_code == 404
    response = client.post(COMPOSE, _post(cast))
    assert response.status_code == 400  # not among the cohorts they may choose
    assert "Vælg et af de hold, du kan sende mail til." in response.content.decode()
    # a selection without a cohort reaches only their own cohorts (none enrolled there)
    response = client.post(COMPOSE, _post(cast, cohort=""))
    assert response.status_code == 400
    assert "ingen modtagere" in response.content.decode()
    assert not OutgoingEmail.objects.exists()


def test_a_mailing_is_404_for_a_consultant_of_another_cohort(cast, as_, lone_consultant):
    _send(as_(cast.consultant), cast)
    mailing = Mailing.objects.get()
    url = reverse("mailings:detail", args=[mailing.pk])
    assert as_(cast.consultant).get(url).status_code == 200
    assert as_(cast.hr_colleague).get(url).status_code == 200
    assert as_(lone_consultant).get(url).status_code == 404
    assert as_(cast.aspirant).get(url).status_code == 404
    assert as_(cast.leader).get(url).status_code == 404


# --- preview and sending ------------------------------------------------------------------


def test_the_preview_shows_the_rendered_mail_the_count_and_the_recipients(cast, as_):
    response = as_(cast.consultant).post(COMPOSE, _post(cast))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mailen sendes til 2 modtagere." in page
    # the first recipient by name (Aspirant, Anna) with the merge fields filled in
    assert "Velkommen til Aspiranthold test" in page
    assert "Kære Anna" in page and "Din leder er Lars Leder." in page
    assert cast.other_aspirant.email in page
    assert not OutgoingEmail.objects.exists() and not Mailing.objects.exists()


def test_the_preview_pages_the_recipient_list(cast, as_):
    for n in range(25):
        person = make_person(f"Ny{n:02d}", "Zeta", cast.workplace, number=f"97{n:02d}")
        Enrolment.objects.create(
            cohort=cast.cohort, person=person, status=Enrolment.Status.ENROLLED
        )
    client = as_(cast.consultant)
    first = client.post(COMPOSE, _post(cast)).content.decode()
    assert "Mailen sendes til 27 modtagere." in first and "Side 1 af 2" in first
    assert "ny24@" not in first.lower()
    token = re.search(r'name="token" value="([0-9a-f-]+)"', first).group(1)
    second = client.post(COMPOSE, _post(cast, page=2, token=token)).content.decode()
    assert "Side 2 af 2" in second and f'value="{token}"' in second
    assert "Ny24 Zeta" in second


def test_persons_without_email_or_leader_are_listed_as_skipped(cast, as_):
    Person.objects.filter(pk=cast.other_aspirant.pk).update(email="", is_active=True)
    response = as_(cast.consultant).post(COMPOSE, _post(cast))
    page = response.content.decode()
    assert "Mailen sendes til 1 modtager." in page
    assert "Springes over" in page and "Har ingen e-mailadresse" in page
    Person.objects.filter(pk=cast.aspirant.pk).update(manager=None)
    response = as_(cast.consultant).post(COMPOSE, _post(cast, audience=Audience.LEADERS))
    page = response.content.decode()
    assert "Har ingen nærmeste leder" in page
    assert "Mailen sendes til 1 modtager." in page  # Bo's leader, Lene


def test_sending_queues_one_mail_per_recipient_delivered_by_the_worker(cast, as_):
    response, _token = _send(as_(cast.consultant), cast)
    mailing = Mailing.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("mailings:detail", args=[mailing.pk])
    assert mailing.recipient_count == 2 and mailing.cohort == cast.cohort
    assert mailing.created_by == cast.consultant
    assert OutgoingEmail.objects.filter(kind="mailings.mailing").count() == 2
    assert not mail.outbox  # nothing is sent in the request
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {cast.aspirant.email, cast.other_aspirant.email}
    anna = by_address[cast.aspirant.email]
    assert anna.subject == "Velkommen til Aspiranthold test"
    assert "Kære Anna" in anna.body and "Din leder er Lars Leder." in anna.body
    assert "Kære Bo" in by_address[cast.other_aspirant.email].body
    html = {mime: content for content, mime in anna.alternatives}["text/html"]
    assert "Kære Anna<br>" in html or "<p>Kære Anna</p>" in html
    assert set(
        MailingRecipient.objects.filter(mailing=mailing).values_list("email__status", flat=True)
    ) == {OutgoingEmail.Status.SENT}
    assert AuditEvent.objects.filter(action="mailing.send", object_id=str(mailing.pk)).count() == 1


def test_a_double_submit_sends_once(cast, as_):
    client = as_(cast.consultant)
    first, token = _send(client, cast)
    again = client.post(COMPOSE, _post(cast, action="send", token=token))
    assert first.status_code == again.status_code == 302
    assert again.url == first.url
    assert Mailing.objects.count() == 1
    assert OutgoingEmail.objects.count() == 2
    run_worker()
    assert len(mail.outbox) == 2


def test_the_nearest_leaders_get_one_mail_each(cast, as_):
    # Lars leads Anna and Carl; both on the cohort → one mail to Lars naming both
    Enrolment.objects.create(
        cohort=cast.cohort, person=cast.colleague, status=Enrolment.Status.ENROLLED
    )
    _send(
        as_(cast.consultant),
        cast,
        audience=Audience.LEADERS,
        subject="Om dine deltagere",
        body="Kære {fornavn}. Dine deltagere: {deltagere}.",
    )
    run_worker()
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {cast.leader.email, cast.other_leader.email}
    assert "Dine deltagere: Anna Aspirant, Carl Kollega." in by_address[cast.leader.email].body


def test_a_filtered_selection_by_unit_and_status(cast, as_):
    Enrolment.objects.filter(pk=cast.other_enrolment.pk).update(status=Enrolment.Status.NOMINATED)
    client = as_(cast.hr_colleague)
    page = client.post(
        COMPOSE,
        _post(cast, cohort="", programme=cast.programme.pk, unit=cast.workplace.pk),
    ).content.decode()
    assert "Mailen sendes til 1 modtager." in page and "Kære Anna" in page
    page = client.post(
        COMPOSE,
        _post(cast, cohort="", statuses=[Enrolment.Status.NOMINATED]),
    ).content.decode()
    assert "Mailen sendes til 1 modtager." in page and "Kære Bo" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"subject": ""}, "Skriv et emne."),
        ({"body": ""}, "Skriv mailens tekst."),
        ({"body": "Hej {efternavn}"}, "Ukendt flettefelt {efternavn}"),
        ({"subject": "Hej {fornavn"}, "enlig klamme"),
        ({"statuses": []}, "Vælg mindst én status."),
    ],
)
def test_bad_input_keeps_the_form_with_a_danish_error(cast, as_, fields, message):
    response = as_(cast.consultant).post(COMPOSE, _post(cast, **fields))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Din leder er {nærmeste_leder}." in page or fields.get("body") is not None
    assert not Mailing.objects.exists()


def test_no_recipients_is_refused(cast, as_):
    response = as_(cast.consultant).post(
        COMPOSE, _post(cast, statuses=[Enrolment.Status.COMPLETED])
    )
    assert response.status_code == 400
    assert "Udvalget har ingen modtagere" in response.content.decode()


def test_edit_goes_back_to_the_form_with_the_text_kept(cast, as_):
    response = as_(cast.consultant).post(COMPOSE, _post(cast, action="edit", subject="Mit emne"))
    assert response.status_code == 200
    assert 'value="Mit emne"' in response.content.decode()


def test_a_template_fills_the_form(cast, as_):
    template = MailTemplate.objects.create(name="Velkomst", subject="Hej {hold}", body="Tekst")
    page = (
        as_(cast.consultant)
        .get(f"{COMPOSE}?hold={cast.cohort.pk}&skabelon={template.pk}")
        .content.decode()
    )
    assert 'value="Hej {hold}"' in page


# --- records ------------------------------------------------------------------------------


def test_the_person_page_lists_the_mailings_received(cast, as_):
    _send(as_(cast.consultant), cast, subject="Husk mødegangen")
    page = (
        as_(cast.hr_colleague)
        .get(reverse("people:person_detail", args=[cast.aspirant.pk]))
        .content.decode()
    )
    assert "Fællesmails" in page and "Husk mødegangen" in page and "Kim Konsulent" in page
    other = (
        as_(cast.hr_colleague)
        .get(reverse("people:person_detail", args=[cast.outsider.pk]))
        .content.decode()
    )
    assert "Husk mødegangen" not in other
    assert "Personen har ikke fået nogen fællesmails." in other


def test_the_history_lists_the_cohorts_mailings(cast, as_):
    _send(as_(cast.consultant), cast, subject="Første")
    page = (
        as_(cast.consultant)
        .get(reverse("mailings:cohort_list", args=[cast.cohort.pk]))
        .content.decode()
    )
    assert "Første" in page


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_history_and_detail_take_the_same_queries_at_two_sizes(cast, as_):
    client = as_(cast.consultant)
    _send(client, cast, subject="Første")

    def urls():
        newest = Mailing.objects.order_by("-pk").first()
        return [
            reverse("mailings:cohort_list", args=[cast.cohort.pk]),
            reverse("mailings:index"),
            reverse("mailings:detail", args=[newest.pk]),
            reverse("people:person_detail", args=[cast.aspirant.pk]),
        ]

    small = [_queries(client, url) for url in urls()]
    for n in range(4):
        person = make_person(f"Ny{n}", "Deltager", cast.workplace, number=f"95{n}")
        Enrolment.objects.create(
            cohort=cast.cohort, person=person, status=Enrolment.Status.ENROLLED
        )
    for n in range(3):
        _send(client, cast, subject=f"Mere {n}")
    assert Mailing.objects.order_by("-pk").first().recipient_count == 6
    assert [_queries(client, url) for url in urls()] == small


def test_the_preview_takes_the_same_queries_at_two_sizes(cast, as_):
    client = as_(cast.consultant)

    def preview_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.post(COMPOSE, _post(cast)).status_code == 200
        return len(ctx.captured_queries)

    small = preview_queries()
    for n in range(5):
        person = make_person(f"Ny{n}", "Deltager", cast.workplace, number=f"96{n}")
        Enrolment.objects.create(
            cohort=cast.cohort, person=person, status=Enrolment.Status.ENROLLED
        )
    assert preview_queries() == small


# --- templates ----------------------------------------------------------------------------


def test_a_template_is_created_and_a_stale_edit_is_refused_with_the_text_kept(cast, as_):
    client = as_(cast.consultant)
    url = reverse("mailings:templates")
    bad = client.post(url, {"version": 0, "name": "X", "subject": "Hej {alder}", "body": "b"})
    assert bad.status_code == 400 and "Ukendt flettefelt {alder}" in bad.content.decode()
    response = client.post(
        url, {"version": 0, "name": "Velkomst", "subject": "Hej {fornavn}", "body": "Tekst"}
    )
    assert response.status_code == 302
    template = MailTemplate.objects.get(name="Velkomst")
    edit = reverse("mailings:template_edit", args=[template.pk])
    ok = client.post(edit, {"version": 1, "name": "Velkomst", "subject": "Hej", "body": "Ny"})
    assert ok.status_code == 302
    stale = as_(cast.hr_colleague).post(
        edit, {"version": 1, "name": "Velkomst", "subject": "Hej", "body": "Min tekst"}
    )
    assert stale.status_code == 409
    assert "Min tekst" in stale.content.decode() and "ændret af en anden" in stale.content.decode()
    template.refresh_from_db()
    assert template.body == "Ny" and template.version == 2


def test_templates_are_404_for_leaders(cast, as_):
    template = MailTemplate.objects.create(name="Velkomst", subject="Hej", body="Tekst")
    url = reverse("mailings:template_edit", args=[template.pk])
    assert as_(cast.leader).get(url).status_code == 404
    assert (
        as_(cast.leader)
        .post(url, {"version": 1, "name": "x", "subject": "y", "body": "z"})
        .status_code
        == 404
    )


def test_the_service_returns_the_existing_mailing_for_a_known_token(cast):
    from lederspor.mailings import selectors, services

    selection = selectors.Selection(
        audience=Audience.PARTICIPANTS, statuses=(Enrolment.Status.ENROLLED,), cohort=cast.cohort
    )
    cohorts = Cohort.objects.all()
    recipients = selectors.recipient_list(selection=selection, cohorts=cohorts)
    token = uuid.uuid4()
    kwargs = dict(
        token=token,
        selection=selection,
        recipients=recipients,
        subject="Emne",
        body="Tekst",
        template=None,
        by=cast.consultant,
        actor=cast.consultant.user,
    )
    first, created = services.mailing_send(**kwargs)
    second, created_again = services.mailing_send(**kwargs)
    assert created and not created_again and first.pk == second.pk
    assert OutgoingEmail.objects.count() == 2


def test_the_text_is_escaped_in_the_html_part(cast, as_):
    _send(as_(cast.consultant), cast, body="Kære {fornavn} <script>x</script>")
    run_worker()
    anna = next(m for m in mail.outbox if m.to == [cast.aspirant.email])
    html = {mime: content for content, mime in anna.alternatives}["text/html"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Kære Anna <script>x</script>" in anna.body  # the plain text as written
