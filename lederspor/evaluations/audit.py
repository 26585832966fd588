"""The audit actions evaluations records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class EvaluationAction(AuditAction):
    """What evaluations's services record; the value is the stored `AuditEvent.action`."""

    QUESTIONNAIRE_ANSWER = "questionnaire.answer"
    QUESTIONNAIRE_CLOSE = "questionnaire.close"
    QUESTIONNAIRE_CREATE = "questionnaire.create"
    QUESTIONNAIRE_EDIT = "questionnaire.edit"
    QUESTIONNAIRE_REMIND = "questionnaire.remind"
    QUESTIONNAIRE_SCHEDULE = "questionnaire.schedule"
    QUESTIONNAIRE_SEND = "questionnaire.send"
    QUESTIONNAIRE_TEMPLATE_LOAD = "questionnaire_template.load"
