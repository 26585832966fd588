"""The sign-in log (issue #12 §3): every sign-in, failed sign-in and sign-out is an audit row
with the time, the address and the outcome; administrators list them in the admin with filters,
nobody else sees them, and nobody changes them."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.models import SignInEvent
from lederspor.core.audit import audit_record
from lederspor.core.models import AuditEvent
from lederspor.programmes.audit import ProgrammeAction
from lederspor.site.testing import PASSWORD

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:accounts_signinevent_changelist")


def sign_in(client: Client, email: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_a_sign_in_is_logged_with_the_address_and_the_method(cast, client):
    user = cast.leader.user
    assert sign_in(client, user.email.upper(), PASSWORD).status_code == 302
    event = AuditEvent.objects.get(action=AccountAction.LOGIN)
    assert event.actor == user
    assert (event.object_type, event.object_id) == ("core.user", str(user.pk))
    assert event.address == "192.0.2.10"
    assert event.data == {"method": "password"}
    assert event.at is not None


def test_a_wrong_password_is_logged_with_the_email_never_the_password(cast, client):
    user = cast.leader.user
    sign_in(client, user.email, "the-secret-wrong-one")
    event = AuditEvent.objects.get(action=AccountAction.LOGIN_FAILED)
    assert event.actor is None
    assert event.object_id == str(user.pk)
    assert event.address == "192.0.2.10"
    assert event.data == {"email": user.email, "method": "password"}
    assert "the-secret-wrong-one" not in str(AuditEvent.objects.values_list("summary", "data"))
    assert not AuditEvent.objects.filter(action=AccountAction.LOGIN).exists()


def test_an_unknown_email_is_logged_without_an_object_and_cut_to_254_characters(cast, client):
    typed = "x" * 300 + "@example.dk"
    sign_in(client, typed, "whatever-password")
    event = AuditEvent.objects.get(action=AccountAction.LOGIN_FAILED)
    assert (event.object_type, event.object_id) == ("", "")
    assert event.data["email"] == typed[:254]


def test_a_deactivated_login_with_the_right_password_is_logged_as_failed(cast, client):
    user = cast.outsider.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    sign_in(client, user.email, PASSWORD)
    event = AuditEvent.objects.get(action=AccountAction.LOGIN_FAILED)
    assert event.object_id == str(user.pk)


def test_a_sign_out_is_logged_with_the_address(cast, client):
    sign_in(client, cast.leader.user.email, PASSWORD)
    response = client.post(reverse("logout"), REMOTE_ADDR="192.0.2.11")
    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AccountAction.LOGOUT)
    assert event.actor == cast.leader.user
    assert event.address == "192.0.2.11"
    assert event.data == {"method": "password"}


def test_signing_out_when_not_signed_in_logs_nothing(client):
    client.post(reverse("logout"))
    assert not AuditEvent.objects.filter(action__startswith="auth.").exists()


def _rows(cast) -> None:
    leader, admin = cast.leader.user, cast.admin
    audit_record(
        actor=leader,
        action=AccountAction.LOGIN,
        obj=leader,
        address="192.0.2.1",
        method="password",
    )
    audit_record(
        actor=None,
        action=AccountAction.LOGIN_FAILED,
        obj=None,
        address="198.51.100.7",
        email="stranger@example.dk",
        method="password",
    )
    audit_record(actor=admin, action=AccountAction.LOGOUT, obj=admin, address="192.0.2.2")
    # not a sign-in event: never in the sign-in log
    audit_record(actor=admin, action=ProgrammeAction.ENROLMENT_APPROVE, obj=cast.enrolment)


def test_the_sign_in_log_holds_only_the_sign_in_rows(cast):
    _rows(cast)
    actions = set(SignInEvent.objects.values_list("action", flat=True))
    assert actions == {AccountAction.LOGIN, AccountAction.LOGIN_FAILED, AccountAction.LOGOUT}


def test_an_administrator_lists_the_sign_in_log_in_danish(cast, as_, django_assert_max_num_queries):
    admin = as_(cast.admin)
    _rows(cast)
    with django_assert_max_num_queries(15):
        response = admin.get(CHANGELIST)
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Logget ind", "Mislykket log ind", "Logget ud", "stranger@example.dk"):
        assert text in html
    assert "198.51.100.7" in html
    assert "Adgangskode" in html  # the method
    assert "enrolment.approve" not in html


def test_the_filters_and_the_search_narrow_the_list(cast, as_):
    admin = as_(cast.admin)
    _rows(cast)
    failed = admin.get(CHANGELIST, {"action": AccountAction.LOGIN_FAILED})
    assert failed.status_code == 200
    assert list(failed.context["cl"].result_list.values_list("action", flat=True)) == [
        AccountAction.LOGIN_FAILED
    ]
    found = admin.get(CHANGELIST, {"q": "stranger@"})
    assert [e.data.get("email") for e in found.context["cl"].result_list] == ["stranger@example.dk"]
    by_address = admin.get(CHANGELIST, {"q": "192.0.2.1"})
    assert AccountAction.LOGIN in {e.action for e in by_address.context["cl"].result_list}
    with time_machine.travel(dt.datetime(2020, 3, 2, 12, tzinfo=dt.UTC), tick=False):
        audit_record(actor=None, action=AccountAction.LOCKOUT, obj=None, email="old@example.dk")
    day = timezone.localdate()
    today = admin.get(
        CHANGELIST, {"at__year": day.year, "at__month": day.month, "at__day": day.day}
    )
    assert today.status_code == 200
    # everything but the 2020 row (the rows above and the administrator's own sign-in)
    assert today.context["cl"].result_count == SignInEvent.objects.count() - 1
    assert "old@example.dk" not in today.content.decode()
    old = admin.get(CHANGELIST, {"at__year": 2020})
    assert [e.data["email"] for e in old.context["cl"].result_list] == ["old@example.dk"]


def test_the_sign_in_log_can_not_be_changed_or_added_to(cast, as_):
    admin = as_(cast.admin)
    _rows(cast)
    event = SignInEvent.objects.first()
    assert admin.get(reverse("admin:accounts_signinevent_add")).status_code == 403
    change = reverse("admin:accounts_signinevent_change", args=[event.pk])
    assert admin.get(change).status_code == 200  # read only
    assert admin.post(change, {"action": "x"}).status_code == 403
    delete = reverse("admin:accounts_signinevent_delete", args=[event.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 403
    assert SignInEvent.objects.filter(pk=event.pk).exists()


def test_a_person_who_is_not_an_administrator_is_sent_to_the_admin_sign_in(cast, as_):
    for person in (cast.consultant, cast.leader):
        response = as_(person).get(CHANGELIST)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    assert Client().get(CHANGELIST).status_code == 302


def test_the_audit_log_in_the_admin_shows_the_address(cast, as_):
    _rows(cast)
    html = as_(cast.admin).get(reverse("admin:core_auditevent_changelist")).content.decode()
    assert "198.51.100.7" in html
