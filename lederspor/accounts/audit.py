"""The audit actions the accounts app records (core.audit.AuditAction; stored in
AuditEvent.action). Sign-in events carry the client's address in `AuditEvent.address`."""

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
