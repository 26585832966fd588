"""Kørekort writes (seed 004, box "kørekort på tre niveauer" and example "3. Plejecenter 1";
issue #5); the reads are in `licences.selectors`.

- A unit issues kørekort for a task (`LicenceTask`) on levels C, B and A ("C-niveau indebærer, at
  medarbejderne lærer at løse forskellige opgaver med støtte"; B "selvstændigt"; A makes them
  "ressourcepersoner").
- Requirements say who must hold which level ("Alle medarbejdere skal erhverve kørekort på
  C-niveau – også vikarer"; "B-niveau skal erhverves af alle social- og sundhedsassistenter").
- A licence is awarded through a recorded practice review held by a resource person or a leader
  of the unit ("Kørekortet erhverves via en eksamenslignende “praksisgennemgang”").
- A licence is valid from `awarded_on` until (not including) `expires_on`; a higher level covers
  a lower requirement (`LEVEL_RANK`).

Every write is one transaction with one audit row (STYLE.md §3). A change of a task (its text,
publishing) requires the version its page was loaded with (`core.concurrency.lock_version`).
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.licences.audit import LicenceAction
from lederspor.licences.models import (
    Licence,
    LicenceLevel,
    LicenceRequirement,
    LicenceTask,
    PracticeReview,
)
from lederspor.licences.selectors import licence_valid_q
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import led_unit_ids, load_units, unit_subtree_ids


def expiry_for(*, task: LicenceTask, awarded_on: dt.date) -> dt.date | None:
    """When a licence awarded on `awarded_on` expires (None: never)."""
    if not task.valid_months:
        return None
    expires: dt.date = awarded_on + relativedelta(months=task.valid_months)
    return expires


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
    audit_record(actor=by, action=LicenceAction.LICENCE_TASK_CREATE, obj=task, summary=task.title)
    return task


@transaction.atomic
def licence_task_update(
    *,
    task: LicenceTask,
    expected_version: int,
    title: str,
    description: str,
    valid_months: int | None,
    by: User,
) -> LicenceTask:
    """Change a task's title, description and validity; returns the saved task (a fresh copy
    of the row). Licences already awarded keep their expiry; the new validity applies from the
    next review.

    `expected_version`: the task's `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError on a duplicate
    title or a bad validity.
    """
    locked = lock_version(task, expected_version)
    old = {"title": locked.title, "valid_months": locked.valid_months}
    locked.title = title.strip()
    locked.description = description.strip()
    locked.valid_months = valid_months
    locked.full_clean()
    locked.save(update_fields=["title", "description", "valid_months", "version", "updated_at"])
    audit_record(
        actor=by,
        action=LicenceAction.LICENCE_TASK_UPDATE,
        obj=locked,
        summary=locked.title,
        old=old,
    )
    return locked


@transaction.atomic
def licence_task_publish(*, task: LicenceTask, expected_version: int, by: User) -> LicenceTask:
    """Publish the holder list to everyone in the unit (seed 004: "Kørekort offentliggøres på
    intranettet og hænges synligt op på afdelingerne"); returns the saved task.

    `expected_version`: the version the confirmation page was loaded with (ConcurrentEditError
    if stale). Raises ValidationError if it is already published.
    """
    task = lock_version(task, expected_version)
    if task.published_at is not None:
        raise ValidationError(_("Kørekortlisten er allerede offentliggjort."))
    task.published_at = timezone.now()
    task.save(update_fields=["published_at", "version", "updated_at"])
    audit_record(actor=by, action=LicenceAction.LICENCE_TASK_PUBLISH, obj=task, summary=task.title)
    return task


@transaction.atomic
def licence_task_unpublish(*, task: LicenceTask, expected_version: int, by: User) -> LicenceTask:
    """Take the holder list back: only the unit's leaders and consultants see it again; returns
    the saved task.

    `expected_version`: the version the confirmation page was loaded with (ConcurrentEditError
    if stale). Raises ValidationError if it is not published.
    """
    task = lock_version(task, expected_version)
    if task.published_at is None:
        raise ValidationError(_("Kørekortlisten er ikke offentliggjort."))
    task.published_at = None
    task.save(update_fields=["published_at", "version", "updated_at"])
    audit_record(
        actor=by, action=LicenceAction.LICENCE_TASK_UNPUBLISH, obj=task, summary=task.title
    )
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
            action=LicenceAction.LICENCE_REQUIREMENT_ADD,
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
        action=LicenceAction.LICENCE_REQUIREMENT_CHANGE,
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
        action=LicenceAction.LICENCE_REQUIREMENT_REMOVE,
        obj=requirement,
        summary=str(requirement),
        level=requirement.level,
        profession=requirement.profession,
        job_title=requirement.job_title,
    )
    requirement.delete()


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
        licence_valid_q(reviewed_on), task=task, person=reviewer, level=LicenceLevel.A
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
        action=LicenceAction.PRACTICE_REVIEW_RECORD,
        obj=review,
        summary=f"{person.full_name}: {task.title} {level}",
        level=level,
        passed=passed,
        attempt=attempt,
        reviewer=reviewer.pk,
        licence=licence.pk if licence else None,
    )
    return review, licence
