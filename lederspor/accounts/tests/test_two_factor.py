"""Two-factor sign-in (issue #12 §2): administrators and HR staff who sign in with a password
set up an authenticator app and then confirm each sign-in with its code or a recovery code.

The codes are computed with django-otp's own TOTP (`django_otp.oath.totp`) from the device's
key, as an app would; time moves with time_machine (a TOTP code is accepted once, and a wrong
code makes the next check wait).
"""

import datetime as dt
from urllib.parse import urlencode

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.two_factor import (
    RECOVERY_CODE_COUNT,
    two_factor_confirm,
    two_factor_setup_start,
)
from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY
from lederspor.core.models import AuditEvent, User
from lederspor.site.testing import PASSWORD

pytestmark = pytest.mark.two_factor

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
CODES = reverse("accounts:two_factor_codes")
MANAGE = reverse("accounts:two_factor")
REMOVE = reverse("accounts:two_factor_remove")
NEW_CODES = reverse("accounts:two_factor_codes_new")
HOME = reverse("site:home")
#: the moment the tests set up two-factor: two minutes ahead of the real time, well inside the
#: session's idle limit (30 minutes) of a sign-in at the real time, so the session limits
#: (SessionLimitsMiddleware) do not end the session when the tests travel there
START = timezone.now().replace(second=0, microsecond=0) + dt.timedelta(minutes=2)


def user_of(person_or_user) -> User:
    return getattr(person_or_user, "user", None) or person_or_user


