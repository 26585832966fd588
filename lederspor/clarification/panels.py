"""This app's panel on a participant's programme page (`programmes:enrolment_detail`): the
steps of 'Leder på spring' (seed 002) for this participant, each with its state and the action
the viewer may take."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lederspor.clarification.access import CERTIFICATE_READERS
from lederspor.clarification.selectors import enrolment_steps
from lederspor.clarification.tasks import send_time
from lederspor.core.access import Relation
from lederspor.people.roles import roles_for
from lederspor.programmes.models import Enrolment, ProgrammeKind


def enrolment_panel(request: HttpRequest, enrolment: Enrolment, relations: set[Relation]) -> str:
    """Rendered HTML of the panel for `enrolment` as seen with `relations`, or "" for a cohort
    of another programme or a nomination not yet decided. Three queries."""
    if enrolment.cohort.programme.kind != ProgrammeKind.CLARIFICATION:
        return ""
    if enrolment.status not in Enrolment.SEATED:
        return ""
    steps = enrolment_steps(enrolment=enrolment, viewer=roles_for(request).person)
    is_participant = Relation.PARTICIPANT in relations
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
        },
        request=request,
    )
