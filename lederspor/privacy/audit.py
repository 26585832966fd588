"""The audit actions the privacy app records (core.audit.AuditAction; stored in
AuditEvent.action). The rows carry counts, never the personal data itself."""

from lederspor.core.audit import AuditAction


class PrivacyAction(AuditAction):
    """What the privacy services record; the value is the stored `AuditEvent.action`.

    - ERASURE: a person was erased on request (`services.erase_person`): the reason given and
      the number of records per registry entry and action.
    - ACCESS_EXPORT: an access export (GDPR art. 15) was produced for a person, by whom, and
      how many records per entry.
    - RETENTION_RUN: the daily retention run (`services.apply_retention`): records per rule.
    """

    ERASURE = "privacy.erasure"
    ACCESS_EXPORT = "privacy.access_export"
    RETENTION_RUN = "privacy.retention_run"
