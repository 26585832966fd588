"""Two-factor sign-in (issue #12 §2): administrators and HR staff who sign in with a local
password confirm with a code from an authenticator app (TOTP) or a recovery code.

Built on django-otp: a `TOTPDevice` per person (the app) and a `StaticDevice` holding the ten
recovery codes (each removed when used). django-otp verifies the codes, refuses a TOTP code used
before, and throttles wrong codes per device (`OTP_TOTP_THROTTLE_FACTOR`,
`OTP_STATIC_THROTTLE_FACTOR` in settings); `django_otp.login` marks the session verified and its
`OTPMiddleware` gives `request.user.is_verified()`. `TwoFactorRequiredMiddleware`
(accounts/middleware.py) sends an unverified session to the pages below.

Services write (the devices and one audit row per change), selectors read, the views are thin.
An administrator resets another person's two-factor in the admin (accounts/admin.py), which
calls `two_factor_remove`.
"""

import datetime as dt
from base64 import b32encode
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import DEVICE_ID_SESSION_KEY, user_has_device
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.forms import APP_CODE, TwoFactorSetupForm, TwoFactorVerifyForm
from lederspor.accounts.views import signed_in_with_sso
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.requests import client_address
from lederspor.people.roles import HR_PERMISSION, roles_for

#: how many recovery codes a person gets (each works once)
RECOVERY_CODE_COUNT = 10
#: the session key that holds new recovery codes until the page that shows them once
RECOVERY_CODES_SESSION_KEY = "lederspor_recovery_codes"
#: the permission that makes a person HR staff (checked by name: accounts does not import
#: programmes, its sibling on the hub floor)
#: the name of the app and recovery-code devices (shown in the admin)
APP_DEVICE_NAME = "Godkendelsesapp"
RECOVERY_DEVICE_NAME = "Gendannelseskoder"


# ---------------------------------------------------------------------------------------------
# Who must, and whether this session has


def two_factor_enforced() -> bool:
    """Whether two-factor is required at all (`settings.LEDERSPOR_2FA_REQUIRED`, on by default;
    `lederspor demo` turns it off unless the environment sets it). Off: nobody is asked and the
    two-factor pages are 404."""
    return bool(getattr(settings, "LEDERSPOR_2FA_REQUIRED", True))


def two_factor_required_for(user: Any) -> bool:
    """Whether `user` (a User or AnonymousUser) must use two-factor on a password sign-in:
    administrators (`is_staff`, `is_superuser`) and HR staff (`HR_PERMISSION`)."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm(HR_PERMISSION))


def session_needs_two_factor(request: HttpRequest) -> bool:
    """Whether this request's session must pass the two-factor step before any other page.

    True when two-factor is enforced, the user is signed in, the session was not opened through
    the municipality's SSO (`AUTH_METHOD_SESSION_KEY` == "sso": the identity provider does the
    MFA), the user must use two-factor (`two_factor_required_for`) and the session is not
    verified yet. A session without a recorded method (e.g. a sign-in through the admin's own
    login form, or after a password reset) counts as a password sign-in: it fails closed.
    """
    if not two_factor_enforced():
        return False
    user = request.user
    if not user.is_authenticated:
        return False
    if signed_in_with_sso(request):
        return False
    # who must first (from the roles' one query, which the page needs anyway), then whether
    # the session is verified (django-otp loads the device): a person who need not use
    # two-factor costs no query here (issue #17 §1)
    if not _required_for_request(request):
        return False
    return not _is_verified(request)


def _required_for_request(request: HttpRequest) -> bool:
    """`two_factor_required_for(request.user)`, with HR staff read from `people.roles.roles_for`
    (cached on the request) instead of two permission queries."""
    user = request.user
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or roles_for(request).can_manage_programmes)


def _is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


# ---------------------------------------------------------------------------------------------
# Selectors


def app_device_for(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app (`TOTPDevice`), or None."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes the person has (0 when none)."""
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def app_secret(device: TOTPDevice) -> str:
    """The device's secret key in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def app_qr_data_uri(device: TOTPDevice) -> str:
    """The device's `otpauth://` address as a QR code: an SVG `data:` URI for an `<img>` (the
    CSP allows `img-src data:`; no script, no request to another site)."""
    qr = segno.make(device.config_url, error="m")
    return str(qr.svg_data_uri(scale=5, border=2, dark="#000", light="#fff"))


# ---------------------------------------------------------------------------------------------
# Services


@dataclass(frozen=True)
class TwoFactorOutcome:
    """What a code check gave: `device` accepted the code (None: refused); `wait_seconds` > 0
    when the code was not even checked because of earlier wrong codes (django-otp's
    throttling); `recovery_codes` the new codes after a set-up (shown once)."""

    device: Device | None = None
    wait_seconds: int = 0
    recovery_codes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the code was accepted."""
        return self.device is not None


