"""The audit actions visits records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class VisitAction(AuditAction):
    """What visits's services record; the value is the stored `AuditEvent.action`."""

    ENROLMENT_ENROL_JOB_VISIT = "enrolment.enrol_job_visit"
    PAIRING_MAKE = "visits.pairing_make"
    PAIRS_PUBLISH = "visits.pairs_publish"
    PAIR_SWAP = "visits.pair_swap"
    THEMES = "visits.themes"
    VISIT_CANCEL = "visits.visit_cancel"
    VISIT_HELD = "visits.visit_held"
    VISIT_PLAN = "visits.visit_plan"
    VISIT_REFLECTED = "visits.visit_reflected"
    VISIT_REFLECTION_PLAN = "visits.visit_reflection_plan"
    VISIT_REMIND_MISSING = "visits.remind_missing_visit"
    VISIT_REOPEN = "visits.visit_reopen"
    VISIT_REOPEN_REQUEST = "visits.visit_reopen_request"
    VISIT_WRITE_EXPECTATIONS = "visits.visit_write.expectations"
    VISIT_WRITE_INTENDED = "visits.visit_write.intended"
    VISIT_WRITE_OBSERVED = "visits.visit_write.observed"
    VISIT_WRITE_PERCEIVED = "visits.visit_write.perceived"
    VISIT_WRITE_REFLECTION = "visits.visit_write.reflection"
    WRAP_UP_BOOK = "visits.wrap_up_book"
    WRAP_UP_COMPOSE = "visits.wrap_up_compose"
    WRAP_UP_NOTES = "visits.wrap_up_notes"
