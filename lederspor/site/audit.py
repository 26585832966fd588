"""The audit actions the site floor records (core.audit.AuditAction)."""

from lederspor.core.audit import AuditAction


class SiteAction(AuditAction):
    """What the site floor records: the demo build's marker row on the municipality."""

    DEMO_BUILD = "demo.build"
