"""What the competence plans hold about a person, for the privacy registries (issue #15
§2–§3).

Registers in `privacy.registry.personal_data`:

- `competence.plans` (PLAN): the plans the person takes part in (title, unit, their steps on
  the responsibility staircase, everyday date), the plans they own and the anchorings they are
  responsible for. Erasure deletes the person's places in plans (their steps are assessments
  of them), removes them as owner and as responsible for anchorings (the plan itself, the
  unit's structure, stays).

and in `privacy.registry.retention_rules`:

- `competence.plan_participants`: the named participants of a plan 1825 days (5 years) after
  the plan was evaluated (`CompetencePlan.evaluated_at`, the plan's end).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.competence.models import Anchoring, CompetencePlan, PlanParticipant, PlanStatus
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)


def export_plans(person: Person) -> list[dict[str, Any]]:
    """The person's places in plans, the plans they own and their anchorings."""
    result = [
        {"record": "plan_participant", **item}
        for item in records(
            PlanParticipant.objects.filter(person=person)
            .select_related("plan__unit")
            .order_by("pk"),
            [
                "plan.title",
                "plan.unit.name",
                "plan.status",
                "current_step",
                "target_step",
                "everyday_from",
            ],
        )
    ]
    result += [
        {"record": "plan_owned", **item}
        for item in records(
            CompetencePlan.objects.filter(owner=person).order_by("pk"),
            ["title", "status", "created_at"],
        )
    ]
    result += [
        {"record": "anchoring_responsible", **item}
        for item in records(
            Anchoring.objects.filter(responsible=person).select_related("plan").order_by("pk"),
            ["plan.title", "kind", "text", "due_on"],
        )
    ]
    return result


def erase_plans(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the person's places in plans; remove them as owner and responsible."""
    places = PlanParticipant.objects.filter(person=person)
    owned = CompetencePlan.objects.filter(owner=person)
    anchorings = Anchoring.objects.filter(responsible=person)
    lines = [
        ErasureLine(_("Deltagelse i kompetenceplaner"), places.count(), Action.DELETE),
        ErasureLine(
            _("Kompetenceplaner med personen som ansvarlig leder (navnet fjernes)"),
            owned.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Forankringer med personen som ansvarlig (navnet fjernes)"),
            anchorings.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        places.delete()
        owned.update(owner=None)
        anchorings.update(responsible=None)
    return lines


def expire_plan_participants(cutoff: dt.datetime, apply: bool) -> int:
    """Delete the participants of plans evaluated before `cutoff`. Idempotent."""
    rows = PlanParticipant.objects.filter(
        plan__status=PlanStatus.EVALUATED, plan__evaluated_at__lt=cutoff
    )
    count = rows.count()
    if apply and count:
        rows.delete()
    return count


def register() -> None:
    """Register the competence plans' entries (called once from `CompetenceConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="competence.plans",
            order=70,
            label=_("Kompetenceplaner"),
            kind=RecordKind.PLAN,
            models=(PlanParticipant, CompetencePlan, Anchoring),
            export=export_plans,
            erase=erase_plans,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="competence.plan_participants",
            order=70,
            label=_("Deltagere i kompetenceplaner"),
            kind=RecordKind.PLAN,
            default_days=1825,
            reason=_(
                "Planen dokumenterer enhedens kompetenceudvikling; deltagernes navne og trin "
                "slettes 5 år efter, at planen er evalueret (planens afslutning)."
            ),
            expire=expire_plan_participants,
        )
    )
