"""Template filters for attendance cells (`{% load attendance %}`; no queries)."""

from django import template
from django.utils.translation import gettext as _

from lederspor.programmes.models import Attendance

register = template.Library()


@register.filter
def attendance_label(status: str | None) -> str:
    """The translated label of an attendance status, or "ikke registreret" for none."""
    if not status:
        return _("ikke registreret")
    return str(Attendance.Status(status).label)


@register.filter
def attendance_symbol(status: str | None) -> str:
    """A short visual mark for an attendance cell: ✓ present, ✗ absent, A excused, – none."""
    return {"present": "✓", "absent": "✗", "excused": "A"}.get(status or "", "–")
