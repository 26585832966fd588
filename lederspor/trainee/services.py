"""Writes for the trainee programme (seed 003). One transaction and one audit row per change;
`version` on the personality test and the outcome refuses a concurrent edit (409).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lederspor.conversations.models import Conversation, ConversationKind
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes import services as programme_services
from lederspor.programmes.models import Cohort, Enrolment, Phase, ProgrammeKind, Session
from lederspor.trainee.audit import TraineeAction
from lederspor.trainee.models import (
    EffectAnswer,
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


#: lazy: a module-level gettext would be translated once, at import, in the default language
STALE = gettext_lazy(
    "%(what)s er ændret af en anden, siden du åbnede siden. Dine indtastninger er bevaret "
    "herunder: genindlæs siden og indsæt dem igen."
)


def _require_trainee(enrolment: Enrolment) -> None:
    if enrolment.cohort.programme.kind != ProgrammeKind.TRAINEE:
        raise ValidationError(_("Deltagelsen er ikke på et ledertraineeforløb."))


@transaction.atomic
def personality_test_save(
    *,
    enrolment: Enrolment,
    taken_on: dt.date,
    feedback_given_on: dt.date | None,
    feedback_by: Person | None,
    note: str = "",
    conversation: Conversation | None = None,
    expected_version: int | None,
    recorded_by: Person | None,
    by: User,
) -> PersonalityTest:
    """Record (or correct) a trainee's personality test and the HR consultant's feedback.

    `expected_version`: the `version` the form was loaded with (None when creating). Raises
    ValidationError (Danish, per field where possible) if the enrolment is not a trainee's, a
    date is in the future, the feedback is before the test, feedback has no consultant (or the
    consultant is not one of the cohort's), or the conversation is not this trainee's
    personality-feedback conversation; ConcurrentEditError if someone saved in between.
    """
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
    test = PersonalityTest.objects.select_for_update().filter(enrolment=enrolment).first()
    if test is not None and test.version != expected_version:
        raise ConcurrentEditError(STALE % {"what": _("Persontesten")}, code="stale")
    created = test is None
    if test is None:
        test = PersonalityTest(enrolment=enrolment, taken_on=taken_on)
    else:
        test.version += 1
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
        summary=str(enrolment.person),
        taken_on=taken_on.isoformat(),
        feedback_given_on=feedback_given_on.isoformat() if feedback_given_on else None,
    )
    return test


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


@transaction.atomic
def outcome_save(
    *,
    enrolment: Enrolment,
    outcome: str,
    note: str,
    expected_version: int | None,
    recorded_by: Person | None,
    by: User,
) -> TraineeOutcome:
    """Record the outcome (seed 003: "Ledertrainee i lederjob / ’lederparat’ ledertrainee.").

    `outcome`: an `Outcome` value. `expected_version`: the version the form was loaded with
    (None when none existed). Raises ValidationError on an unknown outcome or another
    programme, ConcurrentEditError if someone saved in between.
    """
    _require_trainee(enrolment)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Vælg et resultat.")})
    row = TraineeOutcome.objects.select_for_update().filter(enrolment=enrolment).first()
    if row is not None and row.version != expected_version:
        raise ConcurrentEditError(STALE % {"what": _("Resultatet")}, code="stale")
    if row is None:
        row = TraineeOutcome(enrolment=enrolment)
        old = ""
    else:
        row.version += 1
        old = row.outcome
    row.outcome = outcome
    row.note = note.strip()
    row.recorded_by = recorded_by
    row.recorded_at = timezone.now()
    row.save()
    audit_record(
        actor=by,
        action=TraineeAction.OUTCOME_SET,
        obj=row,
        summary=str(enrolment.person),
        old=old,
        new=outcome,
    )
    return row


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
