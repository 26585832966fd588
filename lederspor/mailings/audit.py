"""The audit actions mailings records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class MailingAction(AuditAction):
    """What mailings's services record; the value is the stored `AuditEvent.action`."""

    MAILING_SEND = "mailing.send"
    TEMPLATE_CREATE = "mail_template.create"
    TEMPLATE_EDIT = "mail_template.edit"