def password_sign_in(person_or_user, *, next_url: str = "") -> Client:
    """A client signed in through the real password form (as a person would)."""
    client = Client()
    data = {"username": user_of(person_or_user).email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post(reverse("login"), data)
    assert response.status_code == 302, response.content.decode()
    assert client.session[AUTH_METHOD_SESSION_KEY] == "password"
    return client


def code_now(device: TOTPDevice) -> str:
    """The code the person's app shows at this moment."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{value:0{device.digits}d}"


def set_up(user: User) -> tuple[TOTPDevice, tuple[str, ...]]:
    """Two-factor set up for `user` (through the services, at START); returns the app and the
    recovery codes."""
    with time_machine.travel(START, tick=False):
        device = two_factor_setup_start(user=user)
        outcome = two_factor_confirm(user=user, device=device, token=code_now(device))
    assert outcome.ok
    device.refresh_from_db()
    return device, outcome.recovery_codes


def actions(user: User) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_id=str(user.pk), action__startswith="auth.two_factor")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_hr_consultant_signing_in_with_password_is_sent_to_set_up(cast):
    client = password_sign_in(cast.consultant)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2F"
    # every page, with the page asked for kept as next
    cohorts = reverse("programmes:cohort_list")
    response = client.get(cohorts)
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?{urlencode({'next': cohorts})}"
    page = client.get(response["Location"])
    assert page.status_code == 200 and page.context["next"] == cohorts


def test_set_up_with_a_real_code_confirms_and_reaches_home(cast):
    user = user_of(cast.consultant)
    client = password_sign_in(user)
    with time_machine.travel(START, tick=False):
        page = client.get(SETUP)
        assert page.status_code == 200
        device = TOTPDevice.objects.get(user=user)
        assert not device.confirmed
        body = page.content.decode()
        assert 'src="data:image/svg+xml' in body  # the QR code, inline (CSP: img-src data:)
        assert page.context["secret"].replace(" ", "") in body.replace(" ", "")
        assert client.get(SETUP).context["secret"] == page.context["secret"]  # same app
        response = client.post(SETUP, {"code": code_now(device), "next": HOME})
    assert response.status_code == 302
    assert response["Location"] == f"{CODES}?next=%2F"
    device.refresh_from_db()
    assert device.confirmed
    # the recovery codes are shown once
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    shown = codes_page.context["codes"]
    assert len(shown) == RECOVERY_CODE_COUNT
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert {code.replace("-", "") for code in shown} == stored
    assert "kun vist denne ene gang" in codes_page.content.decode()
    assert codes_page["Cache-Control"] == "no-store, private"
    again = client.get(CODES)
    assert again.status_code == 302 and again["Location"] == MANAGE
    # the session is verified: home opens
    assert client.get(HOME).status_code == 200
    assert actions(user) == [AccountAction.TWO_FACTOR_ADD]
    added = AuditEvent.objects.get(action=AccountAction.TWO_FACTOR_ADD)
    assert added.actor == user and added.address == "127.0.0.1"


def test_wrong_code_at_set_up_is_refused_audited_and_throttled(cast):
    user = user_of(cast.consultant)
    client = password_sign_in(user)
    with time_machine.travel(START, tick=False) as traveller:
        client.get(SETUP)
        device = TOTPDevice.objects.get(user=user)
        wrong = f"{(int(code_now(device)) + 1) % 1_000_000:06d}"
        response = client.post(SETUP, {"code": wrong})
        assert response.status_code == 400
        assert "Koden passer ikke" in response.content.decode()
        device.refresh_from_db()
        assert not device.confirmed
        assert device.throttling_failure_count == 1
        assert actions(user) == [AccountAction.TWO_FACTOR_FAILED]
        # right after a wrong code even the right one is not checked (django-otp's throttling)
        response = client.post(SETUP, {"code": code_now(device)})
        assert response.status_code == 400
        assert "For mange forkerte koder. Vent 1 sekund" in response.content.decode()
        assert actions(user) == [AccountAction.TWO_FACTOR_FAILED] * 2
        # a malformed code is a form error
        assert client.post(SETUP, {"code": "12ab"}).status_code == 400
        traveller.shift(2)
        response = client.post(SETUP, {"code": code_now(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and device.throttling_failure_count == 0
    failed = AuditEvent.objects.filter(action=AccountAction.TWO_FACTOR_FAILED).first()
    assert failed is not None and failed.data["step"] == "setup"


def test_next_sign_in_asks_for_the_code_and_a_recovery_code_works_once(cast):
    user = user_of(cast.consultant)
    device, codes = set_up(user)
    cohorts = reverse("programmes:cohort_list")
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client = password_sign_in(user, next_url=cohorts)
        response = client.get(cohorts)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{VERIFY}?next=")
        page = client.get(response["Location"])
        assert page.status_code == 200 and page.context["next"] == cohorts
        # a recovery code, typed as shown (with a hyphen, upper case)
        typed = f"{codes[0][:4]}-{codes[0][4:]}".upper()
        response = client.post(VERIFY, {"code": typed, "next": cohorts})
        assert response.status_code == 302 and response["Location"] == cohorts
        assert client.get(cohorts).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == RECOVERY_CODE_COUNT - 1
    used = AuditEvent.objects.get(action=AccountAction.RECOVERY_CODE_USE)
    assert used.data["left"] == RECOVERY_CODE_COUNT - 1
    # the same recovery code a second time is refused
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        client = password_sign_in(user)
        response = client.post(VERIFY, {"code": codes[0], "next": HOME})
        assert response.status_code == 400
        assert "Koden passer ikke" in response.content.decode()
        assert client.get(HOME).status_code == 302
        # the app's code works
        response = client.post(VERIFY, {"code": code_now(device), "next": HOME})
        assert response.status_code == 302 and response["Location"] == HOME
        assert client.get(HOME).status_code == 200
        # the same app code is not accepted twice (django-otp keeps the last time step)
        other = password_sign_in(user)
        assert other.post(VERIFY, {"code": code_now(device)}).status_code == 400
    failed = AuditEvent.objects.filter(action=AccountAction.TWO_FACTOR_FAILED).order_by("pk")
    assert [e.data["kind"] for e in failed] == ["recovery", "app"]


def test_a_wrong_code_at_sign_in_is_refused_audited_and_throttled(cast):
    user = user_of(cast.consultant)
    device, _codes = set_up(user)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False) as traveller:
        client = password_sign_in(user)
        wrong = f"{(int(code_now(device)) + 1) % 1_000_000:06d}"
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 400
        assert client.get(HOME).status_code == 302
        response = client.post(VERIFY, {"code": code_now(device)})
        assert "For mange forkerte koder" in response.content.decode()
        traveller.shift(2)
        assert client.post(VERIFY, {"code": code_now(device)}).status_code == 302
    assert actions(user) == [AccountAction.TWO_FACTOR_ADD] + [AccountAction.TWO_FACTOR_FAILED] * 2


def test_unsafe_next_is_replaced_by_the_home_page(cast):
    user = user_of(cast.consultant)
    device, _codes = set_up(user)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client = password_sign_in(user)
        response = client.post(VERIFY, {"code": code_now(device), "next": "https://evil.example/"})
    assert response["Location"] == HOME


@pytest.mark.parametrize("who", ["leader", "aspirant", "chef"])
def test_participants_and_leaders_signing_in_with_password_are_not_asked(cast, who):
    client = password_sign_in(getattr(cast, who))
    assert client.get(HOME).status_code == 200
    # and the two-factor pages are not theirs
    assert client.get(SETUP).status_code == 404
    assert client.get(MANAGE).status_code == 404


def test_an_sso_sign_in_is_not_asked(cast):
    client = Client()
    client.force_login(user_of(cast.consultant), backend="lederspor.core.auth.EmailBackend")
    session = client.session
    session[AUTH_METHOD_SESSION_KEY] = "sso"
    session.save()
    assert client.get(HOME).status_code == 200


def test_a_session_that_does_not_say_how_it_signed_in_is_asked(cast):
    """Fails closed: e.g. the admin's own login form records no method."""
    client = Client()
    client.force_login(user_of(cast.consultant), backend="lederspor.core.auth.EmailBackend")
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_the_admin_requires_it_too(cast):
    client = password_sign_in(cast.admin)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fadmin%2F"
    # signing in through the admin's own form does not get round it
    admin_client = Client()
    response = admin_client.post(
        "/admin/login/?next=/admin/",
        {"username": cast.admin.email, "password": PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302
    assert admin_client.get("/admin/")["Location"].startswith(SETUP)


def test_htmx_and_json_requests_get_403(cast):
    client = password_sign_in(cast.consultant)
    htmx = client.get(HOME, headers={"HX-Request": "true"})
    assert htmx.status_code == 403
    assert htmx["HX-Redirect"] == f"{SETUP}?next=%2F"
    data = client.get(HOME, headers={"Accept": "application/json"})
    assert data.status_code == 403
    assert data.json()["location"] == f"{SETUP}?next=%2F"


def test_sign_out_and_the_language_switch_still_work(cast):
    client = password_sign_in(cast.consultant)
    response = client.post(reverse("core:language"), {"language": "en", "next": SETUP})
    assert response.status_code == 302 and response["Location"] == SETUP
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_removing_two_factor_is_audited_and_sends_to_set_up_again(cast):
    user = user_of(cast.consultant)
    device, _codes = set_up(user)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client = password_sign_in(user)
        client.post(VERIFY, {"code": code_now(device)})
        manage = client.get(MANAGE)
        assert manage.status_code == 200
        assert f"Du har {RECOVERY_CODE_COUNT} ubrugte gendannelseskoder" in manage.content.decode()
        assert client.get(REMOVE).status_code == 200  # asks first
        assert TOTPDevice.objects.filter(user=user).exists()
        response = client.post(REMOVE)
    assert response.status_code == 302 and response["Location"] == SETUP
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert actions(user)[-1] == AccountAction.TWO_FACTOR_REMOVE
    removed = AuditEvent.objects.get(action=AccountAction.TWO_FACTOR_REMOVE)
    assert removed.actor == user and removed.data["by_admin"] is False
    assert client.get(HOME)["Location"].startswith(SETUP)


def test_new_recovery_codes_replace_the_old_ones(cast):
    user = user_of(cast.consultant)
    device, old_codes = set_up(user)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client = password_sign_in(user)
        client.post(VERIFY, {"code": code_now(device)})
        assert client.get(NEW_CODES).status_code == 405  # POST only
        response = client.post(NEW_CODES)
        assert response["Location"] == CODES
        new = [c.replace("-", "") for c in client.get(CODES).context["codes"]]
    assert len(new) == RECOVERY_CODE_COUNT and not set(new) & set(old_codes)
    assert AuditEvent.objects.filter(action=AccountAction.RECOVERY_CODES_NEW).count() == 1
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False) as traveller:
        assert password_sign_in(user).post(VERIFY, {"code": old_codes[1]}).status_code == 400
        traveller.shift(2)  # past the throttling the wrong code started
        assert password_sign_in(user).post(VERIFY, {"code": new[0]}).status_code == 302


def test_an_unverified_session_cannot_change_two_factor(cast):
    """The set-up, removal and new-codes pages do not get round the code step."""
    user = user_of(cast.consultant)
    set_up(user)
    client = password_sign_in(user)
    assert client.get(SETUP)["Location"].startswith(VERIFY)
    assert client.get(MANAGE)["Location"].startswith(VERIFY)
    assert client.post(REMOVE)["Location"].startswith(VERIFY)
    assert client.post(NEW_CODES)["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert AuditEvent.objects.filter(action=AccountAction.RECOVERY_CODES_NEW).count() == 0
    assert actions(user) == [AccountAction.TWO_FACTOR_ADD]


def test_the_pages_act_on_the_signed_in_person_only(cast):
    consultant = user_of(cast.consultant)
    colleague = user_of(cast.hr_colleague)
    set_up(consultant)
    device, _codes = set_up(colleague)
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client = password_sign_in(colleague)
        client.post(VERIFY, {"code": code_now(device)})
        manage = client.get(MANAGE)
        assert manage.context["device"] == device
        client.post(NEW_CODES)
        client.post(REMOVE)
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    # the consultant's app and all ten codes are untouched
    assert TOTPDevice.objects.filter(user=consultant, confirmed=True).count() == 1
    assert StaticToken.objects.filter(device__user=consultant).count() == RECOVERY_CODE_COUNT
    # nobody else's code opens a session: the colleague's codes do not verify the consultant
    with time_machine.travel(START + dt.timedelta(minutes=10), tick=False):
        other, other_codes = set_up_at(colleague, START + dt.timedelta(minutes=10))
        client = password_sign_in(consultant)
        assert client.post(VERIFY, {"code": other_codes[0]}).status_code == 400
        assert client.post(VERIFY, {"code": code_now(other)}).status_code == 400


def set_up_at(user: User, moment: dt.datetime) -> tuple[TOTPDevice, tuple[str, ...]]:
    device = two_factor_setup_start(user=user)
    with time_machine.travel(moment, tick=False):
        outcome = two_factor_confirm(user=user, device=device, token=code_now(device))
    assert outcome.ok
    return device, outcome.recovery_codes


def test_an_administrator_resets_another_persons_two_factor_in_the_admin(cast):
    consultant = user_of(cast.consultant)
    device, _codes = set_up(consultant)
    admin_client = Client()
    admin_client.force_login(cast.admin, backend="lederspor.core.auth.EmailBackend")
    session = admin_client.session
    session[AUTH_METHOD_SESSION_KEY] = "sso"
    session.save()
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    assert not StaticDevice.objects.filter(user=consultant).exists()  # the codes go too
    removed = AuditEvent.objects.get(action=AccountAction.TWO_FACTOR_REMOVE)
    assert removed.actor == cast.admin and removed.data["by_admin"] is True
    assert removed.object_id == str(consultant.pk)
    # the admin never shows the secret key
    set_up(consultant)
    again = TOTPDevice.objects.get(user=consultant)
    change = admin_client.get(reverse("admin:otp_totp_totpdevice_change", args=[again.pk]))
    assert change.status_code == 200 and again.key not in change.content.decode()


def test_the_admin_action_resets_two_factor(cast):
    consultant = user_of(cast.consultant)
    set_up(consultant)
    admin_client = Client()
    admin_client.force_login(cast.admin, backend="lederspor.core.auth.EmailBackend")
    session = admin_client.session
    session[AUTH_METHOD_SESSION_KEY] = "sso"
    session.save()
    static = StaticDevice.objects.get(user=consultant)
    response = admin_client.post(
        reverse("admin:otp_static_staticdevice_changelist"),
        {"action": "reset_two_factor", "_selected_action": [static.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=consultant).exists()
    assert AuditEvent.objects.filter(action=AccountAction.TWO_FACTOR_REMOVE).count() == 1


def test_a_person_who_may_not_use_the_admin_cannot_reset_anyone(cast):
    consultant = user_of(cast.consultant)
    device, _codes = set_up(consultant)
    colleague = user_of(cast.hr_colleague)
    _other, _ = set_up_at(colleague, START + dt.timedelta(minutes=1))
    with time_machine.travel(START + dt.timedelta(minutes=5), tick=False):
        client = password_sign_in(colleague)
        client.post(VERIFY, {"code": code_now(_other)})
        response = client.post(
            reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
        )
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert TOTPDevice.objects.filter(user=consultant).exists()


@pytest.mark.django_db
def test_the_throttling_is_on():
    from django.conf import settings

    assert settings.OTP_TOTP_THROTTLE_FACTOR > 0 and settings.OTP_STATIC_THROTTLE_FACTOR > 0
