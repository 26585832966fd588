"""Unlocking a lockout (django-axes' failure counters) by an administrator, audited (issue #12 §3).

A lockout also ends by itself after `settings.LEDERSPOR_LOCKOUT_MINUTES` (axes' cool-off).
"""

from collections.abc import Iterable

from axes.models import AccessAttempt
from django.db import transaction

from lederspor.accounts.audit import AccountAction
from lederspor.core.audit import audit_record
from lederspor.core.models import User


@transaction.atomic
def lockout_release(
    *, attempts: Iterable[AccessAttempt], by: User, address: str | None = None
) -> int:
    """Delete django-axes' failure records `attempts` (each one an e-mail, address and browser
    with its count of failures), which lifts the lockout they cause, and write one UNLOCK audit
    row per record: by `by`, from `address`, about the login with the record's e-mail when there
    is one, with the e-mail, the locked address and the failure count in its data.

    Returns the number of records deleted."""
    count = 0
    for attempt in attempts:
        email = (attempt.username or "").strip().lower()
        audit_record(
            actor=by,
            action=AccountAction.UNLOCK,
            obj=User.objects.filter(email__iexact=email).first() if email else None,
            address=address,
            email=email,
            locked_address=attempt.ip_address or "",
            failures=attempt.failures_since_start,
        )
        attempt.delete()
        count += 1
    return count
