"""The audit actions catalogue records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class CatalogueAction(AuditAction):
    """What catalogue's services record; the value is the stored `AuditEvent.action`."""

    TASK_AGREE = "task.agree"
    TASK_COMPLETE = "task.complete"
    TASK_CONTENT_EDIT = "task.content_edit"
    TASK_FOLLOW_UP = "task.follow_up"
    TASK_HOST_CONFIRM = "task.host_confirm"
    TASK_NOTE = "task.note"
    TASK_PROPOSE = "task.propose"
    TASK_START = "task.start"
    TASK_STEP = "task.step"
    TASK_UPDATE = "task.update"
