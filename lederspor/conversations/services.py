"""Writes for conversations (issue #3 §1). One transaction and one audit row per change.

CONTRACT used by other apps (clarification: JTI feedback booking; trainee: personality-test
feedback; the demo): `conversation_plan` below. Its signature is fixed.

Every write that takes `expected_version` refuses with `ConcurrentEditError` (nothing written)
when the conversation changed since the form was loaded; the view answers 409 and shows the
typed text again.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations import calendar, tasks
from lederspor.conversations.models import (
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationTemplate,
    TemplateVersion,
)
from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment

#: kinds whose start must pass the trainee prerequisite (seed 003)
TRAINEE_START_KINDS = {ConversationKind.START_PART1, ConversationKind.START_PART2}


class ConcurrentEditError(ValidationError):
    """The conversation changed since the form was loaded (optimistic locking on `version`)."""


def person_of(user: User | None) -> Person | None:
    """The `Person` of login `user`, or None (technical accounts)."""
    if user is None or not getattr(user, "pk", None):
        return None
    return Person.objects.filter(user=user).first()


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
    return template.versions.order_by("-number").first()


def validate_times(starts_at: dt.datetime | None, ends_at: dt.datetime | None) -> None:
    """Raise ValidationError (Danish) unless both times are given and `starts_at < ends_at`."""
    if starts_at is None or ends_at is None:
        raise ValidationError(_("Angiv både start- og sluttidspunkt."), code="times")
    if starts_at >= ends_at:
        raise ValidationError(_("Samtalen skal slutte efter, at den starter."), code="times")
    if ends_at - starts_at > dt.timedelta(hours=12):
        raise ValidationError(_("En samtale kan højst vare 12 timer."), code="times")


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
            if person.manager_id is None:
                raise ValidationError(
                    _("Deltageren har ingen nærmeste leder registreret."), code="leader"
                )
            result.append((person.manager, role))
        elif role == AttendeeRole.CONSULTANT:
            consultant = enrolment.cohort.consultants.order_by("pk").first()
            if consultant is None:
                me = person_of(by)
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
    (`trainee.prerequisites.start_conversation_check`). Times are aware datetimes.
    """
    from lederspor.trainee.prerequisites import start_conversation_check

    version = newest_version(kind)
    template = version.template
    validate_times(starts_at, ends_at)
    if kind == ConversationKind.TASK_FOLLOWUP:
        if task_assignment is None or task_assignment.enrolment_id != enrolment.pk:
            raise ValidationError(_("Vælg den praksisopgave, samtalen følger op på."), code="task")
    elif template.programme_kind and template.programme_kind != enrolment.cohort.programme.kind:
        raise ValidationError(_("Denne samtale hører ikke til deltagerens forløb."), code="kind")
    if kind in TRAINEE_START_KINDS:
        start_conversation_check(enrolment)
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
        organiser=person_of(by),
    )
    conversation.full_clean()
    conversation.save()
    ConversationAttendee.objects.bulk_create(
        ConversationAttendee(conversation=conversation, person=person, role=role)
        for person, role in attendees
    )
    audit_record(
        actor=by,
        action="conversation.plan",
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