def _wait_seconds(device: Device) -> int | None:
    """None when the device may check a code now, else the seconds left of its throttling."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    if not isinstance(locked_until, dt.datetime):
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))


def _new_recovery_codes(user: User) -> tuple[str, ...]:
    """Replace the person's recovery codes with `RECOVERY_CODE_COUNT` new ones (no audit: the
    callers record the change)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = tuple(StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT))
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_setup_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator app whose QR code the set-up page shows: the one already
    started, else a new one with a random key. Not audited: nothing changes for the person until
    `two_factor_confirm`.

    Raises ValueError if the person already has a confirmed app (remove it first).
    """
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValueError("the user already has a confirmed authenticator app")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def _record_own(
    *, user: User, action: AccountAction, summary: str, address: str | None, **data: Any
) -> None:
    """Audit a two-factor step the person took on their own login (actor and object are both
    `user`); `data` as for `core.audit.audit_record`."""
    audit_record(actor=user, action=action, obj=user, summary=summary, address=address, **data)


@transaction.atomic
def two_factor_confirm(
    *, user: User, device: TOTPDevice, token: str, address: str | None = None
) -> TwoFactorOutcome:
    """Confirm the person's new authenticator app with a code it shows (`token`, six digits).

    A correct code confirms the device, replaces any recovery codes with ten new ones and
    records TWO_FACTOR_ADD; a wrong code (or one refused by throttling) records
    TWO_FACTOR_FAILED. Returns the outcome, with the new codes on success (to show once).
    Raises TOTPDevice.DoesNotExist if `device` is not the person's unconfirmed app.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user, confirmed=False)
    wait = _wait_seconds(device)
    if wait is not None or not device.verify_token(token):
        _record_own(
            user=user,
            action=AccountAction.TWO_FACTOR_FAILED,
            summary=f"Forkert kode ved opsætning af to-faktor: {user.email}",
            address=address,
            step="setup",
            throttled=wait is not None,
        )
        return TwoFactorOutcome(wait_seconds=wait or 0)
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _record_own(
        user=user,
        action=AccountAction.TWO_FACTOR_ADD,
        summary=f"To-faktor sat op: {user.email}",
        address=address,
    )
    return TwoFactorOutcome(device=device, recovery_codes=codes)


@transaction.atomic
def two_factor_verify(*, user: User, token: str, address: str | None = None) -> TwoFactorOutcome:
    """Check the second step of a sign-in: a six-digit code from the person's app, or one of
    their recovery codes (any other `token`, e.g. eight characters, is tried as one).

    A recovery code is used up (django-otp deletes it) and recorded as RECOVERY_CODE_USE; a
    wrong code records TWO_FACTOR_FAILED and counts towards the device's throttling, which
    refuses even a correct code for 1, 2, 4 … seconds after each wrong one. Returns the outcome.
    """
    if APP_CODE.fullmatch(token):
        kind = "app"
        devices: list[Device] = list(
            TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        )
    else:
        kind = "recovery"
        devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
    longest_wait = 0
    for device in devices:
        wait = _wait_seconds(device)
        if wait is not None:
            longest_wait = max(longest_wait, wait)
            continue
        if device.verify_token(token):
            if kind == "recovery":
                left = recovery_codes_left(user)
                _record_own(
                    user=user,
                    action=AccountAction.RECOVERY_CODE_USE,
                    summary=f"Gendannelseskode brugt: {user.email}",
                    address=address,
                    left=left,
                )
            return TwoFactorOutcome(device=device)
    _record_own(
        user=user,
        action=AccountAction.TWO_FACTOR_FAILED,
        summary=f"Forkert to-faktor-kode: {user.email}",
        address=address,
        step="verify",
        kind=kind,
        throttled=longest_wait > 0,
    )
    return TwoFactorOutcome(wait_seconds=longest_wait)


