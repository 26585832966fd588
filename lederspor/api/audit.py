"""Audit actions of the JSON API: what an administrator does to an API token (core.audit)."""

from lederspor.core.audit import AuditAction


class ApiAction(AuditAction):
    """State changes of `api.ApiToken`, recorded by `api.services`."""

    TOKEN_CREATE = "api_token.create"
    TOKEN_REVOKE = "api_token.revoke"
