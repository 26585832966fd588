"""Lockout (issue #12 §3, django-axes): repeated failures lock the e-mail and, separately, the
address; the Danish page does not reveal whether the account exists; a lockout ends after the
cool-off or when an administrator lifts it, and every step is in the sign-in log."""

import datetime as dt
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lederspor.accounts.audit import AccountAction
from lederspor.core.models import AuditEvent
from lederspor.site.testing import PASSWORD

pytestmark = pytest.mark.django_db

MESSAGE = "For mange mislykkede forsøg. Prøv igen om 15 minutter"


def sign_in(client: Client, email: str, password: str, address: str = "127.0.0.1"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client: Client) -> bool:
    return SESSION_KEY in client.session


def without_csrf(content: bytes) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content.decode())


def fail(client: Client, email: str, times: int, address: str = "127.0.0.1") -> None:
    for _ in range(times):
        sign_in(client, email, "wrong-password-1234", address)


def test_the_defaults_are_ten_failures_in_fifteen_minutes_by_email_or_address():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=15)
    # two separate counters, not one for the pair
    assert settings.AXES_LOCKOUT_PARAMETERS == ["username", "ip_address"]


def test_nine_failures_do_not_lock_and_the_right_password_then_signs_in(cast, client):
    email = cast.leader.user.email
    fail(client, email, 9)
    response = sign_in(client, email, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert not AuditEvent.objects.filter(action=AccountAction.LOCKOUT).exists()


def test_thirty_wrong_passwords_then_the_right_one_is_refused_with_the_lockout_page(cast, client):
    email = cast.leader.user.email
    responses = [sign_in(client, email, "wrong-password-1234") for _ in range(30)]
    assert [r.status_code for r in responses[:9]] == [200] * 9
    assert {r.status_code for r in responses[9:]} == {429}
    response = sign_in(client, email, PASSWORD)
    assert response.status_code == 429
    assert MESSAGE in response.content.decode()
    assert not signed_in(client)
    lockout = AuditEvent.objects.filter(action=AccountAction.LOCKOUT).latest("id")
    assert lockout.address == "127.0.0.1"
    assert lockout.data["email"] == email
    assert lockout.object_id == str(cast.leader.user.pk)
    # every attempt is logged as failed, none as a sign-in
    assert AuditEvent.objects.filter(action=AccountAction.LOGIN_FAILED).count() == 31
    assert not AuditEvent.objects.filter(action=AccountAction.LOGIN).exists()


def test_the_email_is_counted_in_any_case(cast, client):
    email = cast.leader.user.email
    fail(client, email.upper(), 5)
    fail(client, email.capitalize(), 5, address="192.0.2.9")
    assert sign_in(client, email, PASSWORD, address="198.51.100.3").status_code == 429


def test_an_unknown_email_gets_the_same_page_and_the_lockout_is_logged(cast, client):
    known, unknown = Client(), Client()
    fail(known, cast.leader.user.email, 10, address="192.0.2.1")
    fail(unknown, "nobody@nowhere.dk", 10, address="192.0.2.2")
    known_page = sign_in(known, cast.leader.user.email, PASSWORD, address="192.0.2.1")
    unknown_page = sign_in(unknown, "nobody@nowhere.dk", PASSWORD, address="192.0.2.2")
    assert known_page.status_code == unknown_page.status_code == 429
    assert MESSAGE in unknown_page.content.decode()
    assert without_csrf(known_page.content) == without_csrf(unknown_page.content)
    row = AuditEvent.objects.filter(action=AccountAction.LOCKOUT, address="192.0.2.2").latest("id")
    assert row.data["email"] == "nobody@nowhere.dk"
    assert (row.object_type, row.object_id) == ("", "")


def test_one_address_trying_many_emails_is_locked_for_every_email(cast, client):
    for n in range(10):
        sign_in(client, f"guess{n}@example.dk", "wrong-password-1234", address="203.0.113.5")
    response = sign_in(client, cast.leader.user.email, PASSWORD, address="203.0.113.5")
    assert response.status_code == 429
    assert not signed_in(client)
    # the e-mail itself was not locked: from another address it signs in
    other = Client()
    assert (
        sign_in(other, cast.leader.user.email, PASSWORD, address="203.0.113.6").status_code == 302
    )
    assert signed_in(other)


def test_one_email_tried_from_many_addresses_is_locked_from_every_address(cast, client):
    email = cast.leader.user.email
    for n in range(10):
        sign_in(Client(), email, "wrong-password-1234", address=f"198.51.100.{n + 1}")
    assert sign_in(client, email, PASSWORD, address="198.51.100.200").status_code == 429
    assert not signed_in(client)


def test_the_lockout_ends_after_the_cool_off(cast, client):
    email = cast.leader.user.email
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, email, 10)
        assert sign_in(client, email, PASSWORD).status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=14), tick=False):
        assert sign_in(client, email, PASSWORD).status_code == 429
    # the refused attempt at 14 minutes started the cool-off again
    with time_machine.travel(start + dt.timedelta(minutes=14 + 16), tick=False):
        assert sign_in(client, email, PASSWORD).status_code == 302
        assert signed_in(client)
    # a sign-in clears the counters (AXES_RESET_ON_SUCCESS)
    assert not AccessAttempt.objects.filter(username=email).exists()


