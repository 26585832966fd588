"""The audit actions licences records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class LicenceAction(AuditAction):
    """What licences's services record; the value is the stored `AuditEvent.action`."""

    LICENCE_REQUIREMENT_ADD = "licence_requirement.add"
    LICENCE_REQUIREMENT_CHANGE = "licence_requirement.change"
    LICENCE_REQUIREMENT_REMOVE = "licence_requirement.remove"
    LICENCE_TASK_CREATE = "licence_task.create"
    LICENCE_TASK_PUBLISH = "licence_task.publish"
    LICENCE_TASK_UNPUBLISH = "licence_task.unpublish"
    LICENCE_TASK_UPDATE = "licence_task.update"
    PRACTICE_REVIEW_RECORD = "practice_review.record"
