"""This app's panel on a participant's programme page (`programmes:enrolment_detail`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from lederspor.conversations.access import can_plan
from lederspor.conversations.selectors import enrolment_conversations, plannable_kinds
from lederspor.core.access import Relation
from lederspor.people.roles import roles_for
from lederspor.programmes.models import Enrolment


def enrolment_panel(request: HttpRequest, enrolment: Enrolment, relations: set[Relation]) -> str:
    """Rendered HTML of the panel for `enrolment` as seen with `relations`, or "" for none:
    the conversations the viewer may see (kind, time, status) and "Planlæg samtale" buttons
    with the programme's kinds for those who may plan. At most 2 queries (roles cached)."""
    me = roles_for(request).person
    if me is None:
        return ""
    conversations = list(enrolment_conversations(enrolment, me))
    kinds = plannable_kinds(enrolment) if can_plan(relations) else []
    if not conversations and not kinds:
        return ""
    return render_to_string(
        "conversations/_enrolment_panel.html",
        {"enrolment": enrolment, "conversations": conversations, "kinds": kinds},
        request=request,
    )
