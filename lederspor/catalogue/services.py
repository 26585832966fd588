"""Writes for agreed practice tasks: propose, agree, start, complete, follow up, notes.

Seed 000 §"Nærmeste leder og chef definerer opgaverne": tasks vary in scope, time horizon and
resources and are agreed between the nearest leader and the aspirant; after the task they hold a
follow-up conversation on observations and learning points (e.g. task 1's case).
"""

import datetime as dt
from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.catalogue.audit import CatalogueAction
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment

S = TaskAssignment.Status


class AgreementFields(TypedDict):
    """What the parties agree on a task (the fields of `EDITABLE_FIELDS`), as keyword
    arguments of `task_assignment_propose` and `task_assignment_update`."""

    title: str
    scope: str
    resources: str
    learning_goal: str
    host: Person | None
    host_note: str
    starts_on: dt.date | None
    due_on: dt.date | None


EDITABLE_FIELDS = (
    "title",
    "scope",
    "resources",
    "learning_goal",
    "host",
    "host_note",
    "starts_on",
    "due_on",
)


def _check_dates(starts_on: dt.date | None, due_on: dt.date | None) -> None:
    if starts_on and due_on and starts_on > due_on:
        raise ValidationError({"due_on": _("Slutdatoen skal ligge efter startdatoen.")})


@transaction.atomic
def task_assignment_propose(
    *,
    enrolment: Enrolment,
    proposed_by: Person,
    by: User,
    catalogue_task: PracticeTask | None = None,
    title: str = "",
    scope: str = "",
    resources: str = "",
    learning_goal: str,
    host: Person | None = None,
    host_note: str = "",
    starts_on: dt.date | None = None,
    due_on: dt.date | None = None,
) -> TaskAssignment:
    """Propose a practice task for an enrolled aspirant (status proposed).

    Either a catalogue task (its title is used unless `title` is given) or an own task with a
    title. Raises ValidationError if the enrolment is not active, no title, no learning goal, or
    dates are reversed.
    """
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Opgaver kan kun aftales for optagne deltagere."))
    title = (title or (catalogue_task.title if catalogue_task else "")).strip()
    if not title:
        raise ValidationError({"title": _("Vælg en opgave fra kataloget eller skriv en titel.")})
    if not learning_goal.strip():
        raise ValidationError({"learning_goal": _("Beskriv læringsmålet med opgaven.")})
    _check_dates(starts_on, due_on)
    assignment = TaskAssignment(
        enrolment=enrolment,
        catalogue_task=catalogue_task,
        title=title,
        scope=scope.strip(),
        resources=resources.strip(),
        learning_goal=learning_goal.strip(),
        host=host,
        host_note=host_note.strip(),
        starts_on=starts_on,
        due_on=due_on,
        proposed_by=proposed_by,
    )
    assignment.full_clean()
    assignment.save()
    audit_record(actor=by, action=CatalogueAction.TASK_PROPOSE, obj=assignment, summary=title)
    return assignment


def _transition(
    assignment: TaskAssignment,
    *,
    expected_version: int,
    allowed_from: tuple[str, ...],
    to: str,
    by: User,
    action: CatalogueAction,
    extra: dict[str, object] | None = None,
) -> TaskAssignment:
    """Move `assignment` from one of `allowed_from` to `to` (and set `extra`); returns the
    saved row. Raises ConcurrentEditError on a stale `expected_version`, ValidationError when
    the status does not allow the step."""
    locked = lock_version(assignment, expected_version)
    if locked.status not in allowed_from:
        raise ValidationError(
            _("Opgaven har status “%(status)s”, så det kan ikke lade sig gøre nu.")
            % {"status": locked.get_status_display()}
        )
    old = locked.status
    fields = {"status": to, **(extra or {})}
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(actor=by, action=action, obj=locked, old=old, new=to)
    return locked


