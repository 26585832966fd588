"""Small template filters for Lederspor pages (no queries)."""

from django import template
from django.utils.translation import gettext as _

from lederspor.programmes.models import Attendance

register = template.Library()


@register.filter
def get_item(mapping: dict, key: object) -> object:
    """`{{ counts|get_item:status }}` – dictionary lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def attendance_label(status: str | None) -> str:
    """Danish label for an attendance status (or "ikke registreret")."""
    if not status:
        return _("ikke registreret")
    return str(Attendance.Status(status).label)


@register.filter
def attendance_symbol(status: str | None) -> str:
    """A short visual mark for an attendance cell: ✓ present, ✗ absent, A excused, – none."""
    return {"present": "✓", "absent": "✗", "excused": "A"}.get(status or "", "–")
