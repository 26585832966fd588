"""The audit actions competence records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class CompetenceAction(AuditAction):
    """What competence's services record; the value is the stored `AuditEvent.action`."""

    ANCHORING_REMIND = "competence.anchoring_remind"
    COMPETENCE_PLAN_COPY = "competence_plan.copy"
    COMPETENCE_PLAN_CREATE = "competence_plan.create"
    COMPETENCE_PLAN_DELETE = "competence_plan.delete"
    COMPETENCE_PLAN_EVALUATE = "competence_plan.evaluate"
    COMPETENCE_PLAN_EVERYDAY = "competence_plan.everyday"
    COMPETENCE_PLAN_LEARNING_GOALS = "competence_plan.learning_goals"
    COMPETENCE_PLAN_PARTICIPANTS = "competence_plan.participants"
    COMPETENCE_PLAN_PERSPECTIVE = "competence_plan.perspective"
    COMPETENCE_PLAN_RESTORE = "competence_plan.restore"
    COMPETENCE_PLAN_STATUS = "competence_plan.status"
    COMPETENCE_PLAN_TASK = "competence_plan.task"
    COMPETENCE_PLAN_TRAINING_GROUND = "competence_plan.training_ground"
