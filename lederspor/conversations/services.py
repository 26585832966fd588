"""Writes for conversations (issue #3 §1). One transaction and one audit row per change.

CONTRACT used by other apps (clarification: JTI feedback booking; trainee: personality-test
feedback; the demo): `conversation_plan` below. Its signature is fixed.

Every change of a conversation (the record, the career notes, moving, cancelling, marking it
held, confirming), of an attendee's preparation and of a template's questions requires the
`expected_version` its page was loaded with (`core.concurrency.lock_version`) and refuses with
`ConcurrentEditError` (nothing written) when the row changed since; the view answers 409 and
shows the typed text again. Adding an agreed action only appends: it takes no version, but
bumps the conversation's, since the record to confirm has changed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations import calendar, tasks
from lederspor.conversations.audit import ConversationAction
from lederspor.conversations.extensions import run_planning_checks
from lederspor.conversations.models import (
    AgreedAction,
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationStatus,
    ConversationTemplate,
    TemplateVersion,
)
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.people.roles import person_for_user
from lederspor.programmes.models import Enrolment


def newest_version(kind: str) -> TemplateVersion:
    """The newest `TemplateVersion` of the template of `kind`.

    Loads the templates from the content file first if none exists yet (idempotent). Raises
    ValidationError for an unknown kind.
    """
    if kind not in ConversationKind.values:
        raise ValidationError(_("Ukendt samtaletype."), code="kind")
    template = ConversationTemplate.objects.filter(kind=kind).first()
    if template is None:
        from lederspor.conversations.content import load_conversation_templates

        load_conversation_templates()
        template = ConversationTemplate.objects.get(kind=kind)
    return template.versions.latest("number")


def validate_times(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
    """Raise ValidationError (Danish) unless both times are given and `starts_at < ends_at`."""
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Angiv både start- og sluttidspunkt."), code="times")
    if starts_at >= ends_at:
        raise ValidationError(_("Samtalen skal slutte efter, at den starter."), code="times")
    if ends_at - starts_at > dt.timedelta(hours=12):
        raise ValidationError(_("En samtale kan højst vare 12 timer."), code="times")


#: how far before the cohort's start and after its end a conversation may lie (days); past
#: dates inside the window stay allowed, since a conversation may be recorded afterwards
PLAN_WINDOW_DAYS = 120

#: kinds an enrolment may hold any number of; every other kind once (not counting cancelled)
REPEATABLE_KINDS = {ConversationKind.ONGOING, ConversationKind.TASK_FOLLOWUP}


def validate_in_cohort_window(enrolment: Enrolment, starts_at: dt.datetime) -> None:
    """Raise ValidationError (Danish, code "window", naming the cohort's period) when the local
    date of `starts_at` is more than `PLAN_WINDOW_DAYS` days before `cohort.starts_on` or after
    `cohort.ends_on`."""
    cohort = enrolment.cohort
    day = timezone.localtime(starts_at).date()
    window = dt.timedelta(days=PLAN_WINDOW_DAYS)
    if cohort.starts_on - window <= day <= cohort.ends_on + window:
        return
    raise ValidationError(
        _(
            "Datoen ligger for langt fra holdets periode (%(start)s – %(end)s). Vælg en dato "
            "højst %(days)s dage før holdets start eller efter dets afslutning."
        )
        % {
            "start": date_format(cohort.starts_on),
            "end": date_format(cohort.ends_on),
            "days": PLAN_WINDOW_DAYS,
        },
        code="window",
    )


def existing_one_off(enrolment: Enrolment, kind: str) -> Conversation | None:
    """The enrolment's not cancelled conversation of one-off `kind` (earliest), or None; always
    None for the kinds in `REPEATABLE_KINDS`."""
    if kind in REPEATABLE_KINDS:
        return None
    return (
        Conversation.objects.filter(enrolment=enrolment, kind=kind)
        .exclude(status=ConversationStatus.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def one_off_exists_message(name: str, existing: Conversation) -> str:
    """The Danish refusal for planning a second conversation `name` while `existing` (a not
    cancelled one of that one-off kind) stands: names its date and says to move it instead."""
    return _(
        "Der er allerede en samtale “%(name)s” den %(date)s. Flyt den i stedet for at "
        "planlægge en ny."
    ) % {"name": name, "date": date_format(timezone.localtime(existing.starts_at))}


def default_attendees(
    *, enrolment: Enrolment, roles: list[str], by: User | None
) -> list[tuple[Person, str]]:
    """Fill the template's `roles` from the relations: participant = the enrolment's person,
    leader = their manager, consultant = the cohort's first consultant (by pk), else `by`'s
    person if they consult any cohort. A host cannot be guessed.

    Raises ValidationError (Danish) when a role cannot be filled.
    """
    person = enrolment.person
    result: list[tuple[Person, str]] = []
    for role in roles:
        if role == AttendeeRole.PARTICIPANT:
            result.append((person, role))
        elif role == AttendeeRole.LEADER:
            manager = person.manager
            if manager is None:
                raise ValidationError(
                    _("Deltageren har ingen nærmeste leder registreret."), code="leader"
                )
            result.append((manager, role))
        elif role == AttendeeRole.CONSULTANT:
            consultant = enrolment.cohort.consultants.order_by("pk").first()
            if consultant is None:
                me = person_for_user(by)
                if me is not None and me.consulted_cohorts.exists():
                    consultant = me
            if consultant is None:
                raise ValidationError(
                    _("Holdet har ingen HR-konsulent. Tilføj en konsulent til holdet først."),
                    code="consultant",
                )
            result.append((consultant, role))
        elif role == AttendeeRole.HOST:
            raise ValidationError(_("Vælg en vært til karrieresamtalen."), code="host")
    return result


def _check_attendees(
    *, enrolment: Enrolment, kind: str, attendees: list[tuple[Person, str]]
) -> None:
    roles_given = [role for _p, role in attendees]
    for role in roles_given:
        if role not in AttendeeRole.values:
            raise ValidationError(_("Ukendt rolle for en deltager."), code="role")
    persons = [p.pk for p, _r in attendees]
    if len(set(persons)) != len(persons):
        raise ValidationError(_("Den samme person kan kun deltage i én rolle."), code="duplicate")
    if (enrolment.person_id, AttendeeRole.PARTICIPANT) not in {(p.pk, r) for p, r in attendees}:
        raise ValidationError(_("Deltageren skal være med i samtalen."), code="participant")
    if kind == ConversationKind.CAREER and AttendeeRole.HOST not in roles_given:
        raise ValidationError(_("Vælg en vært til karrieresamtalen."), code="host")


@transaction.atomic
def conversation_plan(
    *,
    enrolment: Enrolment,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    place: str = "",
    attendees: list[tuple[Person, str]] | None = None,
    task_assignment: TaskAssignment | None = None,
    is_joint_meeting: bool = False,
) -> Conversation:
    """Plan a conversation of `kind` (a `ConversationKind` value) for `enrolment` from the
    newest version of its template, invite the attendees (e-mail with .ics, via the worker) and
    schedule its reminders. `attendees`: (person, `AttendeeRole` value) pairs; None means the
    template's roles filled from the relations (participant, their manager, the cohort's first
    consultant). Raises ValidationError (Danish message) on bad times or a missing host.

    Also raised: a kind that does not belong to the cohort's programme (template
    `programme_kind`), a task follow-up without a task of this enrolment, and for the trainee
    start conversations the prerequisite of seed 003
    (registered by the trainee app in `extensions.planning_checks`), a start outside the cohort's window
    (`validate_in_cohort_window`, code "window") and a second not cancelled conversation of a
    one-off kind (every kind but `REPEATABLE_KINDS`; code "exists"). Times are aware datetimes.
    """
    version = newest_version(kind)
    template = version.template
    validate_times(starts_at, ends_at)
    if kind == ConversationKind.TASK_FOLLOWUP:
        if task_assignment is None or task_assignment.enrolment_id != enrolment.pk:
            raise ValidationError(_("Vælg den praksisopgave, samtalen følger op på."), code="task")
    elif template.programme_kind and template.programme_kind != enrolment.cohort.programme.kind:
        raise ValidationError(_("Denne samtale hører ikke til deltagerens forløb."), code="kind")
    validate_in_cohort_window(enrolment, starts_at)
    existing = existing_one_off(enrolment, kind)
    if existing is not None:
        raise ValidationError(one_off_exists_message(template.name, existing), code="exists")
    run_planning_checks(enrolment=enrolment, kind=kind)
    if attendees is None:
        attendees = default_attendees(enrolment=enrolment, roles=template.roles, by=by)
    _check_attendees(enrolment=enrolment, kind=kind, attendees=attendees)
    conversation = Conversation(
        enrolment=enrolment,
        template_version=version,
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        is_joint_meeting=is_joint_meeting,
        task_assignment=task_assignment if kind == ConversationKind.TASK_FOLLOWUP else None,
        organiser=person_for_user(by),
    )
    conversation.full_clean()
    conversation.save()
    ConversationAttendee.objects.bulk_create(
        ConversationAttendee(conversation=conversation, person=person, role=role)
        for person, role in attendees
    )
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_PLAN,
        obj=conversation,
        summary=f"{template.name}: {enrolment.person}",
        kind=kind,
        version=version.number,
        starts_at=starts_at.isoformat(),
        attendees=[[p.pk, r] for p, r in attendees],
    )
    calendar.conversation_invite(conversation)
    tasks.conversation_reminders_schedule(conversation)
    return conversation


# --- changes to a planned conversation ------------------------------------------------------


def _lock_row(conversation: Conversation) -> Conversation:
    """The conversation's row locked for update, for a write that changes no field a form
    shows (it checks the status under the lock; no version is involved)."""
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


def _require_status(conversation: Conversation, *allowed: str) -> None:
    if conversation.status not in allowed:
        if conversation.status == ConversationStatus.SIGNED:
            raise ValidationError(
                _("Samtalen er godkendt af alle og kan ikke længere ændres."), code="signed"
            )
        if conversation.status == ConversationStatus.CANCELLED:
            raise ValidationError(_("Samtalen er aflyst."), code="cancelled")
        raise ValidationError(_("Det kan ikke lade sig gøre i samtalens status."), code="status")


def _reopen_confirmations(conversation: Conversation) -> None:
    """Any change of a held record makes every attendee confirm again."""
    if conversation.status == ConversationStatus.HELD:
        conversation.attendees.filter(confirmed_at__isnull=False).update(confirmed_at=None)


def _save(conversation: Conversation, *fields: str) -> None:
    """Save `fields` of a conversation `lock_version` returned (its version already bumped)."""
    conversation.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def conversation_reschedule(
    *,
    conversation: Conversation,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    expected_version: int,
    by: User,
) -> Conversation:
    """Move a planned conversation to a new time and/or place; bumps `ics_sequence`, sends the
    updated invitation and re-schedules the reminder; returns the saved conversation (a fresh
    copy of the row). Raises ValidationError on bad times, a start outside the cohort's window
    (`validate_in_cohort_window`) or status, ConcurrentEditError (code "stale") when
    `expected_version` is not the conversation's version any more."""
    validate_times(starts_at, ends_at)
    c = lock_version(conversation, expected_version)
    _require_status(c, ConversationStatus.PLANNED)
    validate_in_cohort_window(c.enrolment, starts_at)
    old = (c.starts_at.isoformat(), c.place)
    c.starts_at, c.ends_at, c.place = starts_at, ends_at, place.strip()
    c.ics_sequence += 1
    _save(c, "starts_at", "ends_at", "place", "ics_sequence")
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_RESCHEDULE,
        obj=c,
        summary=str(c),
        old=list(old),
        new=[starts_at.isoformat(), c.place],
    )
    calendar.conversation_invite(c)
    tasks.conversation_reminders_schedule(c)
    return c


