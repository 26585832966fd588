"""Writes for agreed practice tasks: propose, agree, the host's confirmation, start, complete,
follow up, the task's own steps, notes.

Seed 000 §"Nærmeste leder og chef definerer opgaverne": tasks vary in scope, time horizon and
resources and are agreed between the nearest leader and the aspirant; after the task they hold a
follow-up conversation on observations and learning points (e.g. task 1's case). "Det er
nærmeste leder og chef der har ansvaret": the chef proposes and agrees as the nearest leader
does (through these same functions; the audit row says in which part the person acted).
"""

import datetime as dt
from typing import Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.catalogue import mailing
from lederspor.catalogue.audit import CatalogueAction
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote, TaskStep
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes.access import enrolment_relations
from lederspor.programmes.models import Enrolment, Session

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
    session: Session | None


EDITABLE_FIELDS = (
    "title",
    "scope",
    "resources",
    "learning_goal",
    "host",
    "host_note",
    "starts_on",
    "due_on",
    "session",
)

#: statuses in which the task's own steps can be checked off (the task is agreed)
STEP_STATUSES = (S.AGREED, S.IN_PROGRESS, S.DONE)


def person_of(user: User) -> Person | None:
    """The person whose login `user` is, or None (an administrator without a person)."""
    return Person.objects.filter(user=user).first()


def role_of(*, enrolment: Enrolment, person: Person | None, user: User) -> str:
    """The part `person` acts in on `enrolment`'s tasks (`mailing.acting_as`): participant,
    leader, chef, consultant or admin; "" for none."""
    return mailing.acting_as(
        enrolment_relations(person=person, enrolment=enrolment, is_admin=user.is_staff)
    )


def needs_host_confirmation(assignment: TaskAssignment) -> bool:
    """True if the named host confirms the agreement before the task counts as agreed: a
    catalogue task with `host_confirms` (seed 000, tasks 12 and 16) and a host in Lederspor.
    A host named only in `host_note` confirms outside Lederspor."""
    task = assignment.catalogue_task
    return bool(task is not None and task.host_confirms and assignment.host_id)


def _check_session(enrolment: Enrolment, session: Session | None) -> None:
    """Raise ValidationError unless `session` is None or a network meeting of `enrolment`'s
    cohort (seed 000: tasks tie to the themes of the network meetings)."""
    if session is not None and (
        session.cohort_id != enrolment.cohort_id or session.kind != Session.Kind.NETWORK_MEETING
    ):
        raise ValidationError({"session": _("Vælg et netværksmøde på aspirantens hold.")})


def _check_host(enrolment: Enrolment, host: Person | None) -> None:
    """Raise ValidationError if the aspirant is named as their own host."""
    if host is not None and host.pk == enrolment.person_id:
        raise ValidationError({"host": _("Aspiranten kan ikke være vært for sin egen opgave.")})


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
    session: Session | None = None,
) -> TaskAssignment:
    """Propose a practice task for an enrolled aspirant (status proposed); returns it.

    Either a catalogue task (its title is used unless `title` is given) or an own task with a
    title. `proposed_by`: the aspirant, the nearest leader, the chef (seed 000: "Det er
    nærmeste leder og chef der har ansvaret") or a consultant; the audit row records the part
    they acted in (`acting_as`). `session`: the network meeting whose theme the task ties to.
    The catalogue task's own steps are copied onto the task. The other parties are told by
    mail. Raises ValidationError if the enrolment is not active, no title, no learning goal,
    dates are reversed, the session is not a network meeting of the cohort, or the aspirant
    is their own host.
    """
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Opgaver kan kun aftales for optagne deltagere."))
    title = (title or (catalogue_task.title if catalogue_task else "")).strip()
    if not title:
        raise ValidationError({"title": _("Vælg en opgave fra kataloget eller skriv en titel.")})
    if not learning_goal.strip():
        raise ValidationError({"learning_goal": _("Beskriv læringsmålet med opgaven.")})
    _check_dates(starts_on, due_on)
    _check_session(enrolment, session)
    _check_host(enrolment, host)
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
        session=session,
        proposed_by=proposed_by,
        proposed_at=timezone.now(),
    )
    assignment.full_clean()
    assignment.save()
    if catalogue_task is not None:
        TaskStep.objects.bulk_create(
            TaskStep(assignment=assignment, order=i, text=step["text"], from_seed=step["from_seed"])
            for i, step in enumerate(catalogue_task.steps, start=1)
        )
    role = role_of(enrolment=enrolment, person=proposed_by, user=by)
    audit_record(
        actor=by,
        action=CatalogueAction.TASK_PROPOSE,
        obj=assignment,
        summary=title,
        proposed_by=proposed_by.pk,
        acting_as=role,
    )
    mailing.tell_proposed(assignment, actor=proposed_by, role=role)
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
    data: dict[str, Any] | None = None,
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
    audit_record(actor=by, action=action, obj=locked, old=old, new=to, **(data or {}))
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

    An agreement needs both parties (seed 000), so changing an agreed, running or
    host-awaiting task puts it back to *proposed* with `editor` as the proposer (proposed now;
    agreement and host confirmation cleared): the other party agrees again. Returns the
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
    if (
        changed
        and locked.status in (S.AWAITING_HOST, S.AGREED, S.IN_PROGRESS)
        and editor is not None
    ):
        locked.status = S.PROPOSED
        locked.proposed_by = editor
        locked.proposed_at = timezone.now()
        locked.agreed_at = None
        locked.agreed_by = None
        locked.host_confirmed_at = None
    if not locked.title:
        raise ValidationError({"title": _("Opgaven skal have en titel.")})
    if not locked.learning_goal:
        raise ValidationError({"learning_goal": _("Beskriv læringsmålet med opgaven.")})
    _check_dates(locked.starts_on, locked.due_on)
    _check_session(locked.enrolment, locked.session)
    _check_host(locked.enrolment, locked.host)
    locked.full_clean()
    locked.save()
    audit_record(actor=by, action=CatalogueAction.TASK_UPDATE, obj=locked, summary=locked.title)
    return locked


