"""The demo builder runs through the services on a running cohort."""

from django.db.models import F
from django.utils import timezone

from lederspor.clarification.demo import build_clarification_demo
from lederspor.clarification.models import (
    HomeworkStatus,
    JtiRecord,
    LeaderTalk,
    LeaderTalkFeedback,
    MailingDelivery,
)
from lederspor.core.testing import make_cohort


def test_the_demo_fills_a_running_cohort(cast):
    cohort, enrolments = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant, cast.colleague, cast.host],
        starts_in_days=-40,
        length_days=120,
    )
    build_clarification_demo(
        cohort=cohort, enrolments=enrolments, consultant=cast.consultant, today=timezone.localdate()
    )
    assert cohort.sessions.count() == 5
    assert MailingDelivery.objects.filter(mailing__cohort=cohort).count() == 4
    assert JtiRecord.objects.count() == 3
    assert HomeworkStatus.objects.exists()
    assert LeaderTalk.objects.count() == 3
    assert LeaderTalkFeedback.objects.count() == 6
    assert not LeaderTalkFeedback.objects.filter(author=F("talk__enrolment")).exists()
