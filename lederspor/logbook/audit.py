"""The audit actions logbook records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class LogbookAction(AuditAction):
    """What logbook's services record; the value is the stored `AuditEvent.action`."""

    LOGBOOK_ENTRY_CREATE = "logbook_entry.create"
    LOGBOOK_ENTRY_DELETE = "logbook_entry.delete"
    LOGBOOK_ENTRY_RESTORE = "logbook_entry.restore"
    LOGBOOK_ENTRY_UNSHARE = "logbook_entry.unshare"
    LOGBOOK_ENTRY_UPDATE = "logbook_entry.update"
    LOGBOOK_ENTRY_SHARE = "logbook_entry.share"
