"""The admin of the accounts app."""

from typing import Any, cast

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from lederspor.accounts.two_factor import client_address, two_factor_remove
from lederspor.core.models import User

# ---------------------------------------------------------------------------------------------
# Two-factor (issue #12 §2). An administrator resets a person's two-factor by deleting their
# authenticator app ("TOTP device") or recovery codes ("static device") here, or with the action
# "Nulstil to-faktor": either way `two_factor_remove` removes all of the person's devices and
# records TWO_FACTOR_REMOVE; the person sets up a new app at the next password sign-in. The
# secret keys and the codes are never shown (OTP_ADMIN_HIDE_SENSITIVE_DATA in settings).


def _two_factor_reset(request: HttpRequest, device_rows: QuerySet[Any]) -> int:
    """Reset two-factor for the persons of `device_rows`; returns how many had any."""
    by = cast(User, request.user)
    address = client_address(request)
    users = User.objects.filter(pk__in=device_rows.values("user"))
    return sum(bool(two_factor_remove(user=user, by=by, address=address)) for user in users)


class TwoFactorResetMixin:
    """Deleting a two-factor device in the admin resets the person's two-factor through
    `two_factor_remove` (all their devices, audited); the action does the same for the
    selected rows' persons."""

    actions = ["reset_two_factor"]

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        _two_factor_reset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        _two_factor_reset(request, queryset)

    @admin.action(description=_("Nulstil to-faktor for de valgte personer"))
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        count = _two_factor_reset(request, queryset)
        self.message_user(  # type: ignore[attr-defined]
            request,
            ngettext(
                "To-faktor er nulstillet for %(count)d person.",
                "To-faktor er nulstillet for %(count)d personer.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class TwoFactorAppAdmin(TwoFactorResetMixin, TOTPDeviceAdmin):  # type: ignore[misc]
    """django-otp's admin of authenticator apps; deleting one resets two-factor."""


class TwoFactorRecoveryCodesAdmin(TwoFactorResetMixin, StaticDeviceAdmin):  # type: ignore[misc]
    """django-otp's admin of recovery codes; deleting them resets two-factor."""


# django-otp registers its own admins when its admin modules are imported (above)
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
admin.site.register(TOTPDevice, TwoFactorAppAdmin)
admin.site.register(StaticDevice, TwoFactorRecoveryCodesAdmin)