@transaction.atomic
def task_assignment_update(
    *,
    assignment: TaskAssignment,
    expected_version: int,
    by: User,
    editor: Person | None = None,
    **fields: object,
) -> TaskAssignment:
    """Edit scope, resources, learning goal, host and dates of a task that is not done yet.

    An agreement needs both parties (seed 000), so changing an agreed or running task puts it
    back to *proposed* with `editor` as the proposer: the other party agrees again. Returns the
    saved task (a fresh copy of the row). `expected_version`: the task's `version` when the
    form was loaded; raises ConcurrentEditError (code "stale") if it was saved since, and
    ValidationError on bad input or a done / followed-up task.
    """
    locked = lock_version(assignment, expected_version)
    if locked.status in (S.DONE, S.FOLLOWED_UP):
        raise ValidationError(_("En udført opgave kan ikke ændres."))
    changed = False
    for name in EDITABLE_FIELDS:
        if name in fields:
            value = fields[name]
            value = value.strip() if isinstance(value, str) else value
            if getattr(locked, name) != value:
                changed = True
            setattr(locked, name, value)
    if changed and locked.status in (S.AGREED, S.IN_PROGRESS) and editor is not None:
        locked.status = S.PROPOSED
        locked.proposed_by = editor
        locked.agreed_at = None
    if not locked.title:
        raise ValidationError({"title": _("Opgaven skal have en titel.")})
    if not locked.learning_goal:
        raise ValidationError({"learning_goal": _("Beskriv læringsmålet med opgaven.")})
    _check_dates(locked.starts_on, locked.due_on)
    locked.full_clean()
    locked.save()
    audit_record(actor=by, action=CatalogueAction.TASK_UPDATE, obj=locked, summary=locked.title)
    return locked


@transaction.atomic
def task_assignment_agree(
    *, assignment: TaskAssignment, expected_version: int, by: User
) -> TaskAssignment:
    """The other party accepts a proposed task (proposed → agreed); returns the saved task.

    `expected_version`: the version the page was loaded with (ConcurrentEditError if stale).
    """
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.PROPOSED,),
        to=S.AGREED,
        by=by,
        action=CatalogueAction.TASK_AGREE,
        extra={"agreed_at": timezone.now()},
    )


@transaction.atomic
def task_assignment_start(
    *, assignment: TaskAssignment, expected_version: int, by: User
) -> TaskAssignment:
    """Start an agreed task (agreed → in progress); returns the saved task.

    `expected_version`: the version the page was loaded with (ConcurrentEditError if stale).
    """
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.AGREED,),
        to=S.IN_PROGRESS,
        by=by,
        action=CatalogueAction.TASK_START,
    )


@transaction.atomic
def task_assignment_complete(
    *, assignment: TaskAssignment, expected_version: int, by: User
) -> TaskAssignment:
    """Mark an agreed or running task as done (agreed | in progress → done); returns the saved
    task.

    `expected_version`: the version the page was loaded with (ConcurrentEditError if stale).
    """
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.AGREED, S.IN_PROGRESS),
        to=S.DONE,
        by=by,
        action=CatalogueAction.TASK_COMPLETE,
        extra={"done_at": timezone.now()},
    )


@transaction.atomic
def task_assignment_follow_up(
    *,
    assignment: TaskAssignment,
    expected_version: int,
    by: User,
    held_on: dt.date,
    observations: str,
    learning_points: str,
) -> TaskAssignment:
    """Record the follow-up conversation on a done task (done → followed up); returns the saved
    task.

    Seed 000 (task 1's case): "Efter samtalerne har Klaus og Johanne en opfølgende samtale, hvor de
    gennemgår Klaus’ observationer og læringspointer". Both texts are required.
    `expected_version`: the version the form was loaded with (ConcurrentEditError if stale).
    """
    errors = {}
    if not observations.strip():
        errors["observations"] = _("Skriv jeres observationer fra opgaven.")
    if not learning_points.strip():
        errors["learning_points"] = _("Skriv læringspointerne.")
    if held_on and held_on > timezone.localdate():
        errors["held_on"] = _("Samtalen kan ikke være holdt i fremtiden.")
    if errors:
        raise ValidationError(errors)
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.DONE,),
        to=S.FOLLOWED_UP,
        by=by,
        action=CatalogueAction.TASK_FOLLOW_UP,
        extra={
            "followup_held_on": held_on,
            "observations": observations.strip(),
            "learning_points": learning_points.strip(),
            "followed_up_at": timezone.now(),
        },
    )


@transaction.atomic
def task_note_add(*, assignment: TaskAssignment, author: Person, text: str, by: User) -> TaskNote:
    """Add a note (or the chef's comment) to a task. Raises ValidationError if empty."""
    if not text.strip():
        raise ValidationError({"text": _("Noten er tom.")})
    note = TaskNote.objects.create(assignment=assignment, author=author, text=text.strip())
    audit_record(actor=by, action=CatalogueAction.TASK_NOTE, obj=assignment, note=note.pk)
    return note
