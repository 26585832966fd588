"""Local passwords (issue #12 §2): reset by e-mail through the real pages and the worker, the
change-password page, Django's validators in Danish, the audit rows, and the switch
LEDERSPOR_LOCAL_PASSWORDS that turns all of it off."""

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core import mail
from django.test import Client, RequestFactory
from django.utils import timezone

from lederspor.accounts.audit import AccountAction
from lederspor.core.auth import EmailBackend
from lederspor.core.models import AuditEvent, User
from lederspor.notifications.models import OutgoingEmail
from lederspor.notifications.testing import run_worker
from lederspor.site.testing import PASSWORD

RESET = "/konto/glemt-adgangskode/"
SENT = "/konto/glemt-adgangskode/sendt/"
CHANGE = "/konto/skift-adgangskode/"
NEW_PASSWORD = "Grøn-cykel-over-broen-7"
LINK = re.compile(r"https?://[^/\s]+(/konto/ny-adgangskode/[^/\s]+/[^/\s]+/)")


def request_reset(email: str) -> Client:
    """Ask for a reset link for `email` on the real page; return the anonymous client."""
    client = Client()
    response = client.post(RESET, {"email": email})
    assert response.status_code == 302
    assert response["Location"] == SENT
    return client


def delivered() -> list[mail.EmailMessage]:
    """Run the worker; return the mails it sent (the outbox is cleared first)."""
    mail.outbox.clear()
    run_worker()
    return list(mail.outbox)


def reset_path(message: mail.EmailMessage) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def set_password_through(client: Client, path: str, password: str) -> None:
    """Open the link (Django moves the token into the session) and post the new password."""
    response = client.get(path)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("/saet-adgangskode/")
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == "/konto/ny-adgangskode/gemt/"


def actions(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="core.user", object_id=str(user.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- reset by e-mail --------------------------------------------------------------------------


def test_reset_mail_is_queued_not_sent_in_the_request(cast):
    mail.outbox.clear()
    request_reset(cast.leader.email)
    assert mail.outbox == []
    assert OutgoingEmail.objects.filter(kind="accounts.password_reset").count() == 1


def test_reset_mail_arrives_and_sets_a_new_password(cast):
    client = request_reset(cast.leader.email.upper())
    [message] = delivered()
    assert message.to == [cast.leader.email]
    assert message.subject == "Nulstil din adgangskode til Lederspor"
    assert "Kære Lars" in message.body

    set_password_through(client, reset_path(message), NEW_PASSWORD)

    user = User.objects.get(pk=cast.leader.user.pk)
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(PASSWORD)
    # the new password signs in through the real sign-in form
    response = Client().post("/login/", {"username": cast.leader.email, "password": NEW_PASSWORD})
    assert response.status_code == 302
    # the person is told that the password changed
    [confirmation] = delivered()
    assert confirmation.to == [cast.leader.email]
    assert confirmation.subject == "Din adgangskode til Lederspor er ændret"


def test_reset_is_audited_with_the_clients_address(cast):
    client = request_reset(cast.leader.email)
    [message] = delivered()
    set_password_through(client, reset_path(message), NEW_PASSWORD)
    events = AuditEvent.objects.filter(object_id=str(cast.leader.user.pk), object_type="core.user")
    request_row = events.get(action=AccountAction.PASSWORD_RESET_REQUEST)
    reset_row = events.get(action=AccountAction.PASSWORD_RESET)
    assert request_row.address == "127.0.0.1"
    assert request_row.actor is None
    assert request_row.data["mailed"] is True
    assert reset_row.address == "127.0.0.1"
    assert reset_row.actor_id == cast.leader.user.pk


def test_unknown_email_gets_the_same_page_and_no_mail(cast):
    unknown = Client().post(RESET, {"email": "ingen@findes.dk"}, follow=True)
    assert not OutgoingEmail.objects.exists()
    assert not AuditEvent.objects.filter(action=AccountAction.PASSWORD_RESET_REQUEST).exists()
    known = Client().post(RESET, {"email": cast.leader.email}, follow=True)
    assert OutgoingEmail.objects.count() == 1
    assert unknown.status_code == known.status_code == 200
    assert unknown.redirect_chain == known.redirect_chain == [(SENT, 302)]
    assert unknown.templates[0].name == known.templates[0].name
    assert "Tjek din e-mail" in unknown.content.decode()


def test_a_login_without_a_person_gets_no_mail_but_the_same_page(cast):
    response = Client().post(RESET, {"email": cast.admin.email})
    assert response.status_code == 302
    assert response["Location"] == SENT
    assert delivered() == []
    row = AuditEvent.objects.get(action=AccountAction.PASSWORD_RESET_REQUEST)
    assert row.object_id == str(cast.admin.pk)
    assert row.data["mailed"] is False


def test_a_deactivated_person_gets_no_mail(cast):
    cast.outsider.is_active = False
    cast.outsider.save(update_fields=["is_active"])
    request_reset(cast.outsider.email)
    assert delivered() == []


def test_an_imported_person_without_a_password_can_choose_one_by_reset(cast):
    user = cast.colleague.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    client = request_reset(cast.colleague.email)
    [message] = delivered()
    set_password_through(client, reset_path(message), NEW_PASSWORD)
    assert User.objects.get(pk=user.pk).check_password(NEW_PASSWORD)


def test_a_used_link_is_refused_in_danish(cast):
    client = request_reset(cast.leader.email)
    [message] = delivered()
    path = reset_path(message)
    set_password_through(client, path, NEW_PASSWORD)

    response = Client().get(path, follow=True)
    page = response.content.decode()
    assert "Linket virker ikke" in page
    assert "new_password1" not in page


def test_an_expired_link_is_refused_in_danish(cast, settings):
    request_reset(cast.leader.email)
    [message] = delivered()
    # a day's margin: the token counts naive local seconds, the clock moves in UTC
    later = timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT, days=1)
    with time_machine.travel(later, tick=False):
        response = Client().get(reset_path(message), follow=True)
    assert "Linket virker ikke" in response.content.decode()
    assert User.objects.get(pk=cast.leader.user.pk).check_password(PASSWORD)


def test_an_altered_link_is_refused(cast):
    request_reset(cast.leader.email)
    [message] = delivered()
    path = reset_path(message)
    response = Client().get(path[:-3] + "xx/", follow=True)
    assert "Linket virker ikke" in response.content.decode()


def test_django_s_english_address_leads_to_the_danish_page(client):
    response = client.get("/password_reset/")
    assert response.status_code == 302
    assert response["Location"] == RESET


def test_the_sign_in_page_links_to_the_reset(client):
    page = client.get("/login/").content.decode()
    assert 'href="/konto/glemt-adgangskode/"' in page
    assert "Glemt adgangskode?" in page


# --- validators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort", "Denne adgangskode er for kort. Den skal indeholde mindst 12 tegn."),
        ("qwertyqwerty", "Denne adgangskode er for almindelig."),
    ],
)
def test_validators_refuse_short_and_common_passwords_in_danish(cast, password, message):
    client = request_reset(cast.leader.email)
    [mail_message] = delivered()
    form_url = client.get(reset_path(mail_message))["Location"]
    response = client.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert User.objects.get(pk=cast.leader.user.pk).check_password(PASSWORD)