@transaction.atomic
def conversation_cancel(
    *, conversation: Conversation, expected_version: int, by: User
) -> Conversation:
    """Cancel a planned or held (not signed) conversation and send METHOD:CANCEL; returns the
    saved conversation. `expected_version`: the version the page was loaded with
    (ConcurrentEditError if stale)."""
    c = lock_version(conversation, expected_version)
    _require_status(c, ConversationStatus.PLANNED, ConversationStatus.HELD)
    c.status = ConversationStatus.CANCELLED
    c.cancelled_at = timezone.now()
    c.ics_sequence += 1
    _save(c, "status", "cancelled_at", "ics_sequence")
    audit_record(actor=by, action=ConversationAction.CONVERSATION_CANCEL, obj=c, summary=str(c))
    calendar.conversation_invite(c, method="CANCEL")
    return c


def _clean_answers(conversation: Conversation, answers: dict[str, str]) -> dict[str, str]:
    """Keep the answers to this version's questions, stripped; drop empty ones."""
    ids = {q["id"] for q in conversation.template_version.questions}
    return {k: v.strip() for k, v in answers.items() if k in ids and v and v.strip()}


@transaction.atomic
def preparation_save(
    *, attendee: ConversationAttendee, answers: dict[str, str], expected_version: int, by: User
) -> ConversationAttendee:
    """Save `attendee`'s private preparation ({question id: text}); seen only by them. Returns
    the saved attendee (a fresh copy of the row). `expected_version`: the attendee's `version`
    when the form was loaded; raises ConcurrentEditError (code "stale") if the preparation was
    saved since (from another tab or device), ValidationError once the conversation is signed
    or cancelled."""
    c = _lock_row(attendee.conversation)
    locked = lock_version(attendee, expected_version)
    _require_status(c, ConversationStatus.PLANNED, ConversationStatus.HELD)
    locked.preparation = _clean_answers(c, answers)
    locked.save(update_fields=["preparation", "version", "updated_at"])
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_PREPARE,
        obj=c,
        summary=str(locked),
        questions=sorted(locked.preparation),
    )
    return locked


