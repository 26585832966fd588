"""Authentication and rate limiting of the JSON API (docs/api.md).

`TokenAuth(scope)` is the `auth` of a router: it reads `Authorization: Bearer <token>` and only
that (never the session cookie, so no CSRF question arises), checks the token with
`selectors.api_token_check` and notes its use. `TokenRateThrottle` limits each token to
`LEDERSPOR_API_RATE` requests (e.g. "600/m"); over the limit the answer is 429 with Retry-After.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from lederspor.api.models import ApiToken, Scope
from lederspor.api.selectors import MISSING, TokenRefusal, api_token_check
from lederspor.api.services import api_token_touch


class TokenAuth(HttpBearer):
    """Bearer-token authentication for the endpoints that need `scope`.

    Returns the `ApiToken` (ninja puts it on `request.auth`). Raises TokenRefusal (401 with no
    or a malformed header, or an invalid token; 403 without `scope`), which the API answers with
    a Danish JSON error (`lederspor.api.v1`).
    """

    def __init__(self, scope: Scope) -> None:
        super().__init__()
        self.scope = scope

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        header = request.headers.get(self.header, "")
        kind, _space, raw = header.partition(" ")
        if kind.lower() != self.openapi_scheme or not raw.strip():
            raise TokenRefusal(401, MISSING)
        return self.authenticate(request, raw.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        """Check the raw `token` for this auth's scope and note its use; see the class."""
        found = api_token_check(raw=token, scope=self.scope)
        api_token_touch(token=found)
        return found


def api_rate() -> str:
    """The rate limit per token, "<requests>/<s|m|h|d>" (`LEDERSPOR_API_RATE`, default 600/m)."""
    return str(getattr(settings, "LEDERSPOR_API_RATE", "600/m"))


class TokenRateThrottle(SimpleRateThrottle):
    """At most `api_rate()` requests per token in a sliding window, counted in Django's cache
    (`CACHES["default"]`: per process with the default local-memory cache; use a shared cache
    such as Redis or the database cache when several processes serve the API). Read on every
    request, so a changed setting takes effect without a restart of the throttle."""

    scope = "api_token"

    def __init__(self, rate: str | None = None) -> None:
        super().__init__(rate=rate or api_rate())

    def allow_request(self, request: HttpRequest) -> bool:
        """Apply the current `api_rate()`, then the sliding window of ninja's throttle."""
        self.rate = api_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return bool(super().allow_request(request))

    def get_cache_key(self, request: HttpRequest) -> str | None:
        """One window per token (its prefix); a request without a token is not counted here
        (it was refused before)."""
        token: Any = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.prefix}
