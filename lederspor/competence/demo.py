"""Demo data for the competence planner (issue #5 §4): the six examples, plans in every status
at a nursing home and a draft at the showcase school, and kørekort for the nursing home.

Built through the services, as a leader would build them, so the demo exercises the same
rules (checks, status blockers, practice reviews, reminders at anchoring dates).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lederspor.competence.models import CompetencePlan, PlanStatus
from lederspor.competence.services import (
    examples_load,
    plan_copy,
    plan_create,
    plan_evaluate,
    plan_field_save,
    plan_participants_save,
    plan_status_set,
)
from lederspor.core.models import User
from lederspor.licences.models import LicenceTask
from lederspor.licences.services import (
    licence_requirement_set,
    licence_task_create,
    licence_task_publish,
    practice_review_record,
)
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of

#: the care unit whose leader is the demo's "plejeleder"
CARE_WORKPLACE = "Plejecenter Solgården"
SSA = "Social- og sundhedsassistent"
SSH = "Social- og sundhedshjælper"
MEDICATION = "Medicin til beboerne"
MEAL = "Måltidet er mere end mad"


@dataclass
class CompetenceDemo:
    """What the demo built: the care unit's leader and one employee in a plan (demo logins)."""

    care_leader: Person
    employee: Person
    plans: list[CompetencePlan]
    tasks: list[LicenceTask]


def _save(
    plan: CompetencePlan,
    field: str,
    by: User,
    values: dict[str, Any],
    rows: Sequence[dict[str, Any]] | None = None,
) -> CompetencePlan:
    return plan_field_save(
        plan=plan, field=field, values=values, rows=rows, expected_version=plan.version, by=by
    )


def _medication_plan(
    unit: OrgUnit, leader: Person, staff: list[Person], task: LicenceTask, today: dt.date
) -> CompetencePlan:
    by = login_of(leader)
    plan = plan_create(title=MEDICATION, unit=unit, owner=leader, profession=SSA, by=by)
    plan = _save(
        plan,
        "task",
        by,
        {
            "title": MEDICATION,
            "profession": SSA,
            "task_situation": (
                "At give medicin til beboerne ved morgenvagten, så hver beboer får den rigtige "
                "dosis til tiden, og afvigelser bliver dokumenteret med det samme."
            ),
            "meets_concrete": True,
            "meets_other_way": True,
            "meets_responsibility": True,
            "task_today": (
                "Sygeplejersken dispenserer og giver det meste af medicinen; assistenterne "
                "hjælper, men ringer ofte efter sygeplejersken ved tvivl."
            ),
            "task_future": (
                "Social- og sundhedsassistenterne giver medicinen selvstændigt efter "
                "medicinlisten, observerer virkning og bivirkning og dokumenterer i journalen."
            ),
            "current_step": "with_support",
            "target_step": "independent",
            "licence_task": task,
        },
    )
    plan = _save(
        plan,
        "perspective",
        by,
        {
            "core_task_effect": (
                "Beboerne får deres medicin til tiden af den medarbejder, de kender, og færre "
                "fejl i medicineringen."
            ),
            "workplace_effect": (
                "Sygeplejerskerne frigøres til de komplekse opgaver, og vi lever op til "
                "kommunens standard for medicinhåndtering."
            ),
        },
    )
    plan = _save(
        plan,
        "learning_goals",
        by,
        {"goal_checklist": ["methods:0", "knowledge:2"]},
        [
            {"level": "methods", "text": "Følge proceduren for medicinudlevering trin for trin."},
            {"level": "knowledge", "text": "Kende de almindeligste præparater og bivirkninger."},
            {"level": "role", "text": "Tage ansvaret for medicinen – ikke kun hjælpe til."},
        ],
    )
    start = today - dt.timedelta(days=21)
    plan = _save(
        plan,
        "training_ground",
        by,
        {
            "training_starts_on": start,
            "training_ends_on": today + dt.timedelta(days=40),
            "cover_arrangements": "To vikartimer om ugen fra vikarpuljen i træningsperioden.",
            "learning_forms": ["side_by_side", "e_learning"],
            "learning_form_note": "",
        },
        [
            {
                "tempo": "knowledge_building",
                "text": "E-læring om medicinhåndtering og en time med sygeplejersken.",
                "starts_on": start,
                "ends_on": start + dt.timedelta(days=7),
                "learning_form": "e_learning",
            },
            {
                "tempo": "trying_out",
                "text": "Giver medicinen sammen med sygeplejersken på fem morgenvagter.",
                "starts_on": start + dt.timedelta(days=8),
                "ends_on": today + dt.timedelta(days=20),
                "learning_form": "side_by_side",
            },
            {
                "tempo": "feedback",
                "text": "Kort refleksion med sygeplejersken efter hver vagt.",
                "feedback_kind": "reflecting",
            },
        ],
    )
    plan = _save(
        plan,
        "everyday",
        by,
        {"everyday_from": today + dt.timedelta(days=45)},
        [
            {
                "kind": "goal_follow_up",
                "text": "Praksisgennemgang med ressourcepersonen (kørekort B).",
                "responsible": leader,
                "due_on": today + dt.timedelta(days=42),
            },
            {
                "kind": "ongoing_support",
                "text": "Sygeplejersken er bagvagt ved tvivl om medicin.",
                "responsible_text": "Vagthavende sygeplejerske",
            },
        ],
    )
    plan = plan_participants_save(
        plan=plan,
        rows=[{"person": p} for p in staff[:4]],
        expected_version=plan.version,
        by=by,
    )
    return plan_status_set(plan=plan, status=PlanStatus.TRAINING, by=by)


