"""The audit actions texts records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class TextAction(AuditAction):
    """What texts's services record; the value is the stored `AuditEvent.action`."""

    EDIT = "text.edit"
    RESTORE = "text.restore"
    ACCEPT_DEFAULT = "text.accept_default"
