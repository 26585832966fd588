"""The hub's own section on a participant's programme page: the cohort's sessions as a
timeline with the participant's attendance (registered in `apps.py` like a feature's)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from lederspor.programmes.extensions import EnrolmentPage
from lederspor.programmes.models import Attendance, ProgrammeKind

#: programmes whose sessions are network meetings (seed 000); others say "mødegange"
NETWORK_MEETING_PROGRAMMES = {ProgrammeKind.ASPIRANT}


def sessions_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the sessions timeline: each session with theme, time, place and, once
    past, the participant's attendance. Two queries (sessions, shared; attendance)."""
    attendance = {
        a.session_id: a.status for a in Attendance.objects.filter(enrolment=page.enrolment)
    }
    now = timezone.now()
    return render_to_string(
        "programmes/_sessions_section.html",
        {
            "sessions": [(s, attendance.get(s.pk), s.ends_at < now) for s in page.sessions],
            "network_meetings": page.enrolment.cohort.programme.kind in NETWORK_MEETING_PROGRAMMES,
        },
        request=page.request,
    )
