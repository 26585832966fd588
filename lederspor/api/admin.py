"""API tokens in Django's admin: read-only (create and revoke on /api/noegler/, audited)."""

from django.contrib import admin
from django.http import HttpRequest

from lederspor.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Lists tokens by name and prefix; never shows the hash. Changes go through the page."""

    list_display = (
        "name",
        "display_prefix",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
    )
    list_select_related = ["created_by"]
    show_full_result_count = False
    fields = (
        "name",
        "display_prefix",
        "scopes",
        "created_by",
        "expires_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ApiToken | None = None) -> bool:
        return False
