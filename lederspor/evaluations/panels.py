"""This app's section on a programme page (`programmes:enrolment_detail`)."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.evaluations.selectors import open_invitations
from lederspor.programmes.extensions import EnrolmentPage


def enrolment_panel(page: EnrolmentPage) -> str:
    """ "Evalueringer du mangler at besvare": the viewer's OWN open invitations to the cohort's
    questionnaires (a participant's, or a nearest leader's to a leader questionnaire), or ""
    when there are none. Never anyone else's. One query (roles cached)."""
    me = page.viewer
    if me is None:
        return ""
    invitations = list(open_invitations(me, cohort=page.enrolment.cohort))
    if not invitations:
        return ""
    return render_to_string(
        "evaluations/_enrolment_panel.html", {"invitations": invitations}, request=page.request
    )
