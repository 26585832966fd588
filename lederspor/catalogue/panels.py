"""This app's section on a participant's programme page (`programmes:enrolment_detail`) for an
aspirant cohort (seed 000): the next steps and the agreed practice tasks."""

from __future__ import annotations

from django.template.loader import render_to_string

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.access import Relation
from lederspor.programmes.access import ENROLMENT_WRITERS
from lederspor.programmes.extensions import EnrolmentPage


def enrolment_tasks(*, enrolment_id: int) -> list[TaskAssignment]:
    """The enrolment's agreed practice tasks by due date, catalogue task, host and proposer
    loaded (one query)."""
    return list(
        TaskAssignment.objects.filter(enrolment_id=enrolment_id)
        .select_related("catalogue_task", "host", "proposed_by")
        .order_by("due_on", "id")
    )


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the next steps (for an enrolled participant) and the practice tasks of
    `page.enrolment` (registered for aspirant cohorts). Two queries: the tasks and the cohort's
    sessions (shared with the page's other sections)."""
    tasks = enrolment_tasks(enrolment_id=page.enrolment.pk)
    return render_to_string(
        "catalogue/_enrolment_section.html",
        {
            "enrolment": page.enrolment,
            "tasks": tasks,
            "open_tasks": [t for t in tasks if t.status != TaskAssignment.Status.FOLLOWED_UP],
            "next_session": page.next_session,
            "me": page.viewer,
            "is_participant": page.has(Relation.PARTICIPANT),
            "can_write": page.has(*ENROLMENT_WRITERS),
        },
        request=page.request,
    )
