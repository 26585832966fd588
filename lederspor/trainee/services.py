"""Writes for the trainee programme (seed 003). One transaction and one audit row per change.

The personality test and the outcome are written once by a create (which refuses as stale when
the row appeared since the page was loaded) and changed by an update that requires the version
the page was loaded with (`core.concurrency.lock_version`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes import services as programme_services
from lederspor.programmes.models import Cohort, Enrolment, Phase, ProgrammeKind, Session
from lederspor.trainee.audit import TraineeAction
from lederspor.trainee.models import (
    OUTCOME_EFFECT,
    CohortOptions,
    EffectAnswer,
    JointMeetingStatus,
    JointStartMeeting,
    Outcome,
    PersonalityTest,
    Rating,
    Respondent,
    TraineeOutcome,
)

#: seed 003, word for word: the focus of the joint take-off event
TAKE_OFF_INTRO = (
    "Der afholdes et fælles take-off-arrangement på tværs af magistratsafdelingerne med fokus på:"
)
TAKE_OFF_FOCUS = [
    "Hvad har I brug for nu?",
    "Vejledning til lederansøgningen",
    "Netværk mellem ledertrainees på tværs af kommunen.",
]
TAKE_OFF_TEXT = TAKE_OFF_INTRO + "\n" + "\n".join(f"• {line}" for line in TAKE_OFF_FOCUS)
TAKE_OFF_THEME = "Take-off-arrangement"


def _require_trainee(enrolment: Enrolment) -> None:
    if enrolment.cohort.programme.kind != ProgrammeKind.TRAINEE:
        raise ValidationError(_("Deltagelsen er ikke på et ledertraineeforløb."))


def _check_personality_test(
    *,
    enrolment: Enrolment,
    taken_on: dt.date,
    feedback_given_on: dt.date | None,
    feedback_by: Person | None,
    conversation: Conversation | None,
) -> None:
    """The rules of a personality test record; raises ValidationError (per field)."""
    _require_trainee(enrolment)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if taken_on > today:
        errors.setdefault("taken_on", []).append(_("Datoen for persontesten ligger i fremtiden."))
    if feedback_given_on is not None:
        if feedback_given_on > today:
            errors.setdefault("feedback_given_on", []).append(
                _("Datoen for feedbacken ligger i fremtiden.")
            )
        elif feedback_given_on < taken_on:
            errors.setdefault("feedback_given_on", []).append(
                _("Feedbacken kan ikke være givet før persontesten blev taget.")
            )
        if feedback_by is None:
            errors.setdefault("feedback_by", []).append(
                _("Vælg den HR-konsulent, der gav feedbacken.")
            )
    elif feedback_by is not None:
        errors.setdefault("feedback_given_on", []).append(
            _("Angiv datoen for feedbacken, eller fjern HR-konsulenten.")
        )
    if (
        feedback_by is not None
        and not enrolment.cohort.consultants.filter(pk=feedback_by.pk).exists()
    ):
        errors.setdefault("feedback_by", []).append(
            _("Feedbacken gives af en af holdets HR-konsulenter.")
        )
    if conversation is not None and (
        conversation.enrolment_id != enrolment.pk
        or conversation.kind != ConversationKind.PERSONALITY_FEEDBACK
    ):
        errors.setdefault("conversation", []).append(
            _("Samtalen er ikke ledertraineens feedbacksamtale om persontesten.")
        )
    if errors:
        raise ValidationError(errors)


def _write_personality_test(
    test: PersonalityTest,
    *,
    created: bool,
    taken_on: dt.date,
    feedback_given_on: dt.date | None,
    feedback_by: Person | None,
    note: str,
    conversation: Conversation | None,
    recorded_by: Person | None,
    by: User,
) -> PersonalityTest:
    test.taken_on = taken_on
    test.feedback_given_on = feedback_given_on
    test.feedback_by = feedback_by
    test.note = note.strip()
    test.conversation = conversation
    test.recorded_by = recorded_by
    test.full_clean(exclude=["enrolment"])
    test.save()
    audit_record(
        actor=by,
        action=TraineeAction.PERSONALITY_TEST_CREATE
        if created
        else TraineeAction.PERSONALITY_TEST_UPDATE,
        obj=test,
        summary=str(test.enrolment.person),
        taken_on=taken_on.isoformat(),
        feedback_given_on=feedback_given_on.isoformat() if feedback_given_on else None,
    )
    return test


@transaction.atomic
def personality_test_create(
    *,
    enrolment: Enrolment,
    taken_on: dt.date,
    feedback_given_on: dt.date | None,
    feedback_by: Person | None,
    note: str = "",
    conversation: Conversation | None = None,
    recorded_by: Person | None,
    by: User,
) -> PersonalityTest:
    """Record a trainee's personality test and, if given, the HR consultant's feedback.

    Raises ValidationError (Danish, per field where possible) if the enrolment is not a
    trainee's, a date is in the future, the feedback is before the test, feedback has no
    consultant (or the consultant is not one of the cohort's), or the conversation is not this
    trainee's personality-feedback conversation; the test's ConcurrentEditError (code "stale")
    when someone recorded it since the page was loaded (correct it with
    `personality_test_update`).
    """
    _check_personality_test(
        enrolment=enrolment,
        taken_on=taken_on,
        feedback_given_on=feedback_given_on,
        feedback_by=feedback_by,
        conversation=conversation,
    )
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    if PersonalityTest.objects.filter(enrolment=enrolment).exists():
        raise PersonalityTest.stale_error()
    return _write_personality_test(
        PersonalityTest(enrolment=enrolment),
        created=True,
        taken_on=taken_on,
        feedback_given_on=feedback_given_on,
        feedback_by=feedback_by,
        note=note,
        conversation=conversation,
        recorded_by=recorded_by,
        by=by,
    )


@transaction.atomic
def personality_test_update(
    *,
    test: PersonalityTest,
    expected_version: int,
    taken_on: dt.date,
    feedback_given_on: dt.date | None,
    feedback_by: Person | None,
    note: str = "",
    conversation: Conversation | None = None,
    recorded_by: Person | None,
    by: User,
) -> PersonalityTest:
    """Correct a recorded personality test, or add the feedback to it; returns the saved test
    (a fresh copy of the row).

    `expected_version`: the test's `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError as
    `personality_test_create`.
    """
    locked = lock_version(test, expected_version)
    _check_personality_test(
        enrolment=locked.enrolment,
        taken_on=taken_on,
        feedback_given_on=feedback_given_on,
        feedback_by=feedback_by,
        conversation=conversation,
    )
    return _write_personality_test(
        locked,
        created=False,
        taken_on=taken_on,
        feedback_given_on=feedback_given_on,
        feedback_by=feedback_by,
        note=note,
        conversation=conversation,
        recorded_by=recorded_by,
        by=by,
    )


def _reached_orders(enrolment: Enrolment) -> set[int]:
    from lederspor.trainee.selectors import held_kinds, phases_reached

    phases = list(Phase.objects.filter(programme_id=enrolment.cohort.programme_id))
    held = held_kinds(Conversation.objects.filter(enrolment=enrolment).only("kind", "status"))
    reached = phases_reached(
        enrolment=enrolment, phases=phases, held=held, today=timezone.localdate()
    )
    return {p.order for p in reached}


@transaction.atomic
def effect_answers_save(
    *,
    enrolment: Enrolment,
    respondent: str,
    answers: list[dict[str, Any]],
    person: Person | None,
    by: User,
) -> list[EffectAnswer]:
    """Save one respondent's answers to the effects of the phases reached (seed 003, "Effekt:").

    `respondent`: a `Respondent` value. `answers`: [{"phase": Phase, "effect_index": int,
    "rating": 1–5, "comment": str}]; an answer overwrites the respondent's earlier one. Raises
    ValidationError if the enrolment is not a trainee's, the phase is another programme's or not
    reached yet, the effect number or rating is out of range, or no answer was given.
    """
    _require_trainee(enrolment)
    if respondent not in Respondent.values:
        raise ValidationError(_("Ukendt besvarer."))
    if not answers:
        raise ValidationError(_("Vælg en vurdering for mindst én effekt."))
    reached = _reached_orders(enrolment)
    saved = []
    for answer in answers:
        phase: Phase = answer["phase"]
        index = int(answer["effect_index"])
        rating = int(answer["rating"])
        if phase.programme_id != enrolment.cohort.programme_id:
            raise ValidationError(_("Fasen hører ikke til forløbet."))
        if phase.order not in reached:
            raise ValidationError(
                _("Fasen “%(phase)s” er ikke nået endnu.") % {"phase": phase.name}
            )
        if not 0 <= index < len(phase.effects):
            raise ValidationError(_("Ukendt effekt."))
        if phase.effects[index].strip() == OUTCOME_EFFECT:
            raise ValidationError(
                _(
                    "“I lederjob / lederparat” er et resultat, ikke en vurdering fra 1 til 5. "
                    "Registrér det som forløbets resultat."
                )
            )
        if rating not in Rating.values:
            raise ValidationError(_("Vurderingen skal være fra 1 til 5."))
        row, _created = EffectAnswer.objects.update_or_create(
            enrolment=enrolment,
            phase=phase,
            effect_index=index,
            respondent=respondent,
            defaults={
                "effect_text": phase.effects[index],
                "rating": rating,
                "comment": str(answer.get("comment", "")).strip(),
                "answered_by": person,
            },
        )
        saved.append(row)
    audit_record(
        actor=by,
        action=TraineeAction.EFFECTS_ANSWER,
        obj=enrolment,
        summary=str(enrolment.person),
        respondent=respondent,
        count=len(saved),
    )
    return saved


#: how far ahead an outcome's date may lie (days): a leader job signed for next month
OUTCOME_DATE_AHEAD_DAYS = 366


def _write_outcome(
    row: TraineeOutcome,
    *,
    outcome: str,
    decided_on: dt.date | None,
    note: str,
    recorded_by: Person | None,
    by: User,
) -> TraineeOutcome:
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Vælg et resultat.")
    today = timezone.localdate()
    decided_on = decided_on or today
    cohort = row.enrolment.cohort
    if decided_on < cohort.starts_on:
        errors["decided_on"] = _("Datoen ligger før holdets start (%(start)s).") % {
            "start": date_format(cohort.starts_on)
        }
    elif decided_on > today + dt.timedelta(days=OUTCOME_DATE_AHEAD_DAYS):
        errors["decided_on"] = _("Datoen ligger mere end et år ude i fremtiden.")
    if errors:
        raise ValidationError(errors)
    old = row.outcome
    row.outcome = outcome
    row.decided_on = decided_on
    row.note = note.strip()
    row.recorded_by = recorded_by
    row.recorded_at = timezone.now()
    row.save()
    audit_record(
        actor=by,
        action=TraineeAction.OUTCOME_SET,
        obj=row,
        summary=str(row.enrolment.person),
        old=old,
        new=outcome,
        decided_on=decided_on.isoformat(),
    )
    return row


@transaction.atomic
def outcome_create(
    *,
    enrolment: Enrolment,
    outcome: str,
    note: str,
    recorded_by: Person | None,
    by: User,
    decided_on: dt.date | None = None,
) -> TraineeOutcome:
    """Record the outcome (seed 003: "Ledertrainee i lederjob / ’lederparat’ ledertrainee."): a
    choice with a date and a note, never a 1–5 rating (issue #14 §1).

    `outcome`: an `Outcome` value. `decided_on`: the date it holds from (None: today); not
    before the cohort's start, at most `OUTCOME_DATE_AHEAD_DAYS` ahead. Raises ValidationError
    (per field) on an unknown outcome, a date out of range or another programme, the outcome's
    ConcurrentEditError (code "stale") when someone recorded one since the page was loaded
    (change it with `outcome_update`).
    """
    _require_trainee(enrolment)
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    if TraineeOutcome.objects.filter(enrolment=enrolment).exists():
        raise TraineeOutcome.stale_error()
    return _write_outcome(
        TraineeOutcome(enrolment=enrolment),
        outcome=outcome,
        decided_on=decided_on,
        note=note,
        recorded_by=recorded_by,
        by=by,
    )


@transaction.atomic
def outcome_update(
    *,
    trainee_outcome: TraineeOutcome,
    expected_version: int,
    outcome: str,
    note: str,
    recorded_by: Person | None,
    by: User,
    decided_on: dt.date | None = None,
) -> TraineeOutcome:
    """Change a recorded outcome; returns the saved row (a fresh copy).

    `expected_version`: the row's `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError as
    `outcome_create`.
    """
    locked = lock_version(trainee_outcome, expected_version)
    return _write_outcome(
        locked,
        outcome=outcome,
        decided_on=decided_on,
        note=note,
        recorded_by=recorded_by,
        by=by,
    )


def take_off_create(
    *,
    cohort: Cohort,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    by: User,
) -> Session:
    """Create the joint take-off event (seed 003) as a session of kind take_off on a trainee
    cohort, with the seed's focus word for word as its description; everyone on the cohort gets
    the calendar invitation (`programmes.services.session_create`). Raises ValidationError for
    another programme, bad times or times outside the cohort's period."""
    if cohort.programme.kind != ProgrammeKind.TRAINEE:
        raise ValidationError(_("Take-off-arrangementet hører til ledertraineeforløbet."))
    return programme_services.session_create(
        cohort=cohort,
        kind=Session.Kind.TAKE_OFF,
        theme=TAKE_OFF_THEME,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        description=TAKE_OFF_TEXT,
        by=by,
    )


# --- start part 1 as one joint meeting (seed 003) ------------------------------------------------

#: seed 003, start part 1, word for word: the choice this section implements
JOINT_START_SEED_TEXT = (
    "Denne samtale kan i stedet være et fælles møde for alle ledertrainees og deres ledere i "
    "magistratsafdelingen."
)


def _require_trainee_cohort(cohort: Cohort) -> None:
    if cohort.programme.kind != ProgrammeKind.TRAINEE:
        raise ValidationError(_("Holdet er ikke et ledertraineehold."))


@transaction.atomic
def cohort_options_set(*, cohort: Cohort, joint_start_part1: bool, by: User) -> CohortOptions:
    """Choose whether start part 1 is one joint meeting for all the cohort's trainees and their
    leaders (seed 003: `JOINT_START_SEED_TEXT`). Only the cohort's consultants choose (the view
    checks). Raises ValidationError for another programme, or when turning the choice off while
    the joint meeting is planned (it holds the trainees' start part 1 records)."""
    _require_trainee_cohort(cohort)
    options, _created = CohortOptions.objects.select_for_update().get_or_create(cohort=cohort)
    if not joint_start_part1 and JointStartMeeting.objects.filter(cohort=cohort).exists():
        raise ValidationError(
            _(
                "Det fælles opstartsmøde er allerede planlagt, og ledertraineernes første del af "
                "opstartssamtalen hører til det. Valget kan ikke slås fra."
            )
        )
    if options.joint_start_part1 != joint_start_part1:
        options.joint_start_part1 = joint_start_part1
        options.save(update_fields=["joint_start_part1", "updated_at"])
        audit_record(
            actor=by,
            action=TraineeAction.OPTIONS_SET,
            obj=options,
            summary=str(cohort),
            joint_start_part1=joint_start_part1,
        )
    return options


def joint_start_chosen(cohort: Cohort) -> bool:
    """True when the cohort's consultant chose start part 1 as one joint meeting (1 query)."""
    return CohortOptions.objects.filter(cohort=cohort, joint_start_part1=True).exists()


@transaction.atomic
def joint_start_meeting_plan(
    *,
    cohort: Cohort,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    by: User,
) -> JointStartMeeting:
    """Plan start part 1 as one joint meeting for the cohort's trainees and their leaders
    (seed 003: `JOINT_START_SEED_TEXT`), instead of one conversation per trainee.

    Creates the meeting and, for every seated trainee without a start part 1 (not cancelled)
    who meets the prerequisite (seed 003: the personality test with feedback "forinden
    samtalen"; `selectors.joint_start_candidates`), a start part 1 record (`Conversation`, `is_joint_meeting`) at the meeting's time and place,
    linked to the meeting, attended by the trainee, their nearest leader (when registered) and
    the HR consultant (the planner when they consult the cohort, else its first consultant).
    One invitation (.ics) goes to all of them (`trainee.calendar.joint_start_invite`); the
    records get no invitations of their own.

    Raises ValidationError (Danish) for another programme, when the consultant has not chosen
    the joint meeting (`cohort_options_set`), when it is already planned, on bad times or a
    start outside the cohort's window, when the cohort has no consultant, or when no trainee
    is left without a start part 1.
    """
    from lederspor.conversations.audit import ConversationAction
    from lederspor.conversations.models import AttendeeRole, ConversationAttendee
    from lederspor.conversations.services import (
        newest_version,
        validate_in_cohort_window,
        validate_times,
    )
    from lederspor.people.roles import person_for_user
    from lederspor.trainee.calendar import joint_start_invite
    from lederspor.trainee.selectors import joint_start_candidates

    _require_trainee_cohort(cohort)
    locked = CohortOptions.objects.select_for_update().filter(cohort=cohort).first()
    if locked is None or not locked.joint_start_part1:
        raise ValidationError(
            _("Vælg først, at opstartssamtalens første del holdes som fælles møde.")
        )
    if JointStartMeeting.objects.filter(cohort=cohort).exists():
        raise ValidationError(_("Det fælles opstartsmøde er allerede planlagt."))
    validate_times(starts_at, ends_at)
    me = person_for_user(by)
    consultant = (
        me
        if me is not None and cohort.consultants.filter(pk=me.pk).exists()
        else cohort.consultants.order_by("pk").first()
    )
    if consultant is None:
        raise ValidationError(
            _("Holdet har ingen HR-konsulent. Tilføj en konsulent til holdet først.")
        )
    trainees = [
        e
        for e in joint_start_candidates(cohort).select_related("cohort__programme")
        if getattr(e, "prerequisite_met", False)
    ]
    if not trainees:
        raise ValidationError(
            _(
                "Ingen af holdets ledertrainees mangler første del af opstartssamtalen og "
                "opfylder forudsætningen (persontest med feedback eller Leder på spring)."
            )
        )
    validate_in_cohort_window(trainees[0], starts_at)
    meeting = JointStartMeeting(
        cohort=cohort, starts_at=starts_at, ends_at=ends_at, place=place.strip()
    )
    meeting.full_clean()
    meeting.save()
    version = newest_version(ConversationKind.START_PART1)
    records = []
    for enrolment in trainees:
        record = Conversation.objects.create(
            enrolment=enrolment,
            template_version=version,
            kind=ConversationKind.START_PART1,
            starts_at=starts_at,
            ends_at=ends_at,
            place=meeting.place,
            is_joint_meeting=True,
            organiser=me,
        )
        attendees = [(enrolment.person, AttendeeRole.PARTICIPANT)]
        manager = enrolment.person.manager
        if manager is not None and manager.pk not in (enrolment.person_id, consultant.pk):
            attendees.append((manager, AttendeeRole.LEADER))
        attendees.append((consultant, AttendeeRole.CONSULTANT))
        ConversationAttendee.objects.bulk_create(
            ConversationAttendee(conversation=record, person=person, role=role)
            for person, role in attendees
        )
        audit_record(
            actor=by,
            action=ConversationAction.CONVERSATION_PLAN,
            obj=record,
            summary=f"{version.template.name}: {enrolment.person}",
            kind=ConversationKind.START_PART1,
            version=version.number,
            starts_at=starts_at.isoformat(),
            attendees=[[p.pk, r] for p, r in attendees],
            joint_meeting=meeting.pk,
        )
        records.append(record)
    meeting.conversations.set(records)
    audit_record(
        actor=by,
        action=TraineeAction.JOINT_START_PLAN,
        obj=meeting,
        summary=str(cohort),
        starts_at=starts_at.isoformat(),
        conversations=[r.pk for r in records],
    )
    joint_start_invite(meeting)
    return meeting


@transaction.atomic
def joint_start_meeting_held(*, meeting: JointStartMeeting, by: User) -> JointStartMeeting:
    """Mark the joint meeting held: every linked start part 1 record that is still planned is
    marked held with it (`conversations.services.conversation_mark_held`), so each trainee's
    part 1 counts as held. Returns the saved meeting. Raises ValidationError when the meeting is
    already held or has not started yet."""
    from lederspor.conversations.services import conversation_mark_held

    locked = JointStartMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.status != JointMeetingStatus.PLANNED:
        raise ValidationError(_("Det fælles opstartsmøde er allerede markeret som afholdt."))
    if locked.starts_at > timezone.now():
        raise ValidationError(
            _("Mødet kan først markeres som afholdt, når det er begyndt."), code="early"
        )
    marked = []
    for record in locked.conversations.filter(status=ConversationStatus.PLANNED).order_by("pk"):
        conversation_mark_held(conversation=record, expected_version=record.version, by=by)
        marked.append(record.pk)
    locked.status = JointMeetingStatus.HELD
    locked.held_at = timezone.now()
    locked.save(update_fields=["status", "held_at", "updated_at"])
    audit_record(
        actor=by,
        action=TraineeAction.JOINT_START_HELD,
        obj=locked,
        summary=str(locked.cohort),
        conversations=marked,
    )
    return locked


def joint_start_planning_check(enrolment: Enrolment) -> None:
    """The planning check for start part 1 (`conversations.extensions.planning_checks`): when
    the cohort's consultant chose one joint meeting and has not planned it yet, a trainee's own
    start part 1 is not planned (the joint meeting will hold it). Once the meeting is planned,
    a trainee it left out (enrolled later, or without the prerequisite then) has their own.
    Raises ValidationError (Danish, code "joint"). 1 query."""
    if enrolment.cohort.programme.kind != ProgrammeKind.TRAINEE:
        return
    waiting = CohortOptions.objects.filter(
        cohort_id=enrolment.cohort_id, joint_start_part1=True
    ).exclude(cohort__joint_start_meeting__isnull=False)
    if waiting.exists():
        raise ValidationError(
            _(
                "Holdet holder opstartssamtalens første del som ét fælles møde for alle "
                "ledertrainees og deres ledere. HR-konsulenten planlægger mødet for hele holdet."
            ),
            code="joint",
        )
