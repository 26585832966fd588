"""The audit actions people records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class OrganisationAction(AuditAction):
    """What people's services record; the value is the stored `AuditEvent.action`."""

    ORG_IMPORT = "org.import"
    #: a full load marked persons or units inactive, or brought some back (issue #17 §2)
    ORG_DEACTIVATE = "org.deactivate"
