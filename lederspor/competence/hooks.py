"""What competence plugs into other apps' extension points (connected in `CompetenceConfig.ready`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.competence.content import method
from lederspor.competence.models import CompetencePlan
from lederspor.licences.hooks import LicenceMethodText, ReviewOrigin
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


def licence_method_text() -> LicenceMethodText:
    """Seed 004's box "kørekort på tre niveauer" for the kørekort pages, from method.toml: what
    levels C, B and A entail and the consequence text ("Hvis man som medarbejder, efter flere
    forsøg, ikke har formået at tage det relevante kørekort, kan det få tjenstlige
    konsekvenser. …")."""
    content = method()
    return LicenceMethodText(
        title=content.licence_title,
        introduction=content.licence_intro,
        levels=tuple((step.licence_level, step.licence_text) for step in content.steps),
        consequence=content.licence_consequence,
    )
