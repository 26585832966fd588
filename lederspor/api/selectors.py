"""Reads of the API app: the tokens page, and the check of a presented token."""

import hmac

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lederspor.api.access import may_manage_tokens
from lederspor.api.models import ApiToken, Scope
from lederspor.core.tokens import token_hash, token_prefix

#: every raw token starts with this, so a leaked one is easy to recognise (secret scanners)
TOKEN_MARK = "lsp"  # noqa: S105 (the visible mark of every token, not a secret)


def token_prefix_of(raw: str) -> str | None:
    """The prefix of a raw token `lsp_<prefix>_<secret>`, or None if it has not that form."""
    return token_prefix(raw, TOKEN_MARK)


class TokenRefusal(Exception):
    """Why a presented token is refused: `status` 401 (not a valid token) or 403 (valid, but
    without the scope), with a Danish `message` for the JSON error."""

    def __init__(self, status: int, message: str | Promise) -> None:
        super().__init__(str(message))
        self.status = status
        self.message = message


MISSING = _("Der mangler en API-nøgle. Send den i headeren “Authorization: Bearer <nøgle>”.")
UNKNOWN = _("API-nøglen er ukendt.")
REVOKED = _("API-nøglen er tilbagekaldt.")
EXPIRED = _("API-nøglen er udløbet.")
CREATOR_GONE = _(
    "Den administrator, der oprettede API-nøglen, har ikke længere adgang. Opret en ny nøgle."
)
NO_SCOPE = _("API-nøglen giver ikke adgang til dette. Den mangler omfanget “%(scope)s”.")


def api_token_check(*, raw: str, scope: Scope) -> ApiToken:
    """Return the token `raw` if it may read endpoints that need `scope` now.

    One query (the token with its creator) plus up to two for the creator's permissions.
    Raises TokenRefusal: 401 for an unknown, revoked or expired token or one whose creator no
    longer may manage tokens (`may_manage_tokens`); 403 when the token lacks `scope`.
    """
    prefix = token_prefix_of(raw)
    token = (
        ApiToken.objects.select_related("created_by").filter(prefix=prefix).first()
        if prefix
        else None
    )
    if token is None or not hmac.compare_digest(token.token_hash, token_hash(raw)):
        raise TokenRefusal(401, UNKNOWN)
    if token.revoked_at is not None:
        raise TokenRefusal(401, REVOKED)
    if token.expires_at <= timezone.now():
        raise TokenRefusal(401, EXPIRED)
    if not may_manage_tokens(token.created_by):
        raise TokenRefusal(401, CREATOR_GONE)
    if scope.value not in token.scopes:
        raise TokenRefusal(403, NO_SCOPE % {"scope": scope.value})
    return token


def api_tokens_for_page() -> QuerySet[ApiToken]:
    """Every token, newest first, with its creator and revoker (the tokens page)."""
    return ApiToken.objects.select_related("created_by", "revoked_by").order_by(
        "-created_at", "-id"
    )
