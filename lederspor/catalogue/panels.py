"""What this app adds to the hub's pages for an aspirant cohort (seed 000): the next steps and
the agreed practice tasks on a participant's programme page (`programmes:enrolment_detail`),
and the tasks per status in the cohort's progress matrix (`programmes:cohort_detail`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.catalogue.access import TASK_PROPOSERS
from lederspor.catalogue.models import TaskAssignment
from lederspor.core.access import Relation
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.extensions import EnrolmentPage, ProgressCell, ProgressColumns
from lederspor.programmes.models import Cohort


def enrolment_tasks(*, enrolment_id: int) -> list[TaskAssignment]:
    """The enrolment's agreed practice tasks by due date, catalogue task, host, proposer and
    network meeting loaded (one query)."""
    return list(
        TaskAssignment.objects.filter(enrolment_id=enrolment_id)
        .select_related("catalogue_task", "host", "proposed_by", "session")
        .order_by("due_on", "id")
    )


def enrolment_panel(page: EnrolmentPage) -> str:
    """Rendered HTML of the next steps (for an enrolled participant) and the practice tasks of
    `page.enrolment` (registered for aspirant cohorts), each task with the network meeting it
    ties to, and under the next network meeting the tasks tied to it. The nearest leader and
    the chef may propose (`TASK_PROPOSERS`). Two queries: the tasks and the cohort's sessions
    (shared with the page's other sections)."""
    tasks = enrolment_tasks(enrolment_id=page.enrolment.pk)
    next_session = page.next_session
    if tasks:
        note_read(page.request, page.enrolment.person_id, RecordKind.TASK)
    return render_to_string(
        "catalogue/_enrolment_section.html",
        {
            "enrolment": page.enrolment,
            "tasks": tasks,
            "open_tasks": [t for t in tasks if t.status != TaskAssignment.Status.FOLLOWED_UP],
            "next_session": next_session,
            "next_session_tasks": [
                t for t in tasks if next_session is not None and t.session_id == next_session.pk
            ],
            "me": page.viewer,
            "is_participant": page.has(Relation.PARTICIPANT),
            "can_write": page.has(*TASK_PROPOSERS),
        },
        request=page.request,
    )


#: task statuses that are overdue once past their due date (not yet done)
UNFINISHED = (
    TaskAssignment.Status.PROPOSED,
    TaskAssignment.Status.AWAITING_HOST,
    TaskAssignment.Status.AGREED,
    TaskAssignment.Status.IN_PROGRESS,
)


def is_overdue(due_on: dt.date | None, status: str, today: dt.date) -> bool:
    """Whether a task is overdue: its end date lies before `today` and it is `UNFINISHED`."""
    return bool(due_on and due_on < today and status in UNFINISHED)


def progress_columns(cohort: Cohort, enrolment_ids: list[int]) -> ProgressColumns:
    """The progress matrix's task columns (issue #2 §6): per participant the number of agreed
    tasks in each status and the number overdue (past the due date, not done), and the cohort's
    count of tasks followed up as a card (participants in `enrolment_ids` only). One query,
    whatever the cohort's size."""
    statuses = list(TaskAssignment.Status)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(statuses, 0))
    overdue: dict[int, int] = defaultdict(int)
    followed_up = 0
    today = timezone.localdate()
    shown = set(enrolment_ids)
    for enrolment_id, status, due_on in TaskAssignment.objects.filter(
        enrolment__cohort=cohort
    ).values_list("enrolment_id", "status", "due_on"):
        if enrolment_id not in shown:
            continue
        counts[enrolment_id][status] += 1
        followed_up += status == TaskAssignment.Status.FOLLOWED_UP
        if is_overdue(due_on, status, today):
            overdue[enrolment_id] += 1
    cells = {
        pk: [ProgressCell(counts[pk][s], s.value if counts[pk][s] else "") for s in statuses]
        + [ProgressCell(overdue[pk], "rejected" if overdue[pk] else "")]
        for pk in enrolment_ids
    }
    return ProgressColumns(
        headers=[str(s.label) for s in statuses] + [_("Overskredet")],
        cells=cells,
        stats=[(followed_up, _("opgaver fulgt op"))],
        legend=_("Opgaver: antal pr. status."),
    )
