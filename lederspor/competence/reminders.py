"""The service behind the reminders at a plan's anchoring dates (issue #5 §1: "Reminders go
out at the anchoring dates (e.g. the talk one month after the course)"), run by the worker's
task (`tasks.py`): it decides, queues the mail, saves that it was sent and writes the audit row
in one transaction. It takes the anchoring's id and the date it was scheduled for: if the
anchoring is gone, its date changed, the plan is evaluated or a reminder was already sent for
that date, it does nothing — so moving a date needs no cancellation.
"""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from lederspor.competence.audit import CompetenceAction
from lederspor.competence.models import Anchoring, PlanStatus
from lederspor.core.audit import audit_record
from lederspor.notifications.services import absolute_url, email_send


@transaction.atomic
def anchoring_remind(*, anchoring_id: int, due_on: str) -> str:
    """Queue the reminder (mail `competence/email/anchoring`) for one anchoring to the plan's
    owner and the responsible person, each once, in their language. `due_on`: ISO date the task
    was scheduled for. Returns "sent" or "skipped" (gone, moved, already sent, evaluated, an
    example plan). Audit action "competence.anchoring_remind" (no actor: the worker)."""
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
    email_send(
        to=recipients.values(),
        template="competence/email/anchoring",
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
    audit_record(
        actor=None,
        action=CompetenceAction.ANCHORING_REMIND,
        obj=anchoring,
        due_on=due_on,
        recipients=sorted(recipients),
    )
    return "sent"
