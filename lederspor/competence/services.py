"""Writes for competence plans (seed 004; issue #5 §1–2).

Every function is one transaction with an audit row. Every change of a plan requires the
version the form was loaded with (`core.concurrency.lock_version`): if someone saved in between,
`ConcurrentEditError` is raised and nothing is written (the view shows the typed text again with
a message).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.competence.audit import CompetenceAction
from lederspor.competence.checks import status_blockers
from lederspor.competence.content import examples
from lederspor.competence.models import (
    Anchoring,
    CompetencePlan,
    LearningGoal,
    PlanParticipant,
    PlanStatus,
    Tempo,
    TrainingActivity,
)
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person

#: the plan's own columns each of the five fields (and the participants page) may change
FIELD_COLUMNS: dict[str, tuple[str, ...]] = {
    "task": (
        "title",
        "profession",
        "task_situation",
        "meets_concrete",
        "meets_other_way",
        "meets_responsibility",
        "task_today",
        "task_future",
        "current_step",
        "target_step",
        "licence_task",
    ),
    "perspective": ("core_task_effect", "workplace_effect"),
    "learning_goals": ("goal_checklist",),
    "training_ground": (
        "training_starts_on",
        "training_ends_on",
        "cover_arrangements",
        "learning_forms",
        "learning_form_note",
    ),
    "everyday": ("everyday_from",),
}
#: the child rows each field replaces as a whole
FIELD_ROWS = {"learning_goals": "goals", "training_ground": "activities", "everyday": "anchorings"}
#: columns copied from a plan (e.g. an example) into a new plan: all but the title, the plan's
#: own group and licence, and dates (issue #5 §2: "copy as the start of their own")
COPY_SKIPS = {"title", "profession", "licence_task", "training_starts_on", "training_ends_on"}
COPY_COLUMNS = tuple(
    column
    for field in ("task", "perspective", "learning_goals", "training_ground")
    for column in FIELD_COLUMNS[field]
    if column not in COPY_SKIPS
)
#: row columns (besides `plan`) of the child rows, for copies, snapshots and forms
ACTIVITY_COLUMNS = (
    "tempo",
    "label",
    "text",
    "starts_on",
    "ends_on",
    "learning_form",
    "feedback_kind",
)
ANCHORING_COLUMNS = ("kind", "label", "text", "responsible_id", "responsible_text", "due_on")


def _lock(plan: CompetencePlan, expected_version: int) -> CompetencePlan:
    """`lock_version` for a plan that may be changed: raises ValidationError for an example."""
    locked = lock_version(plan, expected_version)
    if locked.is_example:
        raise ValidationError(_("Eksemplerne kan ikke ændres. Kopiér eksemplet til en ny plan."))
    return locked


@transaction.atomic
def plan_create(
    *,
    title: str,
    unit: OrgUnit,
    by: User,
    owner: Person | None = None,
    profession: str = "",
) -> CompetencePlan:
    """Create a draft plan for `unit` (optionally one profession group) owned by `owner`, the
    responsible leader. Raises ValidationError on a blank title."""
    plan = CompetencePlan(
        title=title.strip(), unit=unit, owner=owner, profession=profession.strip()
    )
    plan.full_clean()
    plan.save()
    audit_record(
        actor=by, action=CompetenceAction.COMPETENCE_PLAN_CREATE, obj=plan, summary=plan.title
    )
    return plan


@transaction.atomic
def plan_copy(
    *, source: CompetencePlan, title: str, unit: OrgUnit, by: User, owner: Person | None = None
) -> CompetencePlan:
    """A new draft plan for `unit` that starts from `source` (an example or another plan):
    its task, perspective, goals, activities and anchorings, without dates, people or
    evaluation (issue #5 §2: "copy as the start of their own")."""
    plan = CompetencePlan(
        title=title.strip(),
        unit=unit,
        owner=owner,
        copied_from=source,
        **{column: getattr(source, column) for column in COPY_COLUMNS},
    )
    plan.full_clean()
    plan.save()
    LearningGoal.objects.bulk_create(
        LearningGoal(plan=plan, level=g.level, label=g.label, text=g.text, position=g.position)
        for g in source.goals.all()
    )
    TrainingActivity.objects.bulk_create(
        TrainingActivity(
            plan=plan,
            tempo=a.tempo,
            label=a.label,
            text=a.text,
            learning_form=a.learning_form,
            feedback_kind=a.feedback_kind,
            position=a.position,
        )
        for a in source.activities.all()
    )
    Anchoring.objects.bulk_create(
        Anchoring(plan=plan, kind=a.kind, label=a.label, text=a.text, position=a.position)
        for a in source.anchorings.all()
    )
    audit_record(
        actor=by,
        action=CompetenceAction.COMPETENCE_PLAN_COPY,
        obj=plan,
        summary=plan.title,
        source=source.pk,
    )
    return plan


def _replace_goals(plan: CompetencePlan, rows: Sequence[dict[str, Any]]) -> None:
    plan.goals.all().delete()
    goals = [
        LearningGoal(
            plan=plan,
            level=row["level"],
            label=row.get("label", ""),
            text=row["text"].strip(),
            position=i,
        )
        for i, row in enumerate(rows)
    ]
    for goal in goals:
        goal.full_clean(exclude=["plan"])
    LearningGoal.objects.bulk_create(goals)


def _replace_activities(plan: CompetencePlan, rows: Sequence[dict[str, Any]]) -> None:
    activities = []
    for i, row in enumerate(rows):
        activity = TrainingActivity(
            plan=plan,
            tempo=row["tempo"],
            label=row.get("label", ""),
            text=row["text"].strip(),
            starts_on=row.get("starts_on"),
            ends_on=row.get("ends_on"),
            learning_form=row.get("learning_form", ""),
            feedback_kind=row.get("feedback_kind", "") if row["tempo"] == Tempo.FEEDBACK else "",
            position=i,
        )
        if activity.starts_on and activity.ends_on and activity.starts_on > activity.ends_on:
            raise ValidationError(
                _("En aktivitet slutter før den starter: %(text)s") % {"text": activity.text}
            )
        activity.full_clean(exclude=["plan"])
        activities.append(activity)
    plan.activities.all().delete()
    TrainingActivity.objects.bulk_create(activities)


def _replace_anchorings(plan: CompetencePlan, rows: Sequence[dict[str, Any]], by: User) -> None:
    """Replace the anchorings and schedule a reminder for each future date. A reminder already
    sent for the same kind, text and date is carried over, so re-saving does not resend it."""
    from lederspor.competence.tasks import anchoring_reminder_schedule

    sent = {
        (a.kind, a.text, a.due_on): a.reminded_on
        for a in plan.anchorings.all()
        if a.reminded_on is not None
    }
    plan.anchorings.all().delete()
    anchorings = []
    for i, row in enumerate(rows):
        anchoring = Anchoring(
            plan=plan,
            kind=row["kind"],
            label=row.get("label", ""),
            text=row["text"].strip(),
            responsible=row.get("responsible"),
            responsible_text=row.get("responsible_text", "").strip(),
            due_on=row.get("due_on"),
            position=i,
        )
        anchoring.reminded_on = sent.get((anchoring.kind, anchoring.text, anchoring.due_on))
        anchoring.full_clean(exclude=["plan"])
        anchorings.append(anchoring)
    created = Anchoring.objects.bulk_create(anchorings)
    today = timezone.localdate()
    for anchoring in created:
        if anchoring.due_on is not None and anchoring.due_on >= today:
            if anchoring.reminded_on != anchoring.due_on:
                anchoring_reminder_schedule(anchoring)


@transaction.atomic
def plan_field_save(
    *,
    plan: CompetencePlan,
    field: str,
    values: dict[str, Any],
    rows: Sequence[dict[str, Any]] | None,
    expected_version: int,
    by: User,
) -> CompetencePlan:
    """Save one of the five fields (`field`: a key of `FIELD_COLUMNS`) of `plan`.

    `values` holds the plan's columns for that field (others are ignored); `rows` the field's
    goals, activities or anchorings (replacing the old ones) for the fields that have them.
    Bumps `version`. Raises ConcurrentEditError on a stale `expected_version`, ValidationError
    on bad values (e.g. training end before start); nothing is written then.
    """
    if field not in FIELD_COLUMNS:
        raise ValueError(f"unknown plan field {field!r}")
    locked = _lock(plan, expected_version)
    columns = [c for c in FIELD_COLUMNS[field] if c in values]
    for column in columns:
        setattr(locked, column, values[column])
    if (
        locked.training_starts_on
        and locked.training_ends_on
        and locked.training_starts_on > locked.training_ends_on
    ):
        raise ValidationError(
            {"training_ends_on": _("Træningsbanen skal slutte samme dag eller efter den starter.")}
        )
    locked.full_clean(exclude=["unit", "owner", "copied_from"])
    locked.save(update_fields=[*[c for c in columns], "version", "updated_at"])
    if rows is not None and field in FIELD_ROWS:
        if field == "learning_goals":
            _replace_goals(locked, rows)
        elif field == "training_ground":
            _replace_activities(locked, rows)
        else:
            _replace_anchorings(locked, rows, by)
    audit_record(
        actor=by,
        action=CompetenceAction(f"competence_plan.{field}"),
        obj=locked,
        summary=locked.title,
        version=locked.version,
    )
    return locked


@transaction.atomic
def plan_participants_save(
    *,
    plan: CompetencePlan,
    rows: Sequence[dict[str, Any]],
    expected_version: int,
    by: User,
) -> CompetencePlan:
    """Replace the plan's named participants: each row has `person` and optional
    `current_step`, `target_step` and `everyday_from` (blank = the plan's). Raises
    ValidationError if a person appears twice, ConcurrentEditError on a stale version."""
    locked = _lock(plan, expected_version)
    seen: set[int] = set()
    participants = []
    for row in rows:
        person: Person = row["person"]
        if person.pk in seen:
            raise ValidationError(
                _("%(name)s står på listen to gange.") % {"name": person.full_name}
            )
        seen.add(person.pk)
        participants.append(
            PlanParticipant(
                plan=locked,
                person=person,
                current_step=row.get("current_step", ""),
                target_step=row.get("target_step", ""),
                everyday_from=row.get("everyday_from"),
            )
        )
    locked.participants.all().delete()
    PlanParticipant.objects.bulk_create(participants)
    locked.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by,
        action=CompetenceAction.COMPETENCE_PLAN_PARTICIPANTS,
        obj=locked,
        summary=locked.title,
        count=len(participants),
    )
    return locked


