"""Reminders at a plan's anchoring dates (issue #5 §1: "Reminders go out at the anchoring dates
(e.g. the talk one month after the course)"), run by `lederspor worker`.

Saving field 5 enqueues `anchoring_remind` to run at `REMINDER_HOUR` on the due date. The task
takes the anchoring's id and the date it was scheduled for; if the anchoring is gone, its date
changed, the plan is evaluated or a reminder was already sent for that date, it does nothing —
so moving a date needs no cancellation.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from lederspor.competence.models import Anchoring, PlanStatus
from lederspor.notifications.services import (
    REMINDER_HOUR,  # noqa: F401 - named in the module docstring
    absolute_url,
    email_queue_template,
    reminder_time,
)

try:  # Django 6 has the Tasks API built in; on 5.2 the django-tasks backport provides it
    from django.tasks import task  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task


def anchoring_reminder_schedule(anchoring: Anchoring) -> None:
    """Enqueue the reminder for `anchoring.due_on` (in the caller's transaction)."""
    assert anchoring.due_on is not None
    anchoring_remind.using(run_after=reminder_time(anchoring.due_on)).enqueue(
        anchoring.pk, anchoring.due_on.isoformat()
    )


@task()
def anchoring_remind(anchoring_id: int, due_on: str) -> str:
    """Queue the reminder e-mail for one anchoring to the plan's owner and the responsible
    person (each once). Returns "sent" or "skipped" (gone, moved, already sent, evaluated)."""
    with transaction.atomic():
        anchoring = (
            Anchoring.objects.select_for_update(of=("self",))
            .filter(pk=anchoring_id)
            .select_related("plan__owner", "responsible")
            .first()
        )
        if (
            anchoring is None
            or anchoring.due_on is None
            or anchoring.due_on.isoformat() != due_on
            or anchoring.reminded_on == anchoring.due_on
            or anchoring.plan.status == PlanStatus.EVALUATED
            or anchoring.plan.is_example
        ):
            return "skipped"
        plan = anchoring.plan
        recipients = {p.pk: p for p in (plan.owner, anchoring.responsible) if p is not None}
        email_queue_template(
            to=recipients.values(),
            subject=f"Påmindelse: {anchoring.get_kind_display()} – {plan.title}",
            template="competence/email_anchoring.txt",
            context={
                "plan": plan,
                "anchoring": anchoring,
                "url": absolute_url(reverse("competence:plan_detail", args=[plan.pk])),
            },
            kind="competence.anchoring_due",
            about=anchoring,
        )
        anchoring.reminded_on = anchoring.due_on
        anchoring.save(update_fields=["reminded_on", "updated_at"])
        return "sent"
