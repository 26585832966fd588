"""Kørekort reads (seed 004, box "kørekort på tre niveauer"; issue #5): who holds which level,
who must, who lacks it, and the export. The writes are in `licences.services`.

A licence is valid on a day from `awarded_on` up to, not including, `expires_on`; a higher level
covers a lower requirement (`LEVEL_RANK`). Each selector's docstring states its query count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import overload

from django.db.models import Q, QuerySet

from lederspor.licences.models import (
    LEVEL_RANK,
    Licence,
    LicenceLevel,
    LicenceRequirement,
    LicenceTask,
    PracticeReview,
)
from lederspor.people.models import Person
from lederspor.people.selectors import (
    UnitInfo,
    ancestor_unit_ids,
    load_units,
    unit_people,
)

# --- levels and validity -----------------------------------------------------------------------


def licence_valid_q(on: dt.date, prefix: str = "") -> Q:
    """Licences valid on `on`: awarded on or before it and not yet expired."""
    return Q(**{f"{prefix}awarded_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": on})
    )


@overload
def _higher(a: str | None, b: str) -> str: ...
@overload
def _higher(a: str | None, b: str | None) -> str | None: ...
def _higher(a: str | None, b: str | None) -> str | None:
    """The higher of two levels (None counts as no level)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if LEVEL_RANK[LicenceLevel(a)] >= LEVEL_RANK[LicenceLevel(b)] else b


def level_covers(held: str | None, required: str | None) -> bool:
    """Whether holding `held` meets a requirement of `required` (C < B < A)."""
    if required is None:
        return True
    if held is None:
        return False
    return LEVEL_RANK[LicenceLevel(held)] >= LEVEL_RANK[LicenceLevel(required)]


# --- who may be reviewed and who may review ----------------------------------------------------


def task_people(*, task: LicenceTask, units: dict[int, UnitInfo] | None = None) -> QuerySet[Person]:
    """Active persons in the task's unit and below, by name (the review form's candidates)."""
    return unit_people(unit_id=task.unit_id, units=units)


def unit_leaders(*, unit_id: int, units: dict[int, UnitInfo] | None = None) -> QuerySet[Person]:
    """Persons who lead `unit_id` in the sense of `people.selectors.led_unit_ids`: they have
    active reports, and their own unit or a report's unit is `unit_id` or above it."""
    units = load_units() if units is None else units
    above = ancestor_unit_ids(unit_id, units)
    active_reports = Person.objects.filter(is_active=True, manager__isnull=False)
    return (
        Person.objects.filter(is_active=True)
        .filter(
            Q(unit_id__in=above, pk__in=active_reports.values("manager_id"))
            | Q(pk__in=active_reports.filter(unit_id__in=above).values("manager_id"))
        )
        .order_by("first_name", "last_name", "pk")
    )


def resource_people(*, task: LicenceTask, on: dt.date) -> QuerySet[Person]:
    """Who may hold a practice review for `task` on `on`: holders of a valid A licence and the
    leaders of the task's unit (the review form's reviewer choices)."""
    a_holders = Licence.objects.filter(licence_valid_q(on), task=task, level=LicenceLevel.A).values(
        "person_id"
    )
    leaders = unit_leaders(unit_id=task.unit_id).values("pk")
    return (
        Person.objects.filter(is_active=True)
        .filter(Q(pk__in=a_holders) | Q(pk__in=leaders))
        .order_by("first_name", "last_name", "pk")
    )


# --- requirements ------------------------------------------------------------------------------


def _matches(value: str, target: str) -> bool:
    return not target or value.strip().casefold() == target.strip().casefold()


def requirement_applies(*, requirement: LicenceRequirement, person: Person) -> bool:
    """Whether `requirement` targets `person`: blank profession and job title match anyone,
    otherwise each given one must equal the person's (case-insensitive)."""
    return _matches(person.profession, requirement.profession) and _matches(
        person.job_title, requirement.job_title
    )


