"""The prerequisite of the start conversation (seed 003): a personality test with the HR
consultant's feedback, unless the trainee completed Leder på spring in Lederspor."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lederspor.programmes.models import Enrolment
from lederspor.site.testing import make_cohort
from lederspor.trainee.models import PersonalityTest
from lederspor.trainee.prerequisites import prerequisite_status, start_conversation_check
from lederspor.trainee.tests.conftest import long_date


def test_without_test_the_start_conversation_is_refused_naming_what_is_missing(enrolment):
    with pytest.raises(ValidationError) as exc:
        start_conversation_check(enrolment)
    message = exc.value.messages[0]
    assert "persontest" in message and "feedback" in message and "Leder på spring" in message
    status = prerequisite_status(enrolment)
    assert not status.met and status.text.startswith("Mangler: persontest")


def test_a_test_without_feedback_is_not_enough(enrolment):
    taken = timezone.localdate() - dt.timedelta(days=5)
    PersonalityTest.objects.create(enrolment=enrolment, taken_on=taken)
    with pytest.raises(ValidationError, match="feedback på persontesten"):
        start_conversation_check(enrolment)
    assert prerequisite_status(enrolment).text == (
        f"Mangler: HR-konsulentens feedback på persontesten (taget d. {long_date(taken)})"
    )


def test_a_test_with_feedback_fulfils_it(cast, enrolment):
    today = timezone.localdate()
    PersonalityTest.objects.create(
        enrolment=enrolment,
        taken_on=today - dt.timedelta(days=5),
        feedback_given_on=today - dt.timedelta(days=2),
        feedback_by=cast.consultant,
    )
    start_conversation_check(enrolment)  # no error
    status = prerequisite_status(enrolment)
    assert status.met
    assert (
        status.text
        == f"Opfyldt: persontest med feedback d. {long_date(today - dt.timedelta(days=2))}"
    )


def test_a_completed_leder_paa_spring_exempts(cast, enrolment):
    _clarification, (done,) = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant],
        name="LPS forår",
    )
    Enrolment.objects.filter(pk=done.pk).update(
        status=Enrolment.Status.COMPLETED, completed_at=timezone.now()
    )
    start_conversation_check(enrolment)
    assert (
        prerequisite_status(enrolment).text
        == "Opfyldt: gennemført Leder på spring (hold LPS forår)"
    )


@pytest.mark.parametrize("status", ["enrolled", "withdrawn"])
def test_a_leder_paa_spring_not_completed_does_not_exempt(cast, enrolment, status):
    _c, (lps,) = make_cohort(
        "clarification", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    reason = {"withdrawal_reason": "Syg"} if status == "withdrawn" else {}
    Enrolment.objects.filter(pk=lps.pk).update(status=status, **reason)
    with pytest.raises(ValidationError):
        start_conversation_check(enrolment)


def test_someone_elses_leder_paa_spring_does_not_exempt(cast, enrolment):
    _c, (lps,) = make_cohort(
        "clarification", consultants=[cast.consultant], participants=[cast.other_aspirant]
    )
    Enrolment.objects.filter(pk=lps.pk).update(status=Enrolment.Status.COMPLETED)
    with pytest.raises(ValidationError):
        start_conversation_check(enrolment)


def test_other_programmes_have_no_prerequisite(cast):
    start_conversation_check(cast.enrolment)  # the aspirant cohort: no error
