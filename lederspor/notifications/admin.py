from django.contrib import admin
from django.http import HttpRequest

from lederspor.notifications.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin[OutgoingEmail]):
    list_display = ["subject", "to_address", "kind", "status", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to_address"]
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