def required_level(*, person: Person, requirements: Iterable[LicenceRequirement]) -> str | None:
    """The level `person` must hold: the highest among `requirements` (one task's) that apply
    to them, or None if none do. No queries: pass `task.requirements.all()` or a loaded list."""
    level: str | None = None
    for requirement in requirements:
        if requirement_applies(requirement=requirement, person=person):
            level = _higher(level, requirement.level)
    return level


# --- holders and gaps --------------------------------------------------------------------------


def licence_levels_held(
    *, task: LicenceTask, person_ids: Iterable[int], on: dt.date
) -> dict[int, str]:
    """Person id → the highest level they hold for `task` valid on `on`; persons without a
    valid licence are absent. One query."""
    held: dict[int, str] = {}
    rows = Licence.objects.filter(licence_valid_q(on), task=task, person_id__in=list(person_ids))
    for person_id, level in rows.values_list("person_id", "level"):
        held[person_id] = _higher(held.get(person_id), level)
    return held


@dataclass(slots=True)
class OverviewPerson:
    """A person as a task's overview shows, searches, sorts and exports them: the few fields
    it needs, without building a `Person` model instance for each of a forvaltning's ~9,600
    people (issue #17 §1). A plain slots dataclass, not frozen: a frozen one costs a
    `object.__setattr__` per field on each of those people."""

    pk: int
    first_name: str
    last_name: str
    job_title: str
    profession: str
    unit_id: int | None

    @property
    def full_name(self) -> str:
        """First and last name joined by a space (as `Person.full_name`)."""
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True)
class LicenceRow:
    """One person in a task's overview (read-only by convention; slots and not frozen, for the
    same reason as `OverviewPerson`)."""

    person: OverviewPerson
    unit_name: str
    level: str | None  # highest valid level held
    awarded_on: dt.date | None
    expires_on: dt.date | None
    required: str | None
    missing: bool  # a requirement applies and the held level does not meet it
    attempts: int  # all reviews for this task
    failed_attempts: int  # failed reviews on the required level
    last_review: PracticeReview | None

    @property
    def level_label(self) -> str:
        return str(LicenceLevel(self.level).label) if self.level else ""


def _required_for(
    profession: str, job_title: str, requirements: list[LicenceRequirement]
) -> str | None:
    """`required_level` for a person given by profession and job title."""
    level: str | None = None
    for requirement in requirements:
        if _matches(profession, requirement.profession) and _matches(
            job_title, requirement.job_title
        ):
            level = _higher(level, requirement.level)
    return level


def licence_overview(
    *,
    task: LicenceTask,
    on: dt.date,
    units: dict[int, UnitInfo] | None = None,
    ordered: bool = True,
) -> list[LicenceRow]:
    """Every active person in the task's unit and below (by name; in no particular order with
    `ordered=False`, for a caller that sorts the rows itself) with their held level,
    requirement and reviews; the persons as `OverviewPerson`s read in one values query (a
    forvaltning has ~9,600 people). Five queries whatever the number of people (four when
    `units` from `load_units` is given)."""
    units = load_units() if units is None else units
    people = task_people(task=task, units=units)
    if not ordered:
        people = people.order_by()
    values = people.values_list(
        "pk", "first_name", "last_name", "job_title", "profession", "unit_id"
    )
    requirements = list(task.requirements.all())
    licences: dict[int, Licence] = {}
    for licence in Licence.objects.filter(licence_valid_q(on), task=task):
        best = licences.get(licence.person_id)
        if best is None or _higher(best.level, licence.level) != best.level:
            licences[licence.person_id] = licence
    reviews: dict[int, list[PracticeReview]] = defaultdict(list)
    for review in PracticeReview.objects.filter(task=task).select_related("reviewer"):
        reviews[review.person_id].append(review)  # newest first (model ordering)
    # the requirement of each (profession, job title) pair, worked out once per pair
    required_by_role: dict[tuple[str, str], str | None] = {}
    rows = []
    for pk, first_name, last_name, job_title, profession, unit_id in values:
        valid = licences.get(pk)
        held = valid.level if valid else None
        role = (profession, job_title)
        if role not in required_by_role:
            required_by_role[role] = _required_for(profession, job_title, requirements)
        required = required_by_role[role]
        mine = reviews.get(pk)
        unit = units.get(unit_id) if unit_id is not None else None
        rows.append(
            LicenceRow(
                person=OverviewPerson(pk, first_name, last_name, job_title, profession, unit_id),
                unit_name=unit.name if unit is not None else "",
                level=held,
                awarded_on=valid.awarded_on if valid else None,
                expires_on=valid.expires_on if valid else None,
                required=required,
                missing=required is not None and not level_covers(held, required),
                attempts=len(mine) if mine else 0,
                failed_attempts=(
                    sum(1 for r in mine if r.level == required and not r.passed) if mine else 0
                ),
                last_review=mine[0] if mine else None,
            )
        )
    return rows


