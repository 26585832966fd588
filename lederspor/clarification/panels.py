"""What 'Leder på spring' shows on other apps' pages: its panel on a participant's programme
page (`programmes:enrolment_detail`: the steps of seed 002 for this participant, each with its
state and the action the viewer may take) and the learning goals beside the questions of the
closing conversation with the nearest leader (`conversations.extensions.conversation_sections`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lederspor.clarification.access import CERTIFICATE_READERS
from lederspor.clarification.mailing import send_time
from lederspor.clarification.selectors import (
    certificate_attendance,
    enrolment_steps,
    learning_goals,
)
from lederspor.clarification.timeline import enrolment_timeline
from lederspor.conversations.models import Conversation
from lederspor.core.access import Relation
from lederspor.people.roles import roles_for
from lederspor.programmes.extensions import EnrolmentPage
from lederspor.programmes.models import Enrolment

#: who sees the participant's registered attendance in the timeline (not the chef)
ATTENDANCE_READERS = {Relation.PARTICIPANT, Relation.LEADER, Relation.CONSULTANT, Relation.ADMIN}


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the panel for `page.enrolment` as seen with its relations, or "" for a
    nomination not yet decided (registered for Leder på spring cohorts only). Seven queries (steps three,
    learning goals one, the timeline two, the cohort's sessions one, shared with the other
    sections), nine once completed (the certificate's attendance)."""
    enrolment, relations = page.enrolment, page.relations
    if enrolment.status not in Enrolment.SEATED:
        return ""
    steps = enrolment_steps(enrolment=enrolment, viewer=page.viewer)
    is_participant = Relation.PARTICIPANT in relations
    completed = enrolment.status == Enrolment.Status.COMPLETED
    attendance = certificate_attendance(enrolment) if completed else None
    timeline = enrolment_timeline(
        enrolment=enrolment,
        viewer=page.viewer,
        steps=steps,
        sessions=page.sessions,
        show_attendance=bool(relations & ATTENDANCE_READERS),
    )
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
            "timeline": timeline,
            "goals": learning_goals(enrolment_id=enrolment.pk, viewer=page.viewer),
        },
        request=page.request,
    )


def conversation_goals_section(request: HttpRequest, conversation: Conversation) -> str:
    """The learning goals set in the conversation before the course, beside the questions of
    the closing conversation (seed 002 §8: "Kig sammen på de opsatte læringsmål og tal om,
    hvordan det er gået."), on its page and the preparation page. Shown only to a viewer who may
    see the conversation before the course (`selectors.learning_goals`); "" otherwise. One
    query."""
    goals = learning_goals(enrolment_id=conversation.enrolment_id, viewer=roles_for(request).person)
    if goals is None:
        return ""
    return render_to_string("clarification/_learning_goals.html", {"goals": goals}, request=request)
