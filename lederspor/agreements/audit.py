"""The audit actions agreements records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class AgreementAction(AuditAction):
    """What agreements's services record; the value is the stored `AuditEvent.action`."""

    LEARNING_AGREEMENT_APPROVE = "learning_agreement.approve"
    LEARNING_AGREEMENT_BLOCK_EXECUTION = "learning_agreement.block_execution"
    LEARNING_AGREEMENT_CREATE = "learning_agreement.create"
    LEARNING_AGREEMENT_REVISE = "learning_agreement.revise"
    LEARNING_AGREEMENT_SAVE = "learning_agreement.save"
