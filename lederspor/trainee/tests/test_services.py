"""Writes of the trainee programme: personality test, effect answers, outcome, take-off."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from lederspor.conversations.models import ConversationKind, ConversationStatus
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.models import AuditEvent
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Phase, Session
from lederspor.trainee import services
from lederspor.trainee.models import EffectAnswer, PersonalityTest, TraineeOutcome

TODAY = timezone.localdate


def save_test(cast, enrolment, *, expected_version=None, **overrides):
    """Record the enrolment's test, or correct it from `expected_version` when given."""
    fields = {
        "taken_on": TODAY() - dt.timedelta(days=10),
        "feedback_given_on": TODAY() - dt.timedelta(days=3),
        "feedback_by": cast.consultant,
        "recorded_by": cast.consultant,
        "by": cast.consultant.user,
    }
    fields.update(overrides)
    if expected_version is None:
        return services.personality_test_create(enrolment=enrolment, **fields)
    return services.personality_test_update(
        test=PersonalityTest.objects.get(enrolment=enrolment),
        expected_version=expected_version,
        **fields,
    )


# --- personality test ----------------------------------------------------------------------


def test_recording_the_test_and_feedback(cast, enrolment):
    test = save_test(cast, enrolment, note="Drøftet styrker")
    assert test.has_feedback and test.version == 1 and test.note == "Drøftet styrker"
    assert AuditEvent.objects.filter(action="trainee.personality_test.create").count() == 1
    again = save_test(cast, enrolment, expected_version=1, feedback_given_on=None, feedback_by=None)
    assert again.version == 2 and not again.has_feedback


@pytest.mark.parametrize(
    "overrides,field",
    [
        (
            {
                "taken_on": TODAY() + dt.timedelta(days=1),
                "feedback_given_on": None,
                "feedback_by": None,
            },
            "taken_on",
        ),
        ({"feedback_given_on": TODAY() - dt.timedelta(days=20)}, "feedback_given_on"),
        ({"feedback_given_on": TODAY() + dt.timedelta(days=2)}, "feedback_given_on"),
        ({"feedback_by": None}, "feedback_by"),
        ({"feedback_given_on": None}, "feedback_given_on"),
    ],
    ids=[
        "test-in-future",
        "feedback-before-test",
        "feedback-in-future",
        "no-consultant",
        "consultant-no-date",
    ],
)
def test_bad_personality_test_input_writes_nothing(cast, enrolment, overrides, field):
    with pytest.raises(ValidationError) as exc:
        save_test(cast, enrolment, **overrides)
    assert field in exc.value.error_dict
    assert not PersonalityTest.objects.exists()


def test_feedback_is_given_by_one_of_the_cohorts_consultants(cast, enrolment):
    with pytest.raises(ValidationError) as exc:
        save_test(cast, enrolment, feedback_by=cast.hr_colleague)
    assert "holdets HR-konsulenter" in exc.value.error_dict["feedback_by"][0].messages[0]


def test_the_feedback_conversation_must_be_the_trainees(
    cast, enrolment, other_enrolment, make_conversation
):
    wrong = make_conversation(other_enrolment, ConversationKind.PERSONALITY_FEEDBACK)
    with pytest.raises(ValidationError):
        save_test(cast, enrolment, conversation=wrong)
    right = make_conversation(enrolment, ConversationKind.PERSONALITY_FEEDBACK)
    assert save_test(cast, enrolment, conversation=right).conversation == right


def test_concurrent_personality_test_edit_is_refused(cast, enrolment):
    save_test(cast, enrolment)
    save_test(cast, enrolment, expected_version=1, note="Første")
    with pytest.raises(ConcurrentEditError, match="Persontesten er ændret af en anden"):
        save_test(cast, enrolment, expected_version=1, note="Anden")
    with pytest.raises(ConcurrentEditError):  # created by someone else meanwhile
        save_test(cast, enrolment, note="Tredje")
    assert PersonalityTest.objects.get().note == "Første"


def test_correcting_the_test_or_the_outcome_needs_the_version_it_was_loaded_with(cast, enrolment):
    test = save_test(cast, enrolment)
    with pytest.raises(TypeError, match="int version"):
        services.personality_test_update(
            test=test,
            expected_version=None,
            taken_on=test.taken_on,
            feedback_given_on=None,
            feedback_by=None,
            recorded_by=cast.consultant,
            by=cast.consultant.user,
        )
    row = services.outcome_create(
        enrolment=enrolment,
        outcome="leader_ready",
        note="",
        recorded_by=cast.leader,
        by=cast.leader.user,
    )
    with pytest.raises(TypeError):
        services.outcome_update(
            trainee_outcome=row,
            outcome="not_yet",
            note="",
            recorded_by=cast.leader,
            by=cast.leader.user,
        )
    assert PersonalityTest.objects.get().has_feedback
    assert (TraineeOutcome.objects.get().outcome, TraineeOutcome.objects.get().version) == (
        "leader_ready",
        1,
    )


def test_only_for_trainees(cast):
    with pytest.raises(ValidationError, match="ledertraineeforløb"):
        save_test(cast, cast.enrolment)


# --- effect answers --------------------------------------------------------------------------


def phases(cohort):
    return list(Phase.objects.filter(programme=cohort.programme).order_by("order"))


