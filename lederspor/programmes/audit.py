"""The audit actions programmes records (core.audit.AuditAction; stored in AuditEvent.action)."""

from lederspor.core.audit import AuditAction


class ProgrammeAction(AuditAction):
    """What programmes's services record; the value is the stored `AuditEvent.action`."""

    ATTENDANCE_CLEAR = "attendance.clear"
    ATTENDANCE_SET = "attendance.set"
    COHORT_CREATE = "cohort.create"
    COHORT_UPDATE = "cohort.update"
    CONTENT_EDIT = "programme.content_edit"
    ENROLMENT_APPROVE = "enrolment.approve"
    ENROLMENT_COMPLETE = "enrolment.complete"
    ENROLMENT_NOMINATE = "enrolment.nominate"
    ENROLMENT_REJECT = "enrolment.reject"
    ENROLMENT_REOPEN = "enrolment.reopen"
    ENROLMENT_WITHDRAW = "enrolment.withdraw"
    # the waiting list (issue #16 §3)
    WAITLIST_ADD = "waitlist.add"
    WAITLIST_GIVE_PLACE = "waitlist.give_place"
    WAITLIST_SKIP = "waitlist.skip"
    SESSION_CREATE = "session.create"
    SESSION_DELETE = "session.delete"
    SESSION_UPDATE = "session.update"
