"""Writes of the API app: create and revoke API tokens (audited), and note a token's use."""

import datetime as dt
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.api.access import may_manage_tokens
from lederspor.api.audit import ApiAction
from lederspor.api.models import ApiToken, Scope
from lederspor.api.selectors import TOKEN_MARK
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.core.tokens import token_hash

#: `last_used_at` is written at most this often per token (seconds): not a write per request
API_TOKEN_TOUCH_SECONDS = 60


def api_token_max_days() -> int:
    """The longest a token may live, in days (`LEDERSPOR_API_TOKEN_MAX_DAYS`, default 365)."""
    return int(getattr(settings, "LEDERSPOR_API_TOKEN_MAX_DAYS", 365))


@transaction.atomic
def api_token_create(
    *, by: User, name: str, scopes: list[str], expires_at: dt.datetime
) -> tuple[ApiToken, str]:
    """Create a token for an integration and return it with its raw value (shown once).

    `scopes`: values of `Scope` (at least one); `expires_at`: in the future and at most
    `api_token_max_days()` days away. The raw token is `lsp_<prefix>_<secret>` with an 8-hex
    prefix and a 32-byte `secrets.token_urlsafe` secret; only the prefix and the SHA-256 hash
    are stored. Audited as `ApiAction.TOKEN_CREATE` (name, prefix, scopes, expiry: never the
    token). Raises PermissionDenied if `by` may not manage tokens (`may_manage_tokens`),
    ValidationError for no or unknown scopes or an expiry outside the limits.
    """
    if not may_manage_tokens(by):
        raise PermissionDenied
    chosen = [scope.value for scope in Scope if scope.value in scopes]
    if not chosen or len(set(scopes)) != len(chosen):
        raise ValidationError(_("Vælg mindst ét gyldigt omfang."), code="scopes")
    now = timezone.now()
    if expires_at <= now:
        raise ValidationError(_("Udløbsdatoen skal ligge i fremtiden."), code="expires")
    if expires_at > now + dt.timedelta(days=api_token_max_days() + 1):
        raise ValidationError(
            _("En API-nøgle kan højst gælde i %(days)d dage.") % {"days": api_token_max_days()},
            code="expires",
        )
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{TOKEN_MARK}_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name.strip(),
        prefix=prefix,
        token_hash=token_hash(raw),
        scopes=chosen,
        created_by=by,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=by,
        action=ApiAction.TOKEN_CREATE,
        obj=token,
        summary=str(token),
        scopes=chosen,
        expires_at=expires_at.isoformat(),
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User) -> ApiToken:
    """Revoke `token` now: every later request with it gets 401. Audited as
    `ApiAction.TOKEN_REVOKE`. Revoking a revoked token changes nothing (no second row).
    Raises PermissionDenied if `by` may not manage tokens.
    """
    if not may_manage_tokens(by):
        raise PermissionDenied
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.revoked_by = by
    token.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    audit_record(actor=by, action=ApiAction.TOKEN_REVOKE, obj=token, summary=str(token))
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note that `token` was used now, at most once per `API_TOKEN_TOUCH_SECONDS`: one UPDATE
    when the last note is older, else no query. Bookkeeping, not a state change: not audited."""
    now = timezone.now()
    last = token.last_used_at
    if last is not None and (now - last).total_seconds() < API_TOKEN_TOUCH_SECONDS:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