@transaction.atomic
def record_save(
    *,
    conversation: Conversation,
    answers: dict[str, str],
    notes: str,
    expected_version: int,
    by: User,
) -> Conversation:
    """Save the shared answers ({question id: text}) and the notes (*referat*). A held record
    that changes needs every attendee's confirmation again. Returns the saved conversation (a
    fresh copy of the row). Raises ConcurrentEditError (code "stale") when `expected_version`
    is not the conversation's version any more, ValidationError once signed or cancelled."""
    c = lock_version(conversation, expected_version)
    _require_status(c, ConversationStatus.PLANNED, ConversationStatus.HELD)
    new_answers = _clean_answers(c, answers)
    notes = notes.strip()
    changed = new_answers != c.answers or notes != c.notes
    c.answers, c.notes = new_answers, notes
    _save(c, "answers", "notes")
    if changed:
        _reopen_confirmations(c)
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_RECORD,
        obj=c,
        summary=str(c),
        questions=sorted(new_answers),
        reopened=changed and c.status == ConversationStatus.HELD,
    )
    return c


@transaction.atomic
def career_save(
    *,
    conversation: Conversation,
    confidentiality_addressed: bool,
    curiosity_points: str,
    expected_version: int,
    by: User,
) -> Conversation:
    """The participant's notes for the career conversation (seed 002 §4): that the
    confidentiality was addressed, and the angles they are especially curious about (shown to
    the host and in the letter). Raises ValidationError for another kind or a closed record,
    ConcurrentEditError (code "stale") when `expected_version` is not the conversation's
    version any more."""
    c = lock_version(conversation, expected_version)
    if c.kind != ConversationKind.CAREER:
        raise ValidationError(_("Kun karrieresamtalen har disse felter."), code="kind")
    _require_status(c, ConversationStatus.PLANNED, ConversationStatus.HELD)
    c.confidentiality_addressed = confidentiality_addressed
    c.curiosity_points = curiosity_points.strip()
    _save(c, "confidentiality_addressed", "curiosity_points")
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_CAREER,
        obj=c,
        summary=str(c),
        confidentiality_addressed=confidentiality_addressed,
    )
    return c