@transaction.atomic
def task_assignment_agree(
    *, assignment: TaskAssignment, expected_version: int, by: User
) -> TaskAssignment:
    """The other party accepts a proposed task; returns the saved task.

    proposed → agreed, or → awaiting the host when the named host confirms the agreement
    (`needs_host_confirmation`: seed 000, tasks 12 and 16). The nearest leader, the chef and
    the consultant agree a task the aspirant proposed; the aspirant one they proposed
    (`catalogue.access.may`). Records who agreed (`agreed_by`, the audit row's `acting_as`)
    and tells the other parties (and asks the host) by mail. `expected_version`: the version
    the page was loaded with (ConcurrentEditError if stale); ValidationError if not proposed.
    """
    person = person_of(by)
    to = S.AWAITING_HOST if needs_host_confirmation(assignment) else S.AGREED
    role = role_of(enrolment=assignment.enrolment, person=person, user=by)
    agreed = _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.PROPOSED,),
        to=to,
        by=by,
        action=CatalogueAction.TASK_AGREE,
        extra={"agreed_at": timezone.now(), "agreed_by": person},
        data={"acting_as": role},
    )
    mailing.tell_agreed(agreed, actor=person, role=role)
    return agreed


@transaction.atomic
def task_assignment_host_confirm(
    *, assignment: TaskAssignment, expected_version: int, by: User
) -> TaskAssignment:
    """The named host confirms the agreement (awaiting the host → agreed); returns the task.

    Seed 000, task 12: "Aspiranten og lederen (og den eventuelle opgaveejer)
    forventningsafstemmer omkring ressourcer, roller, ansvar og tidshorisont"; task 16: the
    time of the person followed is agreed. Only the host may confirm (PermissionDenied for
    anyone else, also an administrator). The parties are told by mail.
    `expected_version`: as for the other steps (ConcurrentEditError if stale);
    ValidationError if the task is not awaiting the host.
    """
    host = person_of(by)
    if host is None or assignment.host_id != host.pk:
        raise PermissionDenied
    confirmed = _transition(
        assignment,
        expected_version=expected_version,
        allowed_from=(S.AWAITING_HOST,),
        to=S.AGREED,
        by=by,
        action=CatalogueAction.TASK_HOST_CONFIRM,
        extra={"host_confirmed_at": timezone.now()},
        data={"acting_as": "host"},
    )
    mailing.tell_host_confirmed(confirmed, host=host)
    return confirmed


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


@transaction.atomic
def task_step_set(*, step: TaskStep, done: bool, by: User) -> TaskStep:
    """Check off (or uncheck) one of an agreed task's own steps (seed 000: e.g. task 18's
    "formøde forud for mødet" and "opsamlingsmøde efterfølgende"); returns the step.

    Records when and by whom; unchanged when already so (no audit row). Raises ValidationError
    unless the task is agreed, in progress or done.
    """
    locked = TaskStep.objects.select_for_update().select_related("assignment").get(pk=step.pk)
    if locked.assignment.status not in STEP_STATUSES:
        raise ValidationError(_("Trinnene kan krydses af, når opgaven er aftalt."))
    if (locked.done_at is not None) == done:
        return locked
    locked.done_at = timezone.now() if done else None
    locked.done_by = person_of(by) if done else None
    locked.save(update_fields=["done_at", "done_by", "updated_at"])
    audit_record(
        actor=by,
        action=CatalogueAction.TASK_STEP,
        obj=locked.assignment,
        summary=locked.text,
        step=locked.pk,
        done=done,
    )
    return locked
