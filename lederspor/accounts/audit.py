"""The audit actions the accounts app records (core.audit.AuditAction; stored in
AuditEvent.action). Sign-in events carry the client's address in `AuditEvent.address`."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.core.audit import AuditAction


class AccountAction(AuditAction):
    """What sign-in and account services record; the value is the stored `AuditEvent.action`.

    The outcome is part of the action: `auth.login` succeeded, `auth.login_failed` did not,
    `auth.lockout` was refused by the lockout.
    """

    LOGIN = "auth.login"
    LOGIN_FAILED = "auth.login_failed"
    LOCKOUT = "auth.lockout"
    UNLOCK = "auth.unlock"
    LOGOUT = "auth.logout"
    SESSION_EXPIRED = "auth.session_expired"
    SSO_REFUSED = "auth.sso_refused"
    PASSWORD_CHANGE = "auth.password_change"
    PASSWORD_RESET_REQUEST = "auth.password_reset_request"
    PASSWORD_RESET = "auth.password_reset"
    INVITATION_SEND = "auth.invitation_send"
    INVITATION_ACCEPT = "auth.invitation_accept"
    TWO_FACTOR_ADD = "auth.two_factor_add"
    TWO_FACTOR_REMOVE = "auth.two_factor_remove"
    TWO_FACTOR_FAILED = "auth.two_factor_failed"
    RECOVERY_CODES_NEW = "auth.recovery_codes_new"
    RECOVERY_CODE_USE = "auth.recovery_code_use"
    HR_STAFF_GRANT = "auth.hr_staff_grant"
    HR_STAFF_REVOKE = "auth.hr_staff_revoke"


#: each sign-in action as people read it: in the sign-in log (admin) and on their account page
ACTION_LABELS: dict[str, Any] = {
    AccountAction.LOGIN: _("Logget ind"),
    AccountAction.LOGIN_FAILED: _("Mislykket log ind"),
    AccountAction.LOCKOUT: _("Spærret"),
    AccountAction.UNLOCK: _("Spærring ophævet"),
    AccountAction.LOGOUT: _("Logget ud"),
    AccountAction.SESSION_EXPIRED: _("Session udløbet"),
    AccountAction.SSO_REFUSED: _("Log ind med kommunens login afvist"),
    AccountAction.PASSWORD_CHANGE: _("Adgangskode skiftet"),
    AccountAction.PASSWORD_RESET_REQUEST: _("Nulstilling af adgangskode bestilt"),
    AccountAction.PASSWORD_RESET: _("Adgangskode nulstillet"),
    AccountAction.INVITATION_SEND: _("Invitation sendt"),
    AccountAction.INVITATION_ACCEPT: _("Invitation taget imod"),
    AccountAction.TWO_FACTOR_ADD: _("To-faktor slået til"),
    AccountAction.TWO_FACTOR_REMOVE: _("To-faktor slået fra"),
    AccountAction.TWO_FACTOR_FAILED: _("Forkert to-faktor-kode"),
    AccountAction.RECOVERY_CODES_NEW: _("Nye gendannelseskoder"),
    AccountAction.RECOVERY_CODE_USE: _("Gendannelseskode brugt"),
    AccountAction.HR_STAFF_GRANT: _("HR-rettighed givet"),
    AccountAction.HR_STAFF_REVOKE: _("HR-rettighed fjernet"),
}