# --- agreed actions -------------------------------------------------------------------------


@transaction.atomic
def action_add(
    *,
    conversation: Conversation,
    text: str,
    owner: Person,
    due_on: dt.date | None,
    by: User,
) -> AgreedAction:
    """Add an agreed action (*aftale*) with `owner` (an attendee) and optional due date, and
    schedule its due-date reminder. Raises ValidationError (Danish) on blank text, an owner who
    does not attend, or a closed record. Appends, so it takes no version; it bumps the
    conversation's, since the record the attendees confirm has changed."""
    c = _lock_row(conversation)
    _require_status(c, ConversationStatus.PLANNED, ConversationStatus.HELD)
    if not text.strip():
        raise ValidationError({"text": _("Skriv, hvad I har aftalt.")})
    if not c.attendees.filter(person=owner).exists():
        raise ValidationError({"owner": _("Den ansvarlige skal være en af samtalens deltagere.")})
    action = AgreedAction.objects.create(
        conversation=c, text=text.strip(), owner=owner, due_on=due_on
    )
    c.version += 1
    _save(c)
    _reopen_confirmations(c)
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_ACTION_ADD,
        obj=c,
        summary=action.text[:200],
        action_id=action.pk,
        owner=owner.pk,
        due_on=due_on.isoformat() if due_on else None,
    )
    tasks.action_reminder_schedule(action)
    return action


