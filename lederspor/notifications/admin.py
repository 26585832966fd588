from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from lederspor.notifications.models import OutgoingEmail

#: what a mail's admin page never shows, lists or searches, not even to a superuser: the text
#: may carry conversation content, and administrators manage structure, not content (issue #15 §4)
PRIVATE_FIELDS = ("body", "html_body", "ics", "attachments")
#: the fields the change page shows, all read-only
SHOWN_FIELDS = tuple(
    f.name for f in OutgoingEmail._meta.fields if f.name not in {"id", *PRIVATE_FIELDS}
)


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(admin.ModelAdmin[OutgoingEmail]):
    """Outgoing mail for administrators: who, subject, status and delivery facts, read-only;
    never the body, HTML, calendar part or attachments (`PRIVATE_FIELDS`)."""

    list_display = ["subject", "to_address", "kind", "status", "attempts", "created_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "to_address"]
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS

    def get_queryset(self, request: HttpRequest) -> QuerySet[OutgoingEmail]:
        # the private texts are not even loaded
        return super().get_queryset(request).defer(*PRIVATE_FIELDS)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