def test_effect_answers_overwrite_the_respondents_own(cast, cohort, enrolment):
    first = phases(cohort)[0]
    services.effect_answers_save(
        enrolment=enrolment,
        respondent="trainee",
        answers=[{"phase": first, "effect_index": 1, "rating": 4, "comment": "God afstemning"}],
        person=cast.aspirant,
        by=cast.aspirant.user,
    )
    services.effect_answers_save(
        enrolment=enrolment,
        respondent="trainee",
        answers=[{"phase": first, "effect_index": 1, "rating": 2, "comment": ""}],
        person=cast.aspirant,
        by=cast.aspirant.user,
    )
    answer = EffectAnswer.objects.get()
    assert answer.rating == 2
    assert answer.effect_text == "Forventningsafstemning og gensidig forpligtelse."


def test_a_phase_not_reached_cannot_be_answered(cast, cohort, enrolment):
    last = phases(cohort)[2]
    with pytest.raises(ValidationError, match="ikke nået"):
        services.effect_answers_save(
            enrolment=enrolment,
            respondent="leader",
            answers=[{"phase": last, "effect_index": 0, "rating": 3}],
            person=cast.leader,
            by=cast.leader.user,
        )
    assert not EffectAnswer.objects.exists()


def test_the_held_transition_conversation_opens_the_last_phase(
    cast, cohort, enrolment, make_conversation
):
    make_conversation(enrolment, ConversationKind.TRANSITION, status=ConversationStatus.HELD)
    last = phases(cohort)[2]
    services.effect_answers_save(
        enrolment=enrolment,
        respondent="leader",
        answers=[{"phase": last, "effect_index": 1, "rating": 5}],
        person=cast.leader,
        by=cast.leader.user,
    )
    assert EffectAnswer.objects.get().effect_text.startswith("Skærpe ledertraineens refleksioner")


@pytest.mark.parametrize("index,rating", [(7, 3), (0, 6), (0, 0)])
def test_bad_effect_answers_write_nothing(cast, cohort, enrolment, index, rating):
    with pytest.raises(ValidationError):
        services.effect_answers_save(
            enrolment=enrolment,
            respondent="trainee",
            answers=[
                {"phase": phases(cohort)[0], "effect_index": 0, "rating": 4},
                {"phase": phases(cohort)[0], "effect_index": index, "rating": rating},
            ],
            person=cast.aspirant,
            by=cast.aspirant.user,
        )
    assert not EffectAnswer.objects.exists()


def test_another_programmes_phase_is_refused(cast, enrolment):
    foreign = Phase.objects.create(programme=cast.programme, order=9, name="Fremmed", effects=["X"])
    with pytest.raises(ValidationError, match="hører ikke til"):
        services.effect_answers_save(
            enrolment=enrolment,
            respondent="trainee",
            answers=[{"phase": foreign, "effect_index": 0, "rating": 4}],
            person=cast.aspirant,
            by=cast.aspirant.user,
        )


# --- outcome ---------------------------------------------------------------------------------


def test_outcome_and_its_concurrent_edit(cast, enrolment):
    row = services.outcome_create(
        enrolment=enrolment,
        outcome="leader_ready",
        note="Søger stillinger",
        recorded_by=cast.leader,
        by=cast.leader.user,
    )
    assert row.get_outcome_display() == "’Lederparat’ ledertrainee"
    services.outcome_update(
        trainee_outcome=row,
        expected_version=1,
        outcome="in_leader_job",
        note="Ansat som afdelingsleder",
        recorded_by=cast.consultant,
        by=cast.consultant.user,
    )
    with pytest.raises(ConcurrentEditError, match="Resultatet er ændret af en anden"):
        services.outcome_update(
            trainee_outcome=row,
            expected_version=1,
            outcome="not_yet",
            note="",
            recorded_by=cast.leader,
            by=cast.leader.user,
        )
    with pytest.raises(ConcurrentEditError):  # recorded by someone else meanwhile
        services.outcome_create(
            enrolment=enrolment,
            outcome="not_yet",
            note="",
            recorded_by=cast.leader,
            by=cast.leader.user,
        )
    saved = TraineeOutcome.objects.get()
    assert (saved.outcome, saved.version) == ("in_leader_job", 2)


def test_unknown_outcome_is_refused(cast, enrolment):
    with pytest.raises(ValidationError):
        services.outcome_create(
            enrolment=enrolment,
            outcome="ceo",
            note="",
            recorded_by=cast.leader,
            by=cast.leader.user,
        )
    assert not TraineeOutcome.objects.exists()


# --- take-off --------------------------------------------------------------------------------

SEED_FOCUS = """Der afholdes et fælles take-off-arrangement på tværs af magistratsafdelingerne med fokus på:
• Hvad har I brug for nu?
• Vejledning til lederansøgningen
• Netværk mellem ledertrainees på tværs af kommunen."""


def test_take_off_is_a_session_with_the_seeds_focus_and_invites_everyone(cast, cohort):
    start = timezone.now() + dt.timedelta(days=20)
    session = services.take_off_create(
        cohort=cohort,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Rådhushallen",
        by=cast.consultant.user,
    )
    assert session.kind == Session.Kind.TAKE_OFF
    assert session.description == SEED_FOCUS
    mail.outbox.clear()
    run_worker()
    assert sorted(m.to for m in mail.outbox) == sorted(
        [[cast.aspirant.email], [cast.other_aspirant.email], [cast.consultant.email]]
    )
    (content,) = [c for c, mime in mail.outbox[0].alternatives if mime.startswith("text/calendar")]
    event = next(c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT")
    assert "Hvad har I brug for nu?" in str(event["DESCRIPTION"])


def test_take_off_only_on_trainee_cohorts(cast):
    start = timezone.now() + dt.timedelta(days=20)
    with pytest.raises(ValidationError):
        services.take_off_create(
            cohort=cast.cohort,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            place="",
            by=cast.admin,
        )
    assert not Session.objects.filter(kind=Session.Kind.TAKE_OFF).exists()
