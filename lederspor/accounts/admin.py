"""The administrator's pages of the accounts app: the sign-in log (read-only) and the lockouts
(django-axes' failure records), where deleting a record unlocks it, audited (issue #12 §3); and
the two-factor devices, where deleting one resets the person's two-factor, audited (§2)."""

from typing import Any, cast

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from lederspor.accounts.audit import ACTION_LABELS
from lederspor.accounts.lockout import lockout_release
from lederspor.accounts.models import SignInEvent
from lederspor.accounts.two_factor import two_factor_remove
from lederspor.core.models import User
from lederspor.core.requests import client_address

#: how a sign-in was made, as the data's "method" holds it
METHOD_LABELS: dict[str, Any] = {"password": _("Adgangskode"), "sso": _("Kommunens login")}


class SignInActionFilter(admin.SimpleListFilter):
    """Filter the sign-in log by action, with the actions' Danish labels."""

    title = _("handling")
    parameter_name = "action"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]
    ) -> list[tuple[str, Any]]:
        return [(str(action), label) for action, label in ACTION_LABELS.items()]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        return queryset.filter(action=value) if value else queryset


@admin.register(SignInEvent)
class SignInEventAdmin(admin.ModelAdmin[SignInEvent]):
    """The sign-in log: every sign-in, failure, lockout, unlock, sign-out and expired session
    (and the password and two-factor changes), newest first, with the client's address. Read
    only: nobody adds, changes or deletes a row."""

    list_display = ["at", "action_label", "who", "address", "method"]
    list_filter = [SignInActionFilter, "at"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    search_fields = ["data__email", "actor__email", "address"]
    readonly_fields = [
        "at",
        "action_label",
        "who",
        "address",
        "method",
        "object_type",
        "object_id",
        "data",
    ]
    fields = ("at", "action_label", "who", "address", "method", "object_type", "object_id", "data")

    @admin.display(description=_("handling"), ordering="action")
    def action_label(self, obj: SignInEvent) -> Any:
        return ACTION_LABELS.get(obj.action, obj.action)

    @admin.display(description=_("login / e-mail"))
    def who(self, obj: SignInEvent) -> str:
        email = obj.data.get("email") if isinstance(obj.data, dict) else None
        if email:
            return str(email)
        return obj.actor.email if obj.actor is not None else ""

    @admin.display(description=_("metode"))
    def method(self, obj: SignInEvent) -> Any:
        value = obj.data.get("method", "") if isinstance(obj.data, dict) else ""
        return METHOD_LABELS.get(value, value)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SignInEvent | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SignInEvent | None = None) -> bool:
        return False


def _administrator(request: HttpRequest) -> User:
    """The signed-in administrator of an admin request (the admin lets no one else in)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):  # type: ignore[misc]
    """django-axes' failure records (one per e-mail, address and browser, with its count).
    A record at the limit is a lockout; deleting it (the action "Ophæv spærringen" or the
    delete button) unlocks at once and writes UNLOCK to the sign-in log."""

    actions = ["unlock", "cleanup_expired_attempts"]

    @admin.action(description=_("Ophæv spærringen for de valgte"), permissions=["delete"])
    def unlock(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        count = lockout_release(
            attempts=list(queryset), by=_administrator(request), address=client_address(request)
        )
        self.message_user(request, _("Spærringen er ophævet (%(count)d).") % {"count": count})

    def delete_model(self, request: HttpRequest, obj: AccessAttempt) -> None:
        lockout_release(attempts=[obj], by=_administrator(request), address=client_address(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[AccessAttempt]) -> None:
        lockout_release(
            attempts=list(queryset), by=_administrator(request), address=client_address(request)
        )


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

    list_select_related = ["user"]
    show_full_result_count = False


class TwoFactorRecoveryCodesAdmin(TwoFactorResetMixin, StaticDeviceAdmin):  # type: ignore[misc]
    """django-otp's admin of recovery codes; deleting them resets two-factor."""

    list_select_related = ["user"]
    show_full_result_count = False


# django-otp registers its own admins when its admin modules are imported (above)
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
admin.site.register(TOTPDevice, TwoFactorAppAdmin)
admin.site.register(StaticDevice, TwoFactorRecoveryCodesAdmin)
