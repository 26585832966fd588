"""Secret tokens in addresses and headers (API keys, evaluation links, calendar feeds): what
is stored of them and how a presented one is read. The raw token is shown once and never kept.
"""

import hashlib


def token_hash(raw: str) -> str:
    """The SHA-256 hex digest stored for a raw token (64 characters).

    A plain (unsalted, fast) hash suffices: the secret part is 32 random bytes
    (`secrets.token_urlsafe(32)`), which no dictionary or brute force reaches.
    """
    return hashlib.sha256(raw.encode()).hexdigest()


def token_prefix(raw: str, mark: str) -> str | None:
    """The prefix of a raw token of the form `<mark>_<prefix>_<secret>` (e.g. an API key
    `lsp_…`, a feed address `kal_…`), or None if `raw` has not that form."""
    parts = raw.split("_", 2)
    if len(parts) != 3 or parts[0] != mark or not parts[1] or not parts[2]:
        return None
    return parts[1]
