"""The trainee demo builder the lead calls from the demo build."""

from django.utils import timezone

from lederspor.site.demo.trainee import build_trainee_demo
from lederspor.site.testing import make_cohort
from lederspor.trainee.models import EffectAnswer, PersonalityTest, TraineeOutcome
from lederspor.trainee.prerequisites import prerequisite_status


def test_demo_builds_an_exemption_tests_answers_and_an_outcome(cast):
    cohort, enrolments = make_cohort(
        "trainee",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant, cast.colleague],
    )
    lps, _ = make_cohort("clarification", consultants=[cast.consultant], name="LPS 2025")
    for _ in range(2):  # idempotent
        build_trainee_demo(
            cohort=cohort,
            enrolments=enrolments,
            consultant=cast.consultant,
            today=timezone.localdate(),
            clarification_cohort=lps,
        )
    texts = [prerequisite_status(e).text for e in enrolments]
    assert texts[0] == "Opfyldt: gennemført Leder på spring (hold LPS 2025)"
    assert texts[1].startswith("Opfyldt: persontest med feedback")
    assert texts[2].startswith("Mangler: HR-konsulentens feedback")
    assert PersonalityTest.objects.count() == 2
    assert EffectAnswer.objects.count() == 8  # 2 trainees × 2 effects × 2 respondents
    assert TraineeOutcome.objects.get().enrolment == enrolments[0]


def test_demo_without_clarification_cohort_tests_everyone(cast):
    cohort, enrolments = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    build_trainee_demo(
        cohort=cohort, enrolments=enrolments, consultant=cast.consultant, today=timezone.localdate()
    )
    assert prerequisite_status(enrolments[0]).met
