"""The audit actions clarification records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class ClarificationAction(AuditAction):
    """What clarification's services record; the value is the stored `AuditEvent.action`."""

    ATTACHMENT_ADD = "clarification.attachment_add"
    ATTACHMENT_DELETE = "clarification.attachment_delete"
    FEEDBACK_CREATE = "clarification.feedback_create"
    HOMEWORK_CREATE = "clarification.homework_create"
    HOMEWORK_DELETE = "clarification.homework_delete"
    HOMEWORK_DONE = "clarification.homework_done"
    HOMEWORK_UNDONE = "clarification.homework_undone"
    JTI_ANSWERED = "clarification.jti_answered"
    JTI_UNANSWERED = "clarification.jti_unanswered"
    MAILING_CREATE = "clarification.mailing_create"
    MAILING_RESCHEDULE = "clarification.mailing_reschedule"
    MAILING_SEND_MISSING = "clarification.mailing_send_missing"
    MAILING_SENT = "clarification.mailing_sent"
    TALK_CREATE = "clarification.talk_create"
    TEACHING_DAYS = "clarification.teaching_days"
    MAILING_UPDATE = "clarification.mailing_update"
    TALK_UPDATE = "clarification.talk_update"
    FEEDBACK_UPDATE = "clarification.feedback_update"
