"""This app's panel on a participant's programme page (`programmes:enrolment_detail`): the
steps of 'Leder på spring' (seed 002) for this participant, each with its state and the action
the viewer may take."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.clarification.access import CERTIFICATE_READERS
from lederspor.clarification.mailing import send_time
from lederspor.clarification.selectors import certificate_attendance, enrolment_steps
from lederspor.core.access import Relation
from lederspor.programmes.extensions import EnrolmentPage
from lederspor.programmes.models import Enrolment


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the panel for `page.enrolment` as seen with its relations, or "" for a
    nomination not yet decided (registered for Leder på spring cohorts only). Three queries, five
    once completed (the certificate's attendance)."""
    enrolment, relations = page.enrolment, page.relations
    if enrolment.status not in Enrolment.SEATED:
        return ""
    steps = enrolment_steps(enrolment=enrolment, viewer=page.viewer)
    is_participant = Relation.PARTICIPANT in relations
    completed = enrolment.status == Enrolment.Status.COMPLETED
    attendance = certificate_attendance(enrolment) if completed else None
    manages = bool(relations & {Relation.CONSULTANT, Relation.ADMIN})
    return render_to_string(
        "clarification/_enrolment_panel.html",
        {
            "enrolment": enrolment,
            "steps": steps,
            "s": steps.state,
            "send_at": send_time(steps.mailing) if steps.mailing else None,
            "is_participant": is_participant,
            "manages": manages,
            "can_act": is_participant and enrolment.status == Enrolment.Status.ENROLLED,
            "may_certificate": bool(relations & CERTIFICATE_READERS),
            "certificate_attendance": attendance,
        },
        request=page.request,
    )