@transaction.atomic
def plan_status_set(
    *, plan: CompetencePlan, status: str, expected_version: int, by: User
) -> CompetencePlan:
    """Move `plan` to `status` (draft, training, everyday; evaluated goes through
    `plan_evaluate`); returns the saved plan. Raises ValidationError listing what is missing
    (`checks.status_blockers`), ConcurrentEditError on a stale `expected_version`."""
    locked = _lock(plan, expected_version)
    if status not in PlanStatus.values:
        raise ValidationError(_("Ukendt status."))
    blockers = status_blockers(
        locked,
        status,
        goal_count=locked.goals.count(),
        activity_count=locked.activities.count(),
        anchoring_count=locked.anchorings.count(),
    )
    if blockers:
        raise ValidationError(blockers)
    old = locked.status
    locked.status = status
    if status != PlanStatus.EVALUATED:
        locked.evaluated_at = None
    locked.save(update_fields=["status", "evaluated_at", "version", "updated_at"])
    audit_record(
        actor=by,
        action=CompetenceAction.COMPETENCE_PLAN_STATUS,
        obj=locked,
        summary=locked.title,
        old=old,
        new=status,
    )
    return locked


@transaction.atomic
def plan_evaluate(
    *,
    plan: CompetencePlan,
    core_task_realised: str,
    organisation_realised: str,
    note: str,
    expected_version: int,
    by: User,
) -> CompetencePlan:
    """Record the evaluation — "Nåede vi de ønskede gevinster for kerneopgaven og/eller
    organisationen?" (seed 004 §5, Fire typer af forankring) — and mark the plan evaluated.

    Raises ValidationError if the plan has not reached everyday work or an answer is missing,
    ConcurrentEditError on a stale `expected_version`.
    """
    locked = _lock(plan, expected_version)
    if locked.status not in (PlanStatus.EVERYDAY, PlanStatus.EVALUATED):
        raise ValidationError(_("Planen kan først evalueres, når opgaven løses i hverdagen."))
    locked.core_task_realised = core_task_realised
    locked.organisation_realised = organisation_realised
    locked.evaluation_note = note.strip()
    if not core_task_realised or not organisation_realised:
        raise ValidationError(_("Svar på begge spørgsmål om gevinsterne."))
    locked.full_clean(exclude=["unit", "owner", "copied_from"])
    locked.status = PlanStatus.EVALUATED
    locked.evaluated_at = timezone.now()
    locked.save(
        update_fields=[
            "core_task_realised",
            "organisation_realised",
            "evaluation_note",
            "status",
            "evaluated_at",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=by, action=CompetenceAction.COMPETENCE_PLAN_EVALUATE, obj=locked, summary=locked.title
    )
    return locked


@transaction.atomic
def plan_delete(*, plan: CompetencePlan, by: User) -> dict[str, Any]:
    """Delete a plan; returns a snapshot from which `plan_restore` can bring it back (undo)."""
    if plan.is_example:
        raise ValidationError(_("Eksemplerne kan ikke slettes."))
    snapshot = plan_snapshot(plan)
    audit_record(
        actor=by,
        action=CompetenceAction.COMPETENCE_PLAN_DELETE,
        obj=plan,
        summary=plan.title,
        snapshot=snapshot,
    )
    plan.delete()
    return snapshot


def plan_snapshot(plan: CompetencePlan) -> dict[str, Any]:
    """A JSON-serialisable copy of `plan` and its rows (dates as ISO strings)."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date) else value

    columns = [
        f.attname
        for f in CompetencePlan._meta.concrete_fields
        if f.attname not in ("id", "created_at", "updated_at")
    ]
    return {
        "pk": plan.pk,
        "plan": {c: plain(getattr(plan, c)) for c in columns},
        "participants": list(
            plan.participants.values("person_id", "current_step", "target_step", "everyday_from")
        ),
        "goals": list(plan.goals.values("level", "label", "text", "position")),
        "activities": list(plan.activities.values(*ACTIVITY_COLUMNS, "position")),
        "anchorings": list(plan.anchorings.values(*ANCHORING_COLUMNS, "reminded_on", "position")),
    }


@transaction.atomic
def plan_restore(*, snapshot: dict[str, Any], by: User) -> CompetencePlan:
    """Bring back a plan deleted by `plan_delete` (undo), with its original id when free."""

    def date(value: Any) -> Any:
        return dt.date.fromisoformat(value) if isinstance(value, str) else value

    data = dict(snapshot["plan"])
    for column in ("training_starts_on", "training_ends_on", "everyday_from"):
        data[column] = date(data[column])
    if data.get("evaluated_at"):
        data["evaluated_at"] = dt.datetime.fromisoformat(data["evaluated_at"])
    pk = snapshot["pk"] if not CompetencePlan.objects.filter(pk=snapshot["pk"]).exists() else None
    plan = CompetencePlan.objects.create(pk=pk, **data)
    PlanParticipant.objects.bulk_create(
        PlanParticipant(plan=plan, **row)
        for row in snapshot["participants"]
        if Person.objects.filter(pk=row["person_id"]).exists()
    )
    LearningGoal.objects.bulk_create(LearningGoal(plan=plan, **row) for row in snapshot["goals"])
    TrainingActivity.objects.bulk_create(
        TrainingActivity(plan=plan, **row) for row in snapshot["activities"]
    )
    Anchoring.objects.bulk_create(Anchoring(plan=plan, **row) for row in snapshot["anchorings"])
    audit_record(
        actor=by, action=CompetenceAction.COMPETENCE_PLAN_RESTORE, obj=plan, summary=plan.title
    )
    return plan


@transaction.atomic
def examples_load() -> list[CompetencePlan]:
    """Create or update the six worked examples of seed 004 ("seks eksempler fra kommuner og
    regioner") as read-only plans, word for word from `content/competence/examples.toml`.

    Idempotent: matched by example number; their goals, activities and anchorings are
    replaced. The three requirements are marked met (they are the seed's worked examples).
    """
    plans = []
    for example in examples():
        plan, _created = CompetencePlan.objects.update_or_create(
            example_number=example.number,
            defaults={
                "title": example.title,
                "is_example": True,
                "unit": None,
                "workplace_label": example.workplace,
                "background": example.background,
                "task_situation": example.task,
                "meets_concrete": True,
                "meets_other_way": True,
                "meets_responsibility": True,
                "core_task_effect": example.core_task_effect,
                "workplace_effect": example.workplace_effect,
                "learning_forms": list(example.learning_forms),
                "learning_form_note": example.learning_form_note,
            },
        )
        plan.goals.all().delete()
        LearningGoal.objects.bulk_create(
            LearningGoal(plan=plan, level=g.level, label=g.label, text=g.text, position=i)
            for i, g in enumerate(example.goals)
        )
        plan.activities.all().delete()
        TrainingActivity.objects.bulk_create(
            TrainingActivity(
                plan=plan, tempo=a.tempo or Tempo.OTHER, label=a.label, text=a.text, position=i
            )
            for i, a in enumerate(example.activities)
        )
        plan.anchorings.all().delete()
        Anchoring.objects.bulk_create(
            Anchoring(plan=plan, kind=a.kind, label=a.label, text=a.text, position=i)
            for i, a in enumerate(example.anchorings)
        )
        plans.append(plan)
    return plans