@transaction.atomic
def action_move(*, action: AgreedAction, due_on: dt.date | None, by: User) -> AgreedAction:
    """Move an open action's due date and re-schedule its reminder. Raises ValidationError if
    the action is done or the record closed."""
    c = _lock_row(action.conversation)
    _require_status(c, ConversationStatus.PLANNED, ConversationStatus.HELD)
    action = AgreedAction.objects.select_for_update().get(pk=action.pk)
    if action.done_at is not None:
        raise ValidationError(_("Aftalen er allerede udført."), code="done")
    old = action.due_on
    action.due_on = due_on
    action.save(update_fields=["due_on", "updated_at"])
    _reopen_confirmations(c)
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_ACTION_MOVE,
        obj=c,
        summary=action.text[:200],
        action_id=action.pk,
        old=old.isoformat() if old else None,
        new=due_on.isoformat() if due_on else None,
    )
    tasks.action_reminder_schedule(action)
    return action


@transaction.atomic
def action_complete(*, action: AgreedAction, by: User) -> AgreedAction:
    """Mark an action done (allowed also after the conversation is signed: following up on
    what was agreed is not an edit of the record). Raises ValidationError if already done or
    the conversation is cancelled."""
    action = (
        AgreedAction.objects.select_for_update().select_related("conversation").get(pk=action.pk)
    )
    if action.conversation.status == ConversationStatus.CANCELLED:
        raise ValidationError(_("Samtalen er aflyst."), code="cancelled")
    if action.done_at is not None:
        raise ValidationError(_("Aftalen er allerede udført."), code="done")
    action.done_at = timezone.now()
    action.save(update_fields=["done_at", "updated_at"])
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_ACTION_DONE,
        obj=action.conversation,
        summary=action.text[:200],
        action_id=action.pk,
    )
    return action


# --- held → signed --------------------------------------------------------------------------


@transaction.atomic
def conversation_mark_held(
    *, conversation: Conversation, expected_version: int, by: User
) -> Conversation:
    """planned → held (the record may still be edited until everyone has confirmed); returns
    the saved conversation. Raises ValidationError in another status or before the
    conversation has started, ConcurrentEditError (code "stale") when `expected_version` is not
    the conversation's version any more."""
    c = lock_version(conversation, expected_version)
    _require_status(c, ConversationStatus.PLANNED)
    if c.starts_at > timezone.now():
        raise ValidationError(
            _("Samtalen kan først markeres som afholdt, når den er begyndt."), code="early"
        )
    c.status = ConversationStatus.HELD
    c.held_at = timezone.now()
    _save(c, "status", "held_at")
    audit_record(actor=by, action=ConversationAction.CONVERSATION_HELD, obj=c, summary=str(c))
    return c