def test_an_administrator_unlocks_in_the_admin_and_it_is_logged(cast, client, as_):
    email = cast.leader.user.email
    fail(client, email, 10)
    assert sign_in(client, email, PASSWORD).status_code == 429
    admin = as_(cast.admin)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = admin.get(changelist)
    assert page.status_code == 200
    assert email in page.content.decode()
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    response = admin.post(
        changelist, {"action": "unlock", "_selected_action": ids}, REMOTE_ADDR="192.0.2.50"
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    unlock = AuditEvent.objects.get(action=AccountAction.UNLOCK)
    assert unlock.actor == cast.admin
    assert unlock.address == "192.0.2.50"
    assert unlock.data["email"] == email
    assert unlock.object_id == str(cast.leader.user.pk)
    assert sign_in(client, email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_deleting_the_record_in_the_admin_also_unlocks_and_is_logged(cast, client, as_):
    email = cast.leader.user.email
    fail(client, email, 10)
    attempt = AccessAttempt.objects.get()
    admin = as_(cast.admin)
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    assert AuditEvent.objects.filter(action=AccountAction.UNLOCK, actor=cast.admin).count() == 1
    assert sign_in(client, email, PASSWORD).status_code == 302


def test_a_person_who_is_not_an_administrator_can_not_unlock(cast, client, as_):
    fail(client, cast.leader.user.email, 10)
    ids = [str(pk) for pk in AccessAttempt.objects.values_list("pk", flat=True)]
    changelist = reverse("admin:axes_accessattempt_changelist")
    response = as_(cast.consultant).post(changelist, {"action": "unlock", "_selected_action": ids})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert AccessAttempt.objects.count() == 1
    assert not AuditEvent.objects.filter(action=AccountAction.UNLOCK).exists()


def test_the_management_command_unlocks_an_email(cast, client):
    email = cast.leader.user.email
    fail(client, email, 10)
    call_command("axes_reset_username", email)
    assert sign_in(client, email, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(cast, client, settings):
    settings.LEDERSPOR_TRUSTED_PROXY_COUNT = 1
    email = "nobody@nowhere.dk"
    for _ in range(10):
        client.post(
            reverse("login"),
            {"username": email, "password": "x"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 192.0.2.77",
        )
    row = AuditEvent.objects.filter(action=AccountAction.LOCKOUT).latest("id")
    assert row.address == "192.0.2.77"
    # without a trusted proxy the header is ignored (a client could forge it)
    settings.LEDERSPOR_TRUSTED_PROXY_COUNT = 0
    sign_in(client, "someone@else.dk", "x", address="10.0.0.9")
    row = AuditEvent.objects.filter(action=AccountAction.LOGIN_FAILED).latest("id")
    assert row.address == "10.0.0.9"
