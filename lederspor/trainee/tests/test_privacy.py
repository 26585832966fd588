"""The trainee programme in the privacy registries (issue #15 §2–3): personality test,
effects and outcome are exported for the trainee only; erase's preview writes nothing and
apply deletes the test and blanks comments and notes while the ratings and outcome the reports
count stay; retention is idempotent."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.privacy.registry import personal_data, retention_rules
from lederspor.programmes.models import Enrolment, Phase
from lederspor.trainee.models import (
    EffectAnswer,
    JointStartMeeting,
    PersonalityTest,
    TraineeOutcome,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(cast, enrolment, other_enrolment):
    phase = Phase.objects.filter(programme=enrolment.cohort.programme).order_by("order").first()
    for e, leader, word in ((enrolment, cast.leader, "Anna"), (other_enrolment, None, "Ole")):
        PersonalityTest.objects.create(
            enrolment=e,
            taken_on=timezone.localdate(),
            note=f"Note om {word}",
            feedback_by=cast.consultant,
        )
        EffectAnswer.objects.create(
            enrolment=e,
            phase=phase,
            effect_index=0,
            effect_text="Effekt",
            respondent="leader",
            rating=4,
            comment=f"Kommentar om {word}",
            answered_by=leader,
        )
        TraineeOutcome.objects.create(
            enrolment=e,
            outcome="leader_ready",
            note=f"Resultatnote om {word}",
            recorded_by=cast.consultant,
            recorded_at=timezone.now(),
        )
    return enrolment, other_enrolment


def _snapshot():
    return [
        list(PersonalityTest.objects.order_by("pk").values_list("note", "feedback_by")),
        list(EffectAnswer.objects.order_by("pk").values_list("rating", "comment", "answered_by")),
        list(TraineeOutcome.objects.order_by("pk").values_list("outcome", "note", "recorded_by")),
    ]


def _export(person):
    return str([e.export(person) for e in personal_data if e.key.startswith("trainee.")])


def _erase(person, apply):
    return [
        line
        for e in personal_data
        if e.key.startswith("trainee.")
        for line in e.erase(person, apply)
    ]


def test_registered_with_every_model():
    models = {m for e in personal_data if e.key.startswith("trainee.") for m in e.models}
    assert models == {PersonalityTest, EffectAnswer, TraineeOutcome, JointStartMeeting}


def test_export_has_mine_not_the_others(cast, data):
    text = _export(cast.aspirant)
    for word in ("Note om Anna", "Kommentar om Anna", "Resultatnote om Anna"):
        assert word in text
    assert "Ole" not in text
    leader = _export(cast.leader)
    assert "effects_i_gave" in leader and "Ole" not in leader


def test_erase_preview_writes_nothing_and_apply_keeps_what_reports_count(cast, data):
    enrolment, _other = data
    before = _snapshot()
    lines = _erase(cast.aspirant, False)
    assert _snapshot() == before and sum(line.count for line in lines) == 3
    _erase(cast.aspirant, True)
    assert not PersonalityTest.objects.filter(enrolment=enrolment).exists()
    answer = EffectAnswer.objects.get(enrolment=enrolment)
    assert (answer.rating, answer.comment, answer.answered_by_id) == (4, "", None)
    outcome = TraineeOutcome.objects.get(enrolment=enrolment)
    assert (outcome.outcome, outcome.note) == ("leader_ready", "")
    assert "Ole" in str(_snapshot())  # the other trainee is untouched


def test_erasing_the_consultant_unlinks_them(cast, data):
    _erase(cast.consultant, True)
    assert not PersonalityTest.objects.filter(feedback_by=cast.consultant).exists()
    assert not TraineeOutcome.objects.filter(recorded_by=cast.consultant).exists()
    assert PersonalityTest.objects.count() == 2


def test_retention_is_idempotent_and_dry_run_writes_nothing(cast, data):
    enrolment, _other = data
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status="completed", completed_at=timezone.now() - dt.timedelta(days=1100)
    )
    rules = {r.key: r for r in retention_rules}
    for key, days in (
        ("trainee.personality_test", 365),
        ("trainee.effects", 1095),
        ("trainee.outcome_notes", 1095),
    ):
        rule = rules[key]
        assert rule.default_days == days
        cutoff = timezone.now() - dt.timedelta(days=days)
        before = _snapshot()
        assert rule.expire(cutoff, False) == 1
        assert _snapshot() == before
        assert rule.expire(cutoff, True) == 1
        assert rule.expire(cutoff, True) == 0
    assert EffectAnswer.objects.get(enrolment=enrolment).rating == 4
    assert "Ole" in str(_snapshot())
