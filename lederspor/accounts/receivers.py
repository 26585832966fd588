"""Signal receivers of the accounts app: the sign-in log (issue #12 §3).

Django's `user_logged_in`, `user_login_failed` and `user_logged_out` and django-axes'
`user_locked_out` each write one audit row (`AccountAction`: LOGIN, LOGIN_FAILED, LOGOUT or
SESSION_EXPIRED, LOCKOUT) with the client's address; the administrator reads them as the sign-in
log (`accounts.SignInEvent` in the admin). The rows record, they decide nothing: the lockout is
django-axes', the session limits are `accounts.middleware.SessionLimitsMiddleware`'s (a sign-in starts its
clock here).

Never stored: the password (Django passes the credentials cleansed, and only the e-mail is read).
"""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.middleware import SESSION_END_ATTRIBUTE, session_clock_start
from lederspor.accounts.requests import EMAIL_MAX_LENGTH, lockout_username
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.requests import client_address

#: how the backends sign in, for a session that has not recorded it (yet)
_BACKEND_METHOD = {
    "lederspor.core.auth.EmailBackend": "password",
    "lederspor.accounts.oidc.OIDCBackend": "sso",
}


def _sign_in_method(request: HttpRequest | None) -> str:
    """ "password" or "sso": the session's `AUTH_METHOD_SESSION_KEY` when set, else read from the
    backend Django stored in the session at sign-in; "" when neither tells."""
    from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY

    session = getattr(request, "session", None)
    if session is None:
        return ""
    method = session.get(AUTH_METHOD_SESSION_KEY)
    if isinstance(method, str) and method:
        return method
    return _BACKEND_METHOD.get(str(session.get(BACKEND_SESSION_KEY, "")), "")


def _address(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else None


def _login_for(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).first() if email else None


def _login_or_none(user: Any) -> User | None:
    return user if isinstance(user, User) and user.pk else None


@receiver(user_logged_in, dispatch_uid="accounts_log_sign_in")
def log_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A successful sign-in: LOGIN by and about the login, with the address and the method."""
    login = _login_or_none(user)
    audit_record(
        actor=login,
        action=AccountAction.LOGIN,
        obj=login,
        address=_address(request),
        method=_sign_in_method(request),
    )


@receiver(user_logged_in, dispatch_uid="accounts_session_clock")
def start_session_clock(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """Every sign-in starts the session's idle and absolute limits (SessionLimitsMiddleware)."""
    if request is not None and hasattr(request, "session"):
        session_clock_start(request)


@receiver(user_login_failed, dispatch_uid="accounts_log_sign_in_failure")
def log_sign_in_failure(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """A refused sign-in (wrong password, unknown e-mail, deactivated login, or refused by the
    lockout): LOGIN_FAILED with the typed e-mail (lower case, at most 254 characters) and,
    when a login has that e-mail, the login as the object. Never the password."""
    email = (lockout_username(request, credentials) if request is not None else None) or ""
    if not email:
        typed = credentials.get("username") or credentials.get("email") or ""
        email = str(typed).strip().lower()[:EMAIL_MAX_LENGTH]
    audit_record(
        actor=None,
        action=AccountAction.LOGIN_FAILED,
        obj=_login_for(email),
        address=_address(request),
        email=email,
        method="password" if "password" in credentials else "sso",
    )


@receiver(user_logged_out, dispatch_uid="accounts_log_sign_out")
def log_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """A sign-out: LOGOUT, or SESSION_EXPIRED with the reason ("idle" or "absolute") when the
    session limits ended the session (`SessionLimitsMiddleware` sets the request's
    `SESSION_END_ATTRIBUTE` to "idle" or "absolute" first). Nothing when nobody was signed in."""
    login = _login_or_none(user)
    if login is None:
        return
    reason = getattr(request, SESSION_END_ATTRIBUTE, None)
    extra: dict[str, Any] = {"reason": reason} if reason else {}
    audit_record(
        actor=login,
        action=AccountAction.SESSION_EXPIRED if reason else AccountAction.LOGOUT,
        obj=login,
        address=_address(request),
        method=_sign_in_method(request),
        **extra,
    )


@receiver(user_locked_out, dispatch_uid="accounts_log_lockout")
def log_lockout(
    sender: Any,
    request: HttpRequest | None = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    """django-axes locked out an e-mail or an address (or refused an attempt while locked):
    LOCKOUT with the typed e-mail and the address; the login, when one has the e-mail, is the
    object."""
    email = (username or "").strip().lower()[:EMAIL_MAX_LENGTH]
    audit_record(
        actor=None,
        action=AccountAction.LOCKOUT,
        obj=_login_for(email),
        address=ip_address or _address(request),
        email=email,
    )
