"""Reads for competence plans: the list a person may see and one plan shaped for its page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from lederspor.competence.checks import Check, task_checks
from lederspor.competence.content import method
from lederspor.competence.models import (
    STEP_LEVEL,
    Anchoring,
    AnchoringKind,
    CompetencePlan,
    GoalLevel,
    LearningGoal,
    PlanParticipant,
    Tempo,
    TrainingActivity,
)
from lederspor.competence.suggestions import Suggestion, learning_form_suggestions
from lederspor.licences.selectors import level_covers, licence_levels_held


def plans_visible(
    *, person_id: int | None, led_unit_ids: set[int], sees_all: bool
) -> QuerySet[CompetencePlan]:
    """Real plans (not examples) the viewer may see: all for consultants/HR (`sees_all`), else
    those of the units they lead and those they take part in. Unit and owner loaded, with
    `participant_count` annotated."""
    plans = CompetencePlan.objects.filter(is_example=False)
    if not sees_all:
        plans = plans.filter(
            Q(unit_id__in=led_unit_ids) | Q(participants__person_id=person_id)
        ).distinct()
    return plans.select_related("unit", "owner").annotate(
        participant_count=Count("participants", distinct=True)
    )


def examples_list() -> QuerySet[CompetencePlan]:
    """The six worked examples in the seed's order."""
    return CompetencePlan.objects.filter(is_example=True).order_by("example_number")


@dataclass
class ParticipantRow:
    """A participant with their effective steps (own, else the plan's), the licence level the
    target needs when the plan requires a kørekort, and the level they hold."""

    participant: PlanParticipant
    current_step: str
    target_step: str
    everyday_from: dt.date | None
    required_level: str = ""
    held_level: str = ""

    @property
    def licence_missing(self) -> bool:
        """The plan requires a kørekort for the target step and the person lacks it."""
        return bool(self.required_level) and not level_covers(
            self.held_level or None, self.required_level
        )


@dataclass
class PlanPage:
    """Everything one plan's page shows, loaded in a fixed number of queries."""

    plan: CompetencePlan
    goals_by_level: list[tuple[str, str, list[LearningGoal]]]
    activities_by_tempo: list[tuple[str, str, list[TrainingActivity]]]
    anchorings_by_kind: list[tuple[str, str, list[Anchoring]]]
    participants: list[ParticipantRow]
    checks: list[Check]
    suggestions: list[Suggestion]
    goal_count: int = 0
    activity_count: int = 0
    anchoring_count: int = 0
    learning_form_titles: list[str] = field(default_factory=list)

    @property
    def failed_checks(self) -> list[Check]:
        """The checks of field 1 that did not pass."""
        return [c for c in self.checks if not c.passed]


def plan_page(*, plan: CompetencePlan, today: dt.date) -> PlanPage:
    """Shape `plan` for its page: rows grouped in the seed's order, participants with their
    licence status, the field-1 checks and the learning-form suggestions."""
    goals = list(plan.goals.all())
    activities = list(plan.activities.all())
    anchorings = list(plan.anchorings.select_related("responsible"))
    participants = list(plan.participants.select_related("person__unit"))
    rows = [
        ParticipantRow(
            participant=p,
            current_step=p.current_step or plan.current_step,
            target_step=p.target_step or plan.target_step,
            everyday_from=p.everyday_from or plan.everyday_from,
        )
        for p in participants
    ]
    task = plan.licence_task
    if task is not None and rows:
        held = licence_levels_held(
            task=task, person_ids=[r.participant.person_id for r in rows], on=today
        )
        for row in rows:
            row.required_level = STEP_LEVEL.get(row.target_step, "") if row.target_step else ""
            row.held_level = held.get(row.participant.person_id, "")
    forms = {form.key: form.title for form in method().learning_forms}
    for activity in activities:
        activity.form_title = forms.get(activity.learning_form, "")  # type: ignore[attr-defined]
    return PlanPage(
        plan=plan,
        goals_by_level=[
            (level.value, str(level.label), [g for g in goals if g.level == level])
            for level in GoalLevel
        ],
        activities_by_tempo=[
            (tempo.value, str(tempo.label), [a for a in activities if a.tempo == tempo])
            for tempo in Tempo
        ],
        anchorings_by_kind=[
            (kind.value, str(kind.label), [a for a in anchorings if a.kind == kind])
            for kind in AnchoringKind
        ],
        participants=rows,
        checks=task_checks(plan),
        suggestions=learning_form_suggestions(g.level for g in goals),
        goal_count=len(goals),
        activity_count=len(activities),
        anchoring_count=len(anchorings),
        learning_form_titles=[forms[k] for k in plan.learning_forms if k in forms],
    )