def _from_example(
    number: int, title: str, unit: OrgUnit, leader: Person, today: dt.date, days_ago: int
) -> CompetencePlan:
    by = login_of(leader)
    example = CompetencePlan.objects.get(example_number=number)
    plan = plan_copy(source=example, title=title, unit=unit, owner=leader, by=by)
    start = today - dt.timedelta(days=days_ago)
    plan = _save(
        plan,
        "task",
        by,
        {
            "title": title,
            "profession": "",
            "task_situation": plan.task_situation,
            "meets_concrete": True,
            "meets_other_way": True,
            "meets_responsibility": True,
            "task_today": "Vi gør det forskelligt fra vagt til vagt.",
            "task_future": plan.task_situation,
            "current_step": "with_support",
            "target_step": "independent",
            "licence_task": None,
        },
    )
    plan = _save(
        plan,
        "training_ground",
        by,
        {
            "training_starts_on": start,
            "training_ends_on": start + dt.timedelta(days=60),
            "cover_arrangements": plan.cover_arrangements,
            "learning_forms": plan.learning_forms,
            "learning_form_note": plan.learning_form_note,
        },
        [{"tempo": a.tempo, "label": a.label, "text": a.text} for a in plan.activities.all()],
    )
    anchorings: list[dict[str, Any]] = [
        {"kind": a.kind, "label": a.label, "text": a.text} for a in plan.anchorings.all()
    ]
    anchorings[0]["due_on"] = start + dt.timedelta(days=90)
    anchorings[0]["responsible"] = leader
    plan = _save(
        plan,
        "everyday",
        by,
        {"everyday_from": start + dt.timedelta(days=61)},
        anchorings,
    )
    plan = plan_status_set(plan=plan, status=PlanStatus.TRAINING, by=by)
    return plan_status_set(plan=plan, status=PlanStatus.EVERYDAY, by=by)


