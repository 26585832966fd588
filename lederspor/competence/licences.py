"""Kørekort: services (writes) and selectors (reads) for licences (seed 004, box "kørekort på
tre niveauer" and example "3. Plejecenter 1"; issue #5).

- A unit issues kørekort for a task (`LicenceTask`) on levels C, B and A ("C-niveau indebærer, at
  medarbejderne lærer at løse forskellige opgaver med støtte"; B "selvstændigt"; A makes them
  "ressourcepersoner").
- Requirements say who must hold which level ("Alle medarbejdere skal erhverve kørekort på
  C-niveau – også vikarer"; "B-niveau skal erhverves af alle social- og sundhedsassistenter").
- A licence is awarded through a recorded practice review held by a resource person or a leader
  of the unit ("Kørekortet erhverves via en eksamenslignende “praksisgennemgang”").
- A licence is valid from `awarded_on` until (not including) `expires_on`; a higher level covers
  a lower requirement (`LEVEL_RANK`).

Every write is one transaction with one audit row (STYLE.md §3).
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.competence.models import (
    LEVEL_RANK,
    Licence,
    LicenceLevel,
    LicenceRequirement,
    LicenceTask,
    PracticeReview,
)
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import (
    UnitInfo,
    ancestor_unit_ids,
    led_unit_ids,
    load_units,
    unit_people,
    unit_subtree_ids,
)

# --- small helpers -----------------------------------------------------------------------------


def _valid_q(on: dt.date, prefix: str = "") -> Q:
    """Licences valid on `on`: awarded on or before it and not yet expired."""
    return Q(**{f"{prefix}awarded_on__lte": on}) & (
        Q(**{f"{prefix}expires_on__isnull": True}) | Q(**{f"{prefix}expires_on__gt": on})
    )


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


def expiry_for(*, task: LicenceTask, awarded_on: dt.date) -> dt.date | None:
    """When a licence awarded on `awarded_on` expires (None: never)."""
    if not task.valid_months:
        return None
    return awarded_on + relativedelta(months=task.valid_months)


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
    a_holders = Licence.objects.filter(_valid_q(on), task=task, level=LicenceLevel.A).values(
        "person_id"
    )
    leaders = unit_leaders(unit_id=task.unit_id).values("pk")
    return (
        Person.objects.filter(is_active=True)
        .filter(Q(pk__in=a_holders) | Q(pk__in=leaders))
        .order_by("first_name", "last_name", "pk")
    )


# --- tasks -------------------------------------------------------------------------------------


@transaction.atomic
def licence_task_create(
    *, unit: OrgUnit, title: str, description: str = "", valid_months: int | None = None, by: User
) -> LicenceTask:
    """Create a kørekort task for `unit` (seed 004: "Et af Plejecenterets kørekort har
    arbejdstitlen: “Måltidet er mere end mad”").

    Raises ValidationError if the unit already has a task with that title.
    """
    task = LicenceTask(
        unit=unit, title=title.strip(), description=description.strip(), valid_months=valid_months
    )
    task.full_clean()
    task.save()
    audit_record(actor=by, action="licence_task.create", obj=task, summary=task.title)
    return task


@transaction.atomic
def licence_task_update(
    *, task: LicenceTask, title: str, description: str, valid_months: int | None, by: User
) -> LicenceTask:
    """Change a task's title, description and validity. Licences already awarded keep their
    expiry; the new validity applies from the next review."""
    old = {"title": task.title, "valid_months": task.valid_months}
    task.title = title.strip()
    task.description = description.strip()
    task.valid_months = valid_months
    task.full_clean()
    task.save(update_fields=["title", "description", "valid_months", "updated_at"])
    audit_record(actor=by, action="licence_task.update", obj=task, summary=task.title, old=old)
    return task


@transaction.atomic
def licence_task_publish(*, task: LicenceTask, by: User) -> LicenceTask:
    """Publish the holder list to everyone in the unit (seed 004: "Kørekort offentliggøres på
    intranettet og hænges synligt op på afdelingerne").

    Raises ValidationError if it is already published.
    """
    task = LicenceTask.objects.select_for_update().get(pk=task.pk)
    if task.published_at is not None:
        raise ValidationError(_("Kørekortlisten er allerede offentliggjort."))
    task.published_at = timezone.now()
    task.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=by, action="licence_task.publish", obj=task, summary=task.title)
    return task


@transaction.atomic
def licence_task_unpublish(*, task: LicenceTask, by: User) -> LicenceTask:
    """Take the holder list back: only the unit's leaders and consultants see it again.

    Raises ValidationError if it is not published.
    """
    task = LicenceTask.objects.select_for_update().get(pk=task.pk)
    if task.published_at is None:
        raise ValidationError(_("Kørekortlisten er ikke offentliggjort."))
    task.published_at = None
    task.save(update_fields=["published_at", "updated_at"])
    audit_record(actor=by, action="licence_task.unpublish", obj=task, summary=task.title)
    return task


# --- requirements ------------------------------------------------------------------------------


@transaction.atomic
def licence_requirement_set(
    *, task: LicenceTask, level: str, profession: str = "", job_title: str = "", by: User
) -> LicenceRequirement:
    """Require `level` of everyone in the task's unit (both targets blank) or of those with the
    given profession and/or job title (seed 004: "B-niveau skal erhverves af alle social- og
    sundhedsassistenter"). The same target (compared case-insensitively) gets its level
    updated instead of a second row.

    Raises ValidationError for an unknown level.
    """
    if level not in LicenceLevel.values:
        raise ValidationError({"level": _("Vælg niveau A, B eller C.")})
    profession, job_title = profession.strip(), job_title.strip()
    requirement = (
        LicenceRequirement.objects.select_for_update()
        .filter(task=task, profession__iexact=profession, job_title__iexact=job_title)
        .first()
    )
    if requirement is None:
        requirement = LicenceRequirement(
            task=task, level=level, profession=profession, job_title=job_title
        )
        requirement.full_clean()
        requirement.save()
        audit_record(
            actor=by,
            action="licence_requirement.add",
            obj=requirement,
            summary=str(requirement),
            profession=profession,
            job_title=job_title,
            level=level,
        )
        return requirement
    old = requirement.level
    requirement.level = level
    requirement.save(update_fields=["level", "updated_at"])
    audit_record(
        actor=by,
        action="licence_requirement.change",
        obj=requirement,
        summary=str(requirement),
        old=old,
        new=level,
    )
    return requirement


@transaction.atomic
def licence_requirement_remove(*, requirement: LicenceRequirement, by: User) -> None:
    """Remove a requirement (licences already held stay)."""
    audit_record(
        actor=by,
        action="licence_requirement.remove",
        obj=requirement,
        summary=str(requirement),
        level=requirement.level,
        profession=requirement.profession,
        job_title=requirement.job_title,
    )
    requirement.delete()


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


# --- practice reviews --------------------------------------------------------------------------


@transaction.atomic
def practice_review_record(
    *,
    task: LicenceTask,
    person: Person,
    level: str,
    reviewer: Person,
    reviewed_on: dt.date,
    passed: bool,
    note: str = "",
    by: User,
) -> tuple[PracticeReview, Licence | None]:
    """Record a practice review and, if passed, award or renew the licence on that level
    (seed 004: "Kørekortet erhverves via en eksamenslignende “praksisgennemgang”"; the
    resource person holds it: "Ressourcepersonen gennemfører en praksisgennemgang – en form
    for eksamen").

    `attempt` is the person's earlier reviews for this task and level plus one (seed 004: "Hvis
    man som medarbejder, efter flere forsøg, ikke har formået at tage det relevante kørekort
    …"). A passed review sets `awarded_on` to the review date and `expires_on` by the task's
    validity; a renewal updates the existing row (a back-dated review never shortens a newer
    licence).

    Raises ValidationError if the person is not active in the task's unit or below, reviews
    themselves, the reviewer neither holds a valid A licence for the task nor leads its unit,
    the level is unknown or the date lies in the future.
    """
    if level not in LicenceLevel.values:
        raise ValidationError({"level": _("Vælg niveau A, B eller C.")})
    if reviewed_on > timezone.localdate():
        raise ValidationError({"reviewed_on": _("Datoen må ikke ligge i fremtiden.")})
    # one review at a time per task, so attempts are numbered without gaps or repeats
    LicenceTask.objects.select_for_update().filter(pk=task.pk).first()
    units = load_units()
    if not person.is_active or person.unit_id not in unit_subtree_ids({task.unit_id}, units):
        raise ValidationError({"person": _("Medarbejderen hører ikke til kørekortopgavens enhed.")})
    if reviewer.pk == person.pk:
        raise ValidationError(
            {"reviewer": _("Medarbejderen kan ikke selv holde sin praksisgennemgang.")}
        )
    holds_a = Licence.objects.filter(
        _valid_q(reviewed_on), task=task, person=reviewer, level=LicenceLevel.A
    ).exists()
    if not holds_a and task.unit_id not in led_unit_ids(person=reviewer, units=units):
        raise ValidationError(
            {
                "reviewer": _(
                    "Praksisgennemgangen skal holdes af en ressourceperson med gyldigt kørekort "
                    "på A-niveau eller af en leder af enheden."
                )
            }
        )
    attempt = PracticeReview.objects.filter(task=task, person=person, level=level).count() + 1
    review = PracticeReview(
        task=task,
        person=person,
        level=level,
        reviewer=reviewer,
        reviewed_on=reviewed_on,
        passed=passed,
        attempt=attempt,
        note=note.strip(),
    )
    review.full_clean()
    review.save()
    licence = None
    if passed:
        licence = (
            Licence.objects.select_for_update()
            .filter(task=task, person=person, level=level)
            .first()
        )
        expires_on = expiry_for(task=task, awarded_on=reviewed_on)
        if licence is None:
            licence = Licence(task=task, person=person, level=level)
        if licence.pk is None or licence.awarded_on <= reviewed_on:
            licence.awarded_on = reviewed_on
            licence.expires_on = expires_on
            licence.review = review
            licence.full_clean()
            licence.save()
    audit_record(
        actor=by,
        action="practice_review.record",
        obj=review,
        summary=f"{person.full_name}: {task.title} {level}",
        level=level,
        passed=passed,
        attempt=attempt,
        reviewer=reviewer.pk,
        licence=licence.pk if licence else None,
    )
    return review, licence


# --- reads -------------------------------------------------------------------------------------


def licence_levels_held(
    *, task: LicenceTask, person_ids: Iterable[int], on: dt.date
) -> dict[int, str]:
    """Person id → the highest level they hold for `task` valid on `on`; persons without a
    valid licence are absent. One query."""
    held: dict[int, str] = {}
    rows = Licence.objects.filter(_valid_q(on), task=task, person_id__in=list(person_ids))
    for person_id, level in rows.values_list("person_id", "level"):
        held[person_id] = _higher(held.get(person_id), level)  # type: ignore[assignment]
    return held


@dataclass(frozen=True)
class LicenceRow:
    """One person in a task's overview."""

    person: Person
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
        return LicenceLevel(self.level).label if self.level else ""


def licence_overview(*, task: LicenceTask, on: dt.date) -> list[LicenceRow]:
    """Every active person in the task's unit and below (by name) with their held level,
    requirement and reviews. Five queries whatever the number of people."""
    units = load_units()
    people = list(task_people(task=task, units=units))
    requirements = list(task.requirements.all())
    licences: dict[int, Licence] = {}
    for licence in Licence.objects.filter(_valid_q(on), task=task):
        best = licences.get(licence.person_id)
        if best is None or _higher(best.level, licence.level) != best.level:
            licences[licence.person_id] = licence
    reviews: dict[int, list[PracticeReview]] = defaultdict(list)
    for review in PracticeReview.objects.filter(task=task).select_related("reviewer"):
        reviews[review.person_id].append(review)  # newest first (model ordering)
    rows = []
    for person in people:
        licence = licences.get(person.pk)
        held = licence.level if licence else None
        required = required_level(person=person, requirements=requirements)
        mine = reviews.get(person.pk, [])
        rows.append(
            LicenceRow(
                person=person,
                unit_name=units[person.unit_id].name if person.unit_id in units else "",
                level=held,
                awarded_on=licence.awarded_on if licence else None,
                expires_on=licence.expires_on if licence else None,
                required=required,
                missing=not level_covers(held, required),
                attempts=len(mine),
                failed_attempts=sum(1 for r in mine if r.level == required and not r.passed),
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
        return LicenceLevel(self.level).label


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
        return LicenceLevel(self.required).label


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
        _valid_q(on), person=person, task__in=tasks
    ).values_list("task_id", "level"):
        held[task_id] = _higher(held.get(task_id), level)  # type: ignore[assignment]
    missing = []
    for task in tasks:
        required = required_level(person=person, requirements=task.requirements.all())
        if required and not level_covers(held.get(task.pk), required):
            missing.append(MissingLicence(task=task, required=required, held=held.get(task.pk)))
    return missing


# --- export ------------------------------------------------------------------------------------


def licence_export_xlsx(*, task: LicenceTask, on: dt.date, holders_only: bool = False) -> bytes:
    """The overview as an XLSX workbook with Danish headers.

    Managers get everyone in the unit with requirement and gap (Navn, Enhed, Stilling,
    Faggruppe, Niveau, Tildelt, Udløber, Krav, Mangler). With `holders_only` (readers of a
    published list) only holders and no Krav/Mangler columns: the seed publishes who holds a
    kørekort, not who lacks one.
    """
    from openpyxl import Workbook

    rows = licence_overview(task=task, on=on)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Kørekort")[:31]
    headers = [
        _("Navn"),
        _("Enhed"),
        _("Stilling"),
        _("Faggruppe"),
        _("Niveau"),
        _("Tildelt"),
        _("Udløber"),
    ]
    if not holders_only:
        headers += [_("Krav"), _("Mangler")]
    sheet.append(headers)
    for row in rows:
        if holders_only and not row.level:
            continue
        values: list[object] = [
            row.person.full_name,
            row.unit_name,
            row.person.job_title,
            row.person.profession,
            row.level or "",
            row.awarded_on,
            row.expires_on,
        ]
        if not holders_only:
            values += [row.required or "", _("Ja") if row.missing else _("Nej")]
        sheet.append(values)
    for column in ("F", "G"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD-MM-YYYY"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
