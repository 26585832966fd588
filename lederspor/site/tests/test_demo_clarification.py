"""The demo builder runs through the services on a running cohort."""

from django.db.models import F
from django.utils import timezone

from lederspor.clarification.models import (
    Homework,
    HomeworkStatus,
    JtiRecord,
    LeaderTalk,
    LeaderTalkFeedback,
    MailingDelivery,
)
from lederspor.clarification.services import teaching_day_elements
from lederspor.site.demo.clarification import build_clarification_demo
from lederspor.site.testing import make_cohort


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
    # the talks' day (the 5th teaching day) is still ahead: no feedback yet
    day5 = cohort.sessions.order_by("starts_at").last()
    assert day5.starts_at > timezone.now()
    assert set(LeaderTalk.objects.values_list("session", flat=True)) == {day5.pk}
    assert not LeaderTalkFeedback.objects.exists()
    # the talk is prepared as homework on the teaching day before it, for the talk's day
    prepare = Homework.objects.get(title="Forbered dit lederindlæg")
    day4 = cohort.sessions.order_by("starts_at")[3]
    assert prepare.session == day4
    assert "til 5. undervisningsdag" in prepare.text
    assert day5.theme in [e.theme for e in teaching_day_elements(cohort) if e.name.startswith("5.")]


def test_the_demo_gives_feedback_once_the_talks_day_has_passed(cast):
    cohort, enrolments = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant, cast.colleague, cast.host],
        starts_in_days=-110,
        length_days=120,
    )
    build_clarification_demo(
        cohort=cohort, enrolments=enrolments, consultant=cast.consultant, today=timezone.localdate()
    )
    assert cohort.sessions.order_by("starts_at").last().starts_at < timezone.now()
    assert LeaderTalkFeedback.objects.count() == 6
    assert not LeaderTalkFeedback.objects.filter(author=F("talk__enrolment")).exists()
