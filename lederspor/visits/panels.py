"""This app's section on a participant's programme page (`programmes:enrolment_detail`) for a
job-visit cohort: what job visits are, the cohort's calendar (computed from its dates) and the
way to the participant's visit, the printable guide or the cohort's overview."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.core.access import Relation
from lederspor.programmes.extensions import EnrolmentPage
from lederspor.visits.schedule import cohort_schedule


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the job-visit section for `page.enrolment` (registered for job-visit
    cohorts only). No query."""
    return render_to_string(
        "visits/_enrolment_section.html",
        {
            "enrolment": page.enrolment,
            "is_participant": page.has(Relation.PARTICIPANT),
            "can_decide": page.has(Relation.CONSULTANT, Relation.ADMIN),
            "schedule": cohort_schedule(page.enrolment.cohort),
        },
        request=page.request,
    )
