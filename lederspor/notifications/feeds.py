"""The secret addresses of the iCalendar feeds (issue #16 §3: "an iCalendar feed URL per user
(secret token, revocable) that Outlook can subscribe to").

The approach is the API keys' (`api.services.api_token_create`, `api.selectors.api_token_check`):
the raw token `kal_<prefix>_<secret>` (8 hex characters, then 32 random bytes from
`secrets.token_urlsafe`) is shown once; the database keeps the prefix and the SHA-256 hex
digest; a presented token is found by its prefix and compared in constant time
(`hmac.compare_digest`). What the feed holds is built by `programmes.calendar_events`.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.tokens import token_hash, token_prefix
from lederspor.notifications.audit import NotificationAction
from lederspor.notifications.models import CalendarFeedToken
from lederspor.people.models import Person

#: every raw feed token starts with this, so a leaked address is easy to recognise
FEED_MARK = "kal"
#: `last_used_at` is written at most this often (Outlook polls every few hours; others often)
FEED_TOUCH_SECONDS = 60


def active_feed_token(person: Person) -> CalendarFeedToken | None:
    """The person's feed token that is not revoked, or None (one query)."""
    return CalendarFeedToken.objects.filter(person=person, revoked_at__isnull=True).first()


@transaction.atomic
def feed_token_renew(*, person: Person, by: User) -> str:
    """Revoke `person`'s active feed token (if any) and make a new one; return the raw token
    (shown once, never stored). Audited as `CALENDAR_FEED_RENEW` (the prefix, never the
    token). The old address answers 404 from now on."""
    feed_token_revoke(person=person, by=by, audit=False)
    prefix = secrets.token_hex(4)
    while CalendarFeedToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{FEED_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    token = CalendarFeedToken.objects.create(
        person=person, prefix=prefix, token_hash=token_hash(raw)
    )
    audit_record(
        actor=by, action=NotificationAction.CALENDAR_FEED_RENEW, obj=token, summary=str(token)
    )
    return raw


@transaction.atomic
def feed_token_revoke(*, person: Person, by: User, audit: bool = True) -> int:
    """Revoke `person`'s active feed token; returns how many were revoked (0 or 1). Audited as
    `CALENDAR_FEED_REVOKE` when one was (unless `audit` is False: a renewal audits itself)."""
    tokens = list(
        CalendarFeedToken.objects.select_for_update().filter(person=person, revoked_at__isnull=True)
    )
    now = timezone.now()
    for token in tokens:
        token.revoked_at = now
        token.save(update_fields=["revoked_at", "updated_at"])
        if audit:
            audit_record(
                actor=by,
                action=NotificationAction.CALENDAR_FEED_REVOKE,
                obj=token,
                summary=str(token),
            )
    return len(tokens)


def feed_token_check(raw: str) -> CalendarFeedToken | None:
    """The active token `raw` with its person, or None for an unknown, malformed or revoked
    one (one query, plus one write at most once a minute for `last_used_at`)."""
    prefix = token_prefix(raw, FEED_MARK)
    if prefix is None:
        return None
    token = CalendarFeedToken.objects.select_related("person").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(raw)):
        return None
    if token.revoked_at is not None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(
        seconds=FEED_TOUCH_SECONDS
    ):
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
