"""The audit actions grouping records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class GroupingAction(AuditAction):
    """What grouping's services record; the value is the stored `AuditEvent.action`."""

    COMPOSE = "grouping.compose"
    CREATE = "grouping.create"
    ENROLMENT_JTI = "enrolment.jti"
    ENROLMENT_JTI_WITHDRAW = "enrolment.jti_withdraw"
    LOCK = "grouping.lock"
    MOVE = "grouping.move"
    PUBLISH = "grouping.publish"
    TASKS = "grouping.tasks"
    UPDATE = "grouping.update"
    UNLOCK = "grouping.unlock"
