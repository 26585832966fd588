"""Competence plans (seed 004, issue #5 §4) in the demo: the six worked examples (loaded with the
seed content), and at the care unit the medication plan in training, the meal plan in everyday
use, the documentation plan evaluated and a draft; a draft at the showcase school. The care
unit's kørekort are in `licences.py`.

The story (T = today): each plan is written in one sitting a fortnight before its training
starts, moves to training on the start date and to everyday use the day after training ends;
the documentation plan is evaluated at T-140, after its anchoring date. The drafts are from the
last week. Built through the services, as a leader would build them, so the demo exercises the
same rules (checks, status blockers, reminders at anchoring dates).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from lederspor.competence.models import CompetencePlan, PlanStatus
from lederspor.competence.services import (
    plan_copy,
    plan_create,
    plan_evaluate,
    plan_field_save,
    plan_participants_save,
    plan_status_set,
)
from lederspor.core.models import User
from lederspor.licences.models import LicenceTask
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of
from lederspor.site.demo.licences import MEAL, MEDICATION, SSA, LicenceStory
from lederspor.site.demo.story import Story, Thread, at

DAY = dt.timedelta(days=1)


@dataclass
class CompetenceShowcase:
    """The demo logins of the competence planner: the care unit's leader and one employee in
    the medication plan who still lacks kørekort B."""

    care_leader: Person
    employee: Person


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
    """The leader fills in the five fields and names the participants in one sitting."""
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
    return plan


def _from_example(
    number: int, title: str, unit: OrgUnit, leader: Person, start: dt.date
) -> CompetencePlan:
    """A copy of example `number` with its dates, training from `start` for 60 days."""
    by = login_of(leader)
    example = CompetencePlan.objects.get(example_number=number)
    plan = plan_copy(source=example, title=title, unit=unit, owner=leader, by=by)
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
    return plan


def build_competence(
    *,
    story: Story,
    care_unit: OrgUnit,
    care_leader: Person,
    care_staff: list[Person],
    school_unit: OrgUnit,
    school_leader: Person,
    rng: random.Random,
) -> CompetenceShowcase:
    """Play the care unit's kørekort and plans and the school's draft (see the module
    docstring). Needs the six examples loaded (`examples_load`)."""
    staff = sorted(care_staff, key=lambda p: (p.profession, p.last_name, p.first_name))
    licences = LicenceStory(
        today=story.today, unit=care_unit, leader=care_leader, staff=staff, rng=rng
    )
    without_b = [p for p in staff if p.profession == SSA][2:]
    plans = _Plans(story.today, care_unit, care_leader, licences)
    story.play(
        licences.thread(),
        plans.medication(without_b),
        plans.from_example(3, MEAL, days_ago=120),
        plans.from_example(6, "Dokumentation ude hos beboerne", days_ago=240, evaluate=True),
        plans.drafts(school_unit, school_leader),
    )
    return CompetenceShowcase(care_leader=care_leader, employee=without_b[0])


class _Plans:
    def __init__(
        self, today: dt.date, unit: OrgUnit, leader: Person, licences: LicenceStory
    ) -> None:
        self.today, self.unit, self.leader, self.licences = today, unit, leader, licences

    def medication(self, participants: list[Person]) -> Thread:
        """Training started three weeks ago for the assistants who lack kørekort B."""
        start = self.today - 21 * DAY
        yield at(start - 14 * DAY, 10)
        plan = _medication_plan(
            self.unit, self.leader, participants, self.licences.tasks[MEDICATION], self.today
        )
        yield at(start, 8)
        plan_status_set(
            plan=plan,
            status=PlanStatus.TRAINING,
            expected_version=plan.version,
            by=login_of(self.leader),
        )

    def from_example(
        self, number: int, title: str, *, days_ago: int, evaluate: bool = False
    ) -> Thread:
        """A plan copied from example `number`, its training started `days_ago` days ago."""
        by, start = login_of(self.leader), self.today - days_ago * DAY
        yield at(start - 14 * DAY, 10)
        plan = _from_example(number, title, self.unit, self.leader, start)
        yield at(start, 8)
        plan = plan_status_set(
            plan=plan, status=PlanStatus.TRAINING, expected_version=plan.version, by=by
        )
        yield at(start + 61 * DAY, 8)
        plan = plan_status_set(
            plan=plan, status=PlanStatus.EVERYDAY, expected_version=plan.version, by=by
        )
        if not evaluate:
            return
        yield at(start + 100 * DAY, 14)
        plan_evaluate(
            plan=plan,
            core_task_realised="yes",
            organisation_realised="partly",
            note=(
                "Dokumentationen sker nu hos beboerne. Aftenvagten bruger stadig "
                "eftermiddagstimen; vi følger op på personalemødet."
            ),
            expected_version=plan.version,
            by=by,
        )

    def drafts(self, school_unit: OrgUnit, school_leader: Person) -> Thread:
        """A draft started at the care unit five days ago (the checks still fail) and one at the
        showcase school three days ago."""
        leader = self.leader
        yield at(self.today - 5 * DAY, 13)
        draft = plan_create(
            title="Forflytning med loftlift", unit=self.unit, owner=leader, by=login_of(leader)
        )
        _save(
            draft,
            "task",
            login_of(leader),
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
        yield at(self.today - 3 * DAY, 14)
        plan_create(
            title="Forældresamtalen ved afhentning",
            unit=school_unit,
            owner=school_leader,
            by=login_of(school_leader),
        )
