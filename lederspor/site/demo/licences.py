"""Kørekort (seed 004) in the demo: at the care unit, two licence tasks ("Medicin til beboerne",
"Måltidet er mere end mad") with their requirements, two resource persons on level A, most
assistants on B (one failed once first, every fourth still lacks it), most helpers on C and one
medication licence that has expired.

The story (T = today): the leader creates the tasks and requirements at T-820, reviews a
medication licence at T-800 (it expired after 24 months), makes two resource persons A at T-300
and publishes the lists the day after; the resource persons review the others from T-200 on.
Every review is recorded on its day through `practice_review_record`.

All kørekort code of the demo is here, beside the competence plans that use the tasks
(`competence.py`); the services are the licences app's.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from lederspor.licences.models import LicenceTask
from lederspor.licences.services import (
    licence_requirement_set,
    licence_task_create,
    licence_task_publish,
    practice_review_record,
)
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of
from lederspor.site.demo.story import Thread, at

SSA = "Social- og sundhedsassistent"
SSH = "Social- og sundhedshjælper"
MEDICATION = "Medicin til beboerne"
MEAL = "Måltidet er mere end mad"
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class _Review:
    task: str  # MEDICATION or MEAL
    person: Person
    level: str
    reviewer: Person
    days_ago: int
    passed: bool = True
    note: str = ""


class LicenceStory:
    """The care unit's kørekort: plan the reviews with the build's random generator, then play
    `thread()`; `tasks` holds the two licence tasks once they exist (medication first)."""

    def __init__(
        self,
        *,
        today: dt.date,
        unit: OrgUnit,
        leader: Person,
        staff: list[Person],
        rng: random.Random,
    ) -> None:
        self.today, self.unit, self.leader = today, unit, leader
        self.tasks: dict[str, LicenceTask] = {}
        assistants = [p for p in staff if p.profession == SSA]
        helpers = [p for p in staff if p.profession == SSH]
        # two resource persons (A), reviewed by the leader; they review the others
        resource = assistants[:2]
        reviews = [
            _Review(task, person, "A", leader, 300)
            for task in (MEDICATION, MEAL)
            for person in resource
        ]
        for i, person in enumerate(assistants[2:]):
            reviewer = resource[i % 2]
            if i % 4 == 3:
                continue  # still lacks B: shows on the "mangler" list
            if i % 4 == 2:  # failed once, passed at the second attempt
                reviews.append(_Review(MEAL, person, "B", reviewer, 80, False, "Mangler overblik."))
            reviews.append(_Review(MEAL, person, "B", reviewer, rng.randint(10, 60)))
        for i, person in enumerate(helpers):
            if i % 3 == 2:
                continue
            reviews.append(_Review(MEAL, person, "C", resource[i % 2], rng.randint(10, 200)))
        # an expired medication licence: awarded more than 24 months ago
        if len(assistants) > 3:
            reviews.append(_Review(MEDICATION, assistants[3], "B", leader, 800))
        self.reviews = sorted(reviews, key=lambda r: -r.days_ago)

    def thread(self) -> Thread:
        today, by = self.today, login_of(self.leader)
        yield at(today - 820 * DAY, 10)
        self.tasks[MEDICATION] = licence_task_create(
            unit=self.unit,
            title=MEDICATION,
            description="Medicinudlevering efter medicinlisten, observation og dokumentation.",
            valid_months=24,
            by=by,
        )
        self.tasks[MEAL] = licence_task_create(
            unit=self.unit,
            title=MEAL,
            description="Tilberedning af måltider ude hos beboerne – med faglighed og hjemlighed.",
            by=by,
        )
        for task in self.tasks.values():
            licence_requirement_set(task=task, level="C", by=by)
            licence_requirement_set(task=task, level="B", profession=SSA, by=by)
        published = False
        for review in self.reviews:
            if not published and review.days_ago < 300:
                yield at(today - 299 * DAY, 10)
                for task in self.tasks.values():
                    licence_task_publish(task=task, expected_version=task.version, by=by)
                published = True
            reviewed_on = today - review.days_ago * DAY
            yield at(reviewed_on, 14)
            practice_review_record(
                task=self.tasks[review.task],
                person=review.person,
                level=review.level,
                reviewer=review.reviewer,
                passed=review.passed,
                reviewed_on=reviewed_on,
                note=review.note,
                by=by,
            )
        if not published:
            yield at(today - 299 * DAY, 10)
            for task in self.tasks.values():
                licence_task_publish(task=task, expected_version=task.version, by=by)