def record_is_empty(conversation: Conversation) -> bool:
    """True when the shared record has neither an answer nor notes (nothing to confirm)."""
    return not conversation.answers and not conversation.notes.strip()


@transaction.atomic
def conversation_confirm(
    *,
    conversation: Conversation,
    attendee: ConversationAttendee,
    expected_version: int,
    by: User,
) -> Conversation:
    """`attendee` confirms the record of a held conversation; when every attendee has
    confirmed, it becomes signed (no edits after that). Returns the conversation as saved.

    `expected_version`: the version the page was loaded with; the record confirmed is the one
    the attendee saw (ConcurrentEditError, code "stale", when it changed since). Only the last
    confirmation, which signs the record, bumps the version, so attendees confirming from the
    same page never refuse each other. Raises ValidationError unless held, when the record is
    empty (`record_is_empty`, code "empty") or when already confirmed."""
    c = lock_version(conversation, expected_version)
    _require_status(c, ConversationStatus.HELD)
    if record_is_empty(c):
        raise ValidationError(
            _("Referatet er tomt. Skriv referatet, før det kan bekræftes."), code="empty"
        )
    attendee = ConversationAttendee.objects.select_for_update().get(pk=attendee.pk)
    if attendee.conversation_id != c.pk:
        raise ValidationError(_("Du deltager ikke i samtalen."), code="attendee")
    if attendee.confirmed_at is not None:
        raise ValidationError(_("Du har allerede bekræftet referatet."), code="confirmed")
    now = timezone.now()
    attendee.confirmed_at = now
    attendee.save(update_fields=["confirmed_at", "updated_at"])
    all_confirmed = not c.attendees.filter(confirmed_at__isnull=True).exists()
    if all_confirmed:
        c.status = ConversationStatus.SIGNED
        c.signed_at = now
        _save(c, "status", "signed_at")
    else:
        c.version = expected_version  # not saved: a confirmation alone does not bump it
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_CONFIRM,
        obj=c,
        summary=str(attendee),
        signed=all_confirmed,
    )
    return c


# --- templates ------------------------------------------------------------------------------


@transaction.atomic
def template_version_create(
    *,
    template: ConversationTemplate,
    questions: list[dict[str, str]],
    note: str,
    expected_version: int,
    by: User,
) -> TemplateVersion:
    """A consultant's edit of `template`'s questions: version n+1. `questions`: rows of
    {"id": "" for a new question, "section", "text"} in order. A question whose text is not
    the seed's (changed or new) is marked editable (`from_seed` False). Conversations already
    planned keep their version. `expected_version`: the template's `version` when the editor
    was loaded. Raises ValidationError on no questions or a blank text, ConcurrentEditError
    (code "stale") when someone made a version since."""
    template = lock_version(template, expected_version)
    newest = template.newest_version()
    old = {q["id"]: q for q in (newest.questions if newest else [])}
    used = set(old)
    result = []
    for row in questions:
        text = (row.get("text") or "").strip()
        if not text:
            raise ValidationError(_("Et spørgsmål mangler tekst."), code="blank")
        qid = row.get("id") or ""
        if qid not in old:
            n = len(used) + 1
            while f"q{n}" in used:
                n += 1
            qid = f"q{n}"
            used.add(qid)
        before = old.get(qid)
        from_seed = bool(before and before.get("from_seed") and before["text"] == text)
        result.append(
            {
                "id": qid,
                "section": (row.get("section") or "").strip(),
                "text": text,
                "from_seed": from_seed,
            }
        )
    if not result:
        raise ValidationError(_("En skabelon skal have mindst ét spørgsmål."), code="empty")
    if len({q["id"] for q in result}) != len(result):
        raise ValidationError(_("Et spørgsmål står to gange."), code="duplicate")
    version = TemplateVersion.objects.create(
        template=template,
        number=(newest.number + 1) if newest else 1,
        questions=result,
        note=note.strip() or _("Redigeret"),
        created_by=person_for_user(by),
    )
    template.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by,
        action=ConversationAction.CONVERSATION_TEMPLATE_VERSION,
        obj=template,
        summary=f"{template.name} v{version.number}",
        note=version.note,
    )
    return version