# --- change password --------------------------------------------------------------------------


def test_change_password_needs_the_old_one(cast, as_):
    client = as_(cast.leader)
    response = client.post(
        CHANGE,
        {
            "old_password": "forkert-adgangskode",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "Din gamle adgangskode blev ikke indtastet korrekt" in response.content.decode()
    assert User.objects.get(pk=cast.leader.user.pk).check_password(PASSWORD)
    assert AccountAction.PASSWORD_CHANGE.value not in actions(cast.leader.user)


def test_change_password_saves_audits_mails_and_keeps_the_session(cast, as_):
    client = as_(cast.leader)
    assert client.get(CHANGE).status_code == 200
    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/konto/skift-adgangskode/gemt/"
    assert User.objects.get(pk=cast.leader.user.pk).check_password(NEW_PASSWORD)
    row = AuditEvent.objects.get(action=AccountAction.PASSWORD_CHANGE)
    assert (row.actor_id, row.address) == (cast.leader.user.pk, "127.0.0.1")
    assert client.get("/").status_code == 200  # still signed in
    [confirmation] = delivered()
    assert confirmation.subject == "Din adgangskode til Lederspor er ændret"


def test_change_password_refuses_a_short_one(cast, as_):
    response = as_(cast.leader).post(
        CHANGE, {"old_password": PASSWORD, "new_password1": "kort", "new_password2": "kort"}
    )
    assert response.status_code == 200
    assert "mindst 12 tegn" in response.content.decode()


def test_change_password_needs_sign_in(client):
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


# --- the switch -------------------------------------------------------------------------------

OFF_PAGES = [
    RESET,
    SENT,
    "/konto/ny-adgangskode/MQ/abc-def/",
    "/konto/ny-adgangskode/gemt/",
    CHANGE,
    "/konto/skift-adgangskode/gemt/",
]


@pytest.mark.parametrize("path", OFF_PAGES)
def test_with_local_passwords_off_the_pages_are_404(cast, as_, settings, path):
    settings.LEDERSPOR_LOCAL_PASSWORDS = False
    assert Client().get(path).status_code == 404
    assert as_(cast.leader).get(path).status_code == 404


def test_with_local_passwords_off_a_reset_request_queues_nothing(cast, settings):
    settings.LEDERSPOR_LOCAL_PASSWORDS = False
    assert Client().post(RESET, {"email": cast.leader.email}).status_code == 404
    assert not OutgoingEmail.objects.exists()
    assert not AuditEvent.objects.filter(action=AccountAction.PASSWORD_RESET_REQUEST).exists()


def test_with_local_passwords_off_a_change_is_refused(cast, as_, settings):
    settings.LEDERSPOR_LOCAL_PASSWORDS = False
    response = as_(cast.leader).post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 404
    assert User.objects.get(pk=cast.leader.user.pk).check_password(PASSWORD)


def test_with_local_passwords_off_the_sign_in_page_has_no_reset_link(client, settings):
    settings.LEDERSPOR_LOCAL_PASSWORDS = False
    assert "glemt-adgangskode" not in client.get("/login/").content.decode()


def test_the_email_backend_follows_the_switch(cast, settings):
    request = RequestFactory().post("/login/")
    backend = EmailBackend()
    assert backend.authenticate(request, username=cast.leader.email, password=PASSWORD) == (
        cast.leader.user
    )
    settings.LEDERSPOR_LOCAL_PASSWORDS = False
    assert backend.authenticate(request, username=cast.leader.email, password=PASSWORD) is None
    assert authenticate(request, username=cast.leader.email, password=PASSWORD) is None
