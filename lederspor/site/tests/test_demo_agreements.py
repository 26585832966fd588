"""The demo agreements: every state, built through the services."""

from django.utils import timezone

from lederspor.agreements.models import LearningAgreement
from lederspor.site.demo.agreements import build_agreements_demo
from lederspor.site.testing import make_cohort


def test_demo_builds_agreements_in_every_state(cast):
    _cohort, enrolments = make_cohort(
        "trainee",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant, cast.colleague],
    )
    build_agreements_demo(
        enrolments=enrolments,
        by_leader=cast.leader,
        consultant=cast.consultant,
        today=timezone.localdate(),
    )

    def states(enrolment):
        return list(
            LearningAgreement.objects.filter(enrolment=enrolment)
            .order_by("number")
            .values_list("number", "status")
        )

    first, second, third = enrolments
    assert states(first) == [(1, "approved"), (2, "draft")]
    v2 = LearningAgreement.objects.get(enrolment=first, number=2)
    assert v2.trainee_approved_at and v2.leader_approved_at is None
    assert v2.blocks.filter(title="Kursus i konflikthåndtering").exists()
    assert states(second) == [(1, "approved")]
    statuses = set(
        LearningAgreement.objects.get(enrolment=second).blocks.values_list("status", flat=True)
    )
    assert {"done", "in_progress", "planned"} <= statuses
    assert states(third) == [(1, "draft")]
    waiting = LearningAgreement.objects.get(enrolment=third)
    assert waiting.trainee_approved_at and waiting.consultant_approved_at
    assert waiting.leader_approved_at is None
    # running it again changes nothing
    build_agreements_demo(
        enrolments=enrolments,
        by_leader=cast.leader,
        consultant=cast.consultant,
        today=timezone.localdate(),
    )
    assert LearningAgreement.objects.count() == 4
