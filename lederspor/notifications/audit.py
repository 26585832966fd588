"""The audit actions notifications records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class NotificationAction(AuditAction):
    """What notifications's services record; the value is the stored `AuditEvent.action`."""

    EMAIL_RETRY = "email.retry"
    #: a person renewed (made) or stopped their calendar feed address (issue #16 §3)
    CALENDAR_FEED_RENEW = "calendar_feed.renew"
    CALENDAR_FEED_REVOKE = "calendar_feed.revoke"