@transaction.atomic
def two_factor_recovery_codes_new(*, user: User, address: str | None = None) -> tuple[str, ...]:
    """Replace the person's recovery codes with ten new ones (the old ones stop working) and
    record RECOVERY_CODES_NEW. Returns the new codes (to show once).

    Raises ValueError if the person has no confirmed authenticator app.
    """
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise ValueError("recovery codes need a confirmed authenticator app")
    codes = _new_recovery_codes(user)
    _record_own(
        user=user,
        action=AccountAction.RECOVERY_CODES_NEW,
        summary=f"Nye gendannelseskoder: {user.email}",
        address=address,
    )
    return codes


@transaction.atomic
def two_factor_remove(*, user: User, by: User, address: str | None = None) -> int:
    """Remove the person's two-factor: their authenticator apps (also one not yet confirmed)
    and recovery codes. `by` is the person themself or an administrator resetting it (the admin).
    Records TWO_FACTOR_REMOVE when something was removed. Returns how many devices were
    removed (0: there was nothing to remove, nothing recorded).

    Administrators and HR staff must set it up again at their next password sign-in (or at once,
    when they removed it themselves: `TwoFactorRequiredMiddleware`).
    """
    apps = TOTPDevice.objects.filter(user=user)
    codes = StaticDevice.objects.filter(user=user)
    count = int(apps.count() + codes.count())
    if not count:
        return 0
    apps.delete()
    codes.delete()
    audit_record(
        actor=by,
        action=AccountAction.TWO_FACTOR_REMOVE,
        obj=user,
        summary=f"To-faktor fjernet: {user.email}",
        address=address,
        by_admin=by.pk != user.pk,
    )
    return count


# ---------------------------------------------------------------------------------------------
# Views (under /konto/to-faktor/, accounts/urls.py). Each acts on request.user only.


def _user(request: HttpRequest) -> User:
    """The signed-in user who may use the two-factor pages: two-factor is enforced and they are
    an administrator or HR staff; anyone else gets 404."""
    if not two_factor_enforced() or not two_factor_required_for(request.user):
        raise Http404
    return cast(User, request.user)


