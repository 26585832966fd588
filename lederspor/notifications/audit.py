"""The audit actions notifications records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class NotificationAction(AuditAction):
    """What notifications's services record; the value is the stored `AuditEvent.action`."""

    EMAIL_RETRY = "email.retry"
