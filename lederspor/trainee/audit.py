"""The audit actions trainee records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class TraineeAction(AuditAction):
    """What trainee's services record; the value is the stored `AuditEvent.action`."""

    EFFECTS_ANSWER = "trainee.effects.answer"
    OUTCOME_SET = "trainee.outcome.set"
    PERSONALITY_TEST_CREATE = "trainee.personality_test.create"
    PERSONALITY_TEST_UPDATE = "trainee.personality_test.update"
    OPTIONS_SET = "trainee.options.set"
    JOINT_START_PLAN = "trainee.joint_start.plan"
    JOINT_START_HELD = "trainee.joint_start.held"