def _next_url(request: HttpRequest) -> str:
    """A safe `next` (POST, else GET) on this site, else the home page."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(url: str, next_url: str) -> str:
    """`url` with `?next=<next_url>` (quoted) when `next_url` is given."""
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _has_two_factor(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def _unverified_redirect(request: HttpRequest, user: User) -> HttpResponseRedirect | None:
    """The redirect to the code page when the person has two-factor but this session has not
    passed it (so the pages that change two-factor cannot be used to get round it)."""
    if _has_two_factor(user) and not _is_verified(request):
        return redirect(with_next(reverse("accounts:two_factor_verify"), request.get_full_path()))
    return None


@login_required
def two_factor_manage(request: HttpRequest) -> HttpResponse:
    """/konto/to-faktor/: whether two-factor is set up, recovery codes left, and the buttons
    for new recovery codes and removing it."""
    user = _user(request)
    if (response := _unverified_redirect(request, user)) is not None:
        return response
    device = app_device_for(user)
    return render(
        request,
        "accounts/two_factor_manage.html",
        {
            "device": device,
            "codes_left": recovery_codes_left(user) if device else 0,
            "sso": signed_in_with_sso(request),
        },
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """/konto/to-faktor/opsaet/: the QR code and the secret of a new authenticator app, and the
    code that confirms it. On success the session is verified and the recovery codes are shown
    once (`two_factor_codes`)."""
    user = _user(request)
    next_url = _next_url(request)
    if _has_two_factor(user):
        if _is_verified(request):
            return redirect("accounts:two_factor")
        return redirect(with_next(reverse("accounts:two_factor_verify"), next_url))
    device = two_factor_setup_start(user=user)
    form = TwoFactorSetupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = two_factor_confirm(
            user=user,
            device=device,
            token=form.cleaned_data["code"],
            address=client_address(request),
        )
        if outcome.ok:
            request.session.cycle_key()
            otp_login(request, outcome.device)
            request.session[RECOVERY_CODES_SESSION_KEY] = list(outcome.recovery_codes)
            messages.success(request, _("To-faktor er sat op."))
            return redirect(with_next(reverse("accounts:two_factor_codes"), next_url))
        form.add_error("code", _refused_message(outcome))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": app_qr_data_uri(device),
            "secret": app_secret(device),
            "next": next_url,
        },
        status=status,
    )


def _refused_message(outcome: TwoFactorOutcome) -> str:
    if outcome.wait_seconds:
        return ngettext(
            "For mange forkerte koder. Vent %(seconds)d sekund, og prøv igen.",
            "For mange forkerte koder. Vent %(seconds)d sekunder, og prøv igen.",
            outcome.wait_seconds,
        ) % {"seconds": outcome.wait_seconds}
    return _("Koden passer ikke. Tjek, at du skriver den kode, appen viser lige nu, og prøv igen.")


@login_required
def two_factor_verify_view(request: HttpRequest) -> HttpResponse:
    """/konto/to-faktor/bekraeft/: the second step of a password sign-in, a code from the app
    or a recovery code. Without an app the person is sent to set-up; once verified, to `next`."""
    user = _user(request)
    next_url = _next_url(request)
    if not _has_two_factor(user):
        return redirect(with_next(reverse("accounts:two_factor_setup"), next_url))
    if _is_verified(request):
        return redirect(next_url)
    form = TwoFactorVerifyForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        outcome = two_factor_verify(
            user=user, token=form.cleaned_data["code"], address=client_address(request)
        )
        if outcome.ok:
            request.session.cycle_key()
            otp_login(request, outcome.device)
            if isinstance(outcome.device, StaticDevice):
                left = recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "Du har brugt en gendannelseskode. Du har %(left)d kode tilbage.",
                        "Du har brugt en gendannelseskode. Du har %(left)d koder tilbage.",
                        left,
                    )
                    % {"left": left},
                )
            return redirect(next_url)
        form.add_error("code", _refused_message(outcome))
        status = 400
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": next_url},
        status=status,
    )


@login_required
def two_factor_codes(request: HttpRequest) -> HttpResponse:
    """/konto/to-faktor/gendannelseskoder/: the new recovery codes, shown once (they are taken
    out of the session); without new codes, the two-factor page."""
    user = _user(request)
    if (response := _unverified_redirect(request, user)) is not None:
        return response
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:two_factor")
    shown = [f"{code[:4]}-{code[4:]}" for code in codes]
    page = render(
        request,
        "accounts/two_factor_codes.html",
        {"codes": shown, "next": _next_url(request)},
    )
    return page


@require_POST
@login_required
def two_factor_codes_new(request: HttpRequest) -> HttpResponse:
    """POST /konto/to-faktor/gendannelseskoder/nye/: ten new recovery codes (the old ones stop
    working), shown once."""
    user = _user(request)
    if (response := _unverified_redirect(request, user)) is not None:
        return response
    try:
        codes = two_factor_recovery_codes_new(user=user, address=client_address(request))
    except ValueError:
        return redirect("accounts:two_factor_setup")
    request.session[RECOVERY_CODES_SESSION_KEY] = list(codes)
    return redirect("accounts:two_factor_codes")


@login_required
def two_factor_remove_view(request: HttpRequest) -> HttpResponse:
    """/konto/to-faktor/fjern/: asks, then (POST) removes the person's app and recovery codes.
    Someone who must use two-factor is sent to set up a new app at once."""
    user = _user(request)
    if (response := _unverified_redirect(request, user)) is not None:
        return response
    if request.method != "POST":
        return render(request, "accounts/two_factor_remove.html", {})
    two_factor_remove(user=user, by=user, address=client_address(request))
    request.session.pop(DEVICE_ID_SESSION_KEY, None)
    if not signed_in_with_sso(request):
        messages.info(
            request,
            _(
                "To-faktor er fjernet. Sæt den op igen nu: du skal bruge den, når du logger ind "
                "med adgangskode."
            ),
        )
        return redirect("accounts:two_factor_setup")
    messages.success(request, _("To-faktor er fjernet."))
    return redirect("accounts:two_factor")
