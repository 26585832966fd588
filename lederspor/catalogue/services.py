"""Writes for agreed practice tasks: propose, agree, start, complete, follow up, notes.

Seed 000 §"Nærmeste leder og chef definerer opgaverne": tasks vary in scope, time horizon and
resources and are agreed between the nearest leader and the aspirant; after the task they hold a
follow-up conversation on observations and learning points (e.g. task 1's case).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment

S = TaskAssignment.Status

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
    audit_record(actor=by, action="task.propose", obj=assignment, summary=title)
    return assignment


def _transition(
    assignment: TaskAssignment,
    *,
    expected_version: int | None,
    allowed_from: tuple[str, ...],
    to: str,
    by: User,
    action: str,
    extra: dict[str, object] | None = None,
) -> TaskAssignment:
    locked = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Opgaven er blevet ændret af en anden, mens du havde den åben. Genindlæs siden og prøv igen."
            )
        )
    if locked.status not in allowed_from:
        raise ValidationError(
            _("Opgaven har status “%(status)s”, så det kan ikke lade sig gøre nu.")
            % {"status": locked.get_status_display()}
        )
    old = locked.status
    fields = {"status": to, "version": F("version") + 1, **(extra or {})}
    TaskAssignment.objects.filter(pk=assignment.pk).update(updated_at=timezone.now(), **fields)
    assignment.refresh_from_db()
    audit_record(actor=by, action=action, obj=assignment, old=old, new=to)
    return assignment


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
    back to *proposed* with `editor` as the proposer: the other party agrees again. Raises
    ConcurrentEditError if `expected_version` is stale (someone saved in between), and
    ValidationError on bad input or a done / followed-up task.
    """
    locked = TaskAssignment.objects.select_for_update().get(pk=assignment.pk)
    if locked.version != expected_version:
        raise ConcurrentEditError(
            _(
                "Opgaven er blevet ændret af en anden, mens du redigerede. Dine ændringer er ikke gemt – kopiér dem, genindlæs siden og prøv igen."
            )
        )
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
    locked.version = expected_version + 1
    locked.full_clean()
    locked.save()
    audit_record(actor=by, action="task.update", obj=locked, summary=locked.title)
    return locked


@transaction.atomic
def task_assignment_agree(
    *, assignment: TaskAssignment, by: User, expected_version: int | None = None
) -> TaskAssignment:
    """The other party accepts a proposed task (proposed → agreed)."""
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.PROPOSED,),
        to=S.AGREED,
        by=by,
        action="task.agree",
        extra={"agreed_at": timezone.now()},
    )


@transaction.atomic
def task_assignment_start(
    *, assignment: TaskAssignment, by: User, expected_version: int | None = None
) -> TaskAssignment:
    """Start an agreed task (agreed → in progress)."""
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.AGREED,),
        to=S.IN_PROGRESS,
        by=by,
        action="task.start",
    )


@transaction.atomic
def task_assignment_complete(
    *, assignment: TaskAssignment, by: User, expected_version: int | None = None
) -> TaskAssignment:
    """Mark an agreed or running task as done (agreed | in progress → done)."""
    return _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.AGREED, S.IN_PROGRESS),
        to=S.DONE,
        by=by,
        action="task.complete",
        extra={"done_at": timezone.now()},
    )


@transaction.atomic
def task_assignment_follow_up(
    *,
    assignment: TaskAssignment,
    by: User,
    held_on: dt.date,
    observations: str,
    learning_points: str,
    expected_version: int | None = None,
) -> TaskAssignment:
    """Record the follow-up conversation on a done task (done → followed up).

    Seed 000 (task 1's case): "Efter samtalerne har Klaus og Johanne en opfølgende samtale, hvor de
    gennemgår Klaus’ observationer og læringspointer". Both texts are required.
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
        action="task.follow_up",
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
    audit_record(actor=by, action="task.note", obj=assignment, note=note.pk)
    return note
