"""This app's panel on a participant's programme page (`programmes:enrolment_detail`)."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.conversations.access import can_plan
from lederspor.conversations.selectors import enrolment_conversations, plannable_kinds
from lederspor.programmes.extensions import EnrolmentPage


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the panel for `page.enrolment` as seen with its relations, or "":
    the conversations the viewer may see (kind, time, status) and "Planlæg samtale" buttons
    with the programme's kinds for those who may plan. At most 2 queries (roles cached)."""
    me, enrolment = page.viewer, page.enrolment
    if me is None:
        return ""
    conversations = list(enrolment_conversations(enrolment, me))
    kinds = plannable_kinds(enrolment) if can_plan(page.relations) else []
    if not conversations and not kinds:
        return ""
    return render_to_string(
        "conversations/_enrolment_panel.html",
        {"enrolment": enrolment, "conversations": conversations, "kinds": kinds},
        request=page.request,
    )
