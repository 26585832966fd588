"""The audit actions conversations records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class ConversationAction(AuditAction):
    """What conversations's services record; the value is the stored `AuditEvent.action`."""

    CONVERSATION_ACTION_ADD = "conversation.action_add"
    CONVERSATION_ACTION_DONE = "conversation.action_done"
    CONVERSATION_ACTION_MOVE = "conversation.action_move"
    CONVERSATION_CANCEL = "conversation.cancel"
    CONVERSATION_CAREER = "conversation.career"
    CONVERSATION_CONFIRM = "conversation.confirm"
    CONVERSATION_HELD = "conversation.held"
    CONVERSATION_PLAN = "conversation.plan"
    CONVERSATION_PREPARE = "conversation.prepare"
    CONVERSATION_RECORD = "conversation.record"
    CONVERSATION_REMIND_ACTION = "conversation.remind_action"
    CONVERSATION_REMIND_NOT_HELD = "conversation.remind_not_held"
    CONVERSATION_RESCHEDULE = "conversation.reschedule"
    CONVERSATION_TEMPLATE_VERSION = "conversation_template.version"
