"""The worker's tasks for evaluations (issue #13 §2) and their scheduling.

CONTRACT: `services.questionnaire_schedule` calls `questionnaire_send_schedule` in its
transaction; the task is enqueued when it commits (`core.tasks.enqueue_on_commit`) to run at the
questionnaire's `send_at` (the session's end by default). The sending service enqueues the one
reminder at `reminder_at`. Each task takes the questionnaire's id and the time it was scheduled
for and calls the service, which re-checks everything (a moved time or a closed questionnaire
makes the old task do nothing, so nothing is sent twice).
"""

from __future__ import annotations

from lederspor.core.tasks import enqueue_on_commit, task
from lederspor.evaluations import services
from lederspor.evaluations.models import Questionnaire


def questionnaire_send_schedule(questionnaire: Questionnaire) -> None:
    """Enqueue the sending of `questionnaire` at its `send_at` (the worker runs it at once if
    that has passed)."""
    enqueue_on_commit(
        questionnaire_send,
        questionnaire.pk,
        questionnaire.send_at.isoformat(),
        run_after=questionnaire.send_at,
    )


def questionnaire_remind_schedule(questionnaire: Questionnaire) -> None:
    """Enqueue the one reminder of `questionnaire` at its `reminder_at`."""
    enqueue_on_commit(
        questionnaire_remind,
        questionnaire.pk,
        questionnaire.reminder_at.isoformat(),
        run_after=questionnaire.reminder_at,
    )


@task()
def questionnaire_send(questionnaire_id: int, send_at: str) -> str:
    """The worker's side of `services.questionnaire_send`: "sent" or "skipped"."""
    return services.questionnaire_send(questionnaire_id=questionnaire_id, send_at=send_at)


@task()
def questionnaire_remind(questionnaire_id: int, reminder_at: str) -> str:
    """The worker's side of `services.questionnaire_remind`: "sent" or "skipped"."""
    return services.questionnaire_remind(questionnaire_id=questionnaire_id, reminder_at=reminder_at)