def _licences(
    unit: OrgUnit, leader: Person, staff: list[Person], today: dt.date, rng: random.Random
) -> list[LicenceTask]:
    by = login_of(leader)
    medication = licence_task_create(
        unit=unit,
        title=MEDICATION,
        description="Medicinudlevering efter medicinlisten, observation og dokumentation.",
        valid_months=24,
        by=by,
    )
    meal = licence_task_create(
        unit=unit,
        title=MEAL,
        description="Tilberedning af måltider ude hos beboerne – med faglighed og hjemlighed.",
        by=by,
    )
    for task in (medication, meal):
        licence_requirement_set(task=task, level="C", by=by)
        licence_requirement_set(task=task, level="B", profession=SSA, by=by)
    assistants = [p for p in staff if p.profession == SSA]
    helpers = [p for p in staff if p.profession == SSH]
    # Two resource persons (A), reviewed by the leader; they review the others.
    resource = assistants[:2]
    for task in (medication, meal):
        for person in resource:
            practice_review_record(
                task=task,
                person=person,
                level="A",
                reviewer=leader,
                passed=True,
                reviewed_on=today - dt.timedelta(days=300),
                by=by,
            )
    for i, person in enumerate(assistants[2:]):
        reviewer = resource[i % 2]
        if i % 4 == 3:
            continue  # still lacks B: shows on the "mangler" list
        if i % 4 == 2:  # failed once, passed at the second attempt
            practice_review_record(
                task=meal,
                person=person,
                level="B",
                reviewer=reviewer,
                passed=False,
                reviewed_on=today - dt.timedelta(days=80),
                note="Mangler overblik.",
                by=by,
            )
        practice_review_record(
            task=meal,
            person=person,
            level="B",
            reviewer=reviewer,
            passed=True,
            reviewed_on=today - dt.timedelta(days=rng.randint(10, 60)),
            by=by,
        )
    for i, person in enumerate(helpers):
        if i % 3 == 2:
            continue
        practice_review_record(
            task=meal,
            person=person,
            level="C",
            reviewer=resource[i % 2],
            passed=True,
            reviewed_on=today - dt.timedelta(days=rng.randint(10, 200)),
            by=by,
        )
    # An expired medication licence: awarded more than 24 months ago.
    if len(assistants) > 3:
        practice_review_record(
            task=medication,
            person=assistants[3],
            level="B",
            reviewer=leader,
            passed=True,
            reviewed_on=today - dt.timedelta(days=800),
            by=by,
        )
    for task in (medication, meal):
        licence_task_publish(task=task, by=by)
    return [medication, meal]


def build_competence_demo(
    *,
    care_unit: OrgUnit,
    care_leader: Person,
    care_staff: list[Person],
    school_unit: OrgUnit,
    school_leader: Person,
    today: dt.date,
    rng: random.Random,
) -> CompetenceDemo:
    """Load the six examples and build the nursing home's kørekort and plans (draft, training,
    everyday, evaluated) and a draft at the school. Returns the logins' people."""
    examples_load()
    staff = sorted(care_staff, key=lambda p: (p.profession, p.last_name, p.first_name))
    tasks = _licences(care_unit, care_leader, staff, today, rng)
    assistants_without_b = [p for p in staff if p.profession == SSA][2:]
    medication = _medication_plan(care_unit, care_leader, assistants_without_b, tasks[0], today)
    meal = _from_example(3, MEAL, care_unit, care_leader, today, days_ago=120)
    documentation = _from_example(
        6, "Dokumentation ude hos beboerne", care_unit, care_leader, today, days_ago=240
    )
    documentation = plan_evaluate(
        plan=documentation,
        core_task_realised="yes",
        organisation_realised="partly",
        note=(
            "Dokumentationen sker nu hos beboerne. Aftenvagten bruger stadig eftermiddagstimen; "
            "vi følger op på personalemødet."
        ),
        by=login_of(care_leader),
    )
    draft = plan_create(
        title="Forflytning med loftlift",
        unit=care_unit,
        owner=care_leader,
        by=login_of(care_leader),
    )
    _save(
        draft,
        "task",
        login_of(care_leader),
        {
            "title": draft.title,
            "profession": "",
            "task_situation": "Forflytning",
            "meets_concrete": False,
            "meets_other_way": True,
            "meets_responsibility": False,
            "task_today": "",
            "task_future": "",
            "current_step": "",
            "target_step": "",
            "licence_task": None,
        },
    )
    school = plan_create(
        title="Forældresamtalen ved afhentning",
        unit=school_unit,
        owner=school_leader,
        by=login_of(school_leader),
    )
    employee = assistants_without_b[0]
    return CompetenceDemo(
        care_leader=care_leader,
        employee=employee,
        plans=[medication, meal, documentation, draft, school],
        tasks=tasks,
    )