def licence_holders(*, task: LicenceTask, on: dt.date) -> list[LicenceRow]:
    """The overview's persons holding a valid licence (the published list)."""
    return [row for row in licence_overview(task=task, on=on) if row.level]


def licence_missing(*, task: LicenceTask, on: dt.date) -> list[LicenceRow]:
    """The overview's persons who lack their required level ("mangler krav")."""
    return [row for row in licence_overview(task=task, on=on) if row.missing]


def task_reviews(*, task: LicenceTask) -> QuerySet[PracticeReview]:
    """The task's review history, newest first, with person and reviewer loaded."""
    return PracticeReview.objects.filter(task=task).select_related("person", "reviewer")


@dataclass(frozen=True)
class PersonLicence:
    """One of a person's licences for "Mine kørekort"."""

    task: LicenceTask
    level: str
    awarded_on: dt.date
    expires_on: dt.date | None
    expired: bool

    @property
    def level_label(self) -> str:
        return str(LicenceLevel(self.level).label)


def person_licences(*, person: Person, on: dt.date) -> list[PersonLicence]:
    """All of `person`'s licences with whether each has expired on `on` (one query)."""
    return [
        PersonLicence(
            task=licence.task,
            level=licence.level,
            awarded_on=licence.awarded_on,
            expires_on=licence.expires_on,
            expired=licence.expires_on is not None and licence.expires_on <= on,
        )
        for licence in Licence.objects.filter(person=person)
        .select_related("task__unit")
        .order_by("task__title", "level")
    ]


@dataclass(frozen=True)
class MissingLicence:
    """A published task's requirement that `person` does not meet."""

    task: LicenceTask
    required: str
    held: str | None

    @property
    def required_label(self) -> str:
        return str(LicenceLevel(self.required).label)


def person_missing_licences(*, person: Person, on: dt.date) -> list[MissingLicence]:
    """Requirements of published tasks in `person`'s unit or above that they do not meet on
    `on` (four queries). Unpublished tasks are drafts and stay out of sight."""
    units = load_units()
    tasks = list(
        LicenceTask.objects.filter(
            unit_id__in=ancestor_unit_ids(person.unit_id, units), published_at__isnull=False
        )
        .select_related("unit")
        .prefetch_related("requirements")
        .order_by("title")
    )
    held: dict[int, str] = {}
    for task_id, level in Licence.objects.filter(
        licence_valid_q(on), person=person, task__in=tasks
    ).values_list("task_id", "level"):
        held[task_id] = _higher(held.get(task_id), level)
    missing = []
    for task in tasks:
        required = required_level(person=person, requirements=task.requirements.all())
        if required and not level_covers(held.get(task.pk), required):
            missing.append(MissingLicence(task=task, required=required, held=held.get(task.pk)))
    return missing


# --- export ------------------------------------------------------------------------------------
