"""What competence plugs into other apps' extension points (connected in `CompetenceConfig.ready`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.competence.models import CompetencePlan
from lederspor.licences.hooks import ReviewOrigin
from lederspor.licences.models import LicenceTask


def plan_review_origin(task: LicenceTask, value: str) -> ReviewOrigin | None:
    """The plan a practice review was opened from (`?plan=<id>`, the participant list's "Registrér
    praksisgennemgang"), if that plan requires this kørekort: back to its participants."""
    if not value.isdigit():
        return None
    plan = CompetencePlan.objects.filter(pk=int(value), licence_task=task).first()
    if plan is None:
        return None
    return ReviewOrigin(
        url=f"{reverse('competence:plan_detail', args=[plan.pk])}#deltagere",
        label=_("Tilbage til planen"),
    )
