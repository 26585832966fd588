"""The demo tells its story through the services at the story's moments (`site/demo/story.py`):
no stamp lies in the future, no object's audit trail goes back in time, and the stamps say what
the story says — held when it ended, signed the day after, the mail sent 14 days before the
start, and so on. The first tests look at the demo municipality built once per session.
"""

import datetime as dt

import pytest
from django.apps import apps
from django.db.models import F
from django.utils import timezone

from lederspor.agreements.models import LearningAgreement
from lederspor.catalogue.models import TaskAssignment, TaskNote
from lederspor.clarification.models import JtiRecord, PreStartMailing
from lederspor.conversations.models import AgreedAction, Conversation, ConversationAttendee
from lederspor.core.models import AuditEvent
from lederspor.logbook.models import LogbookEntry
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.demo import (
    ACTIVE_COHORT,
    CLARIFICATION_COHORT,
    CLARIFICATION_PAST_COHORT,
    TRAINEE_COHORT,
)
from lederspor.site.demo.story import Story, at
from lederspor.visits.models import JobVisit

DAY = dt.timedelta(days=1)


def local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)


def test_no_row_is_stamped_after_the_build_or_updated_before_it_was_created(demo):
    now = timezone.now()
    for model in apps.get_models():
        names = {f.name for f in model._meta.get_fields()}
        if "created_at" in names:
            assert not model.objects.filter(created_at__gt=now).exists(), model
        if {"created_at", "updated_at"} <= names:
            assert not model.objects.filter(updated_at__lt=F("created_at")).exists(), model
    assert not AuditEvent.objects.filter(at__gt=now).exists()


def test_no_objects_audit_trail_goes_back_in_time(demo):
    last: dict[tuple[str, str], dt.datetime] = {}
    for kind, pk, moment in AuditEvent.objects.order_by("id").values_list(
        "object_type", "object_id", "at"
    ):
        assert moment >= last.get((kind, pk), moment), (kind, pk)
        last[(kind, pk)] = moment
    # the story spans years: the first rows are not from the build
    assert AuditEvent.objects.order_by("at").first().at < timezone.now() - 365 * DAY


def test_conversations_are_held_when_they_end_and_signed_the_day_after(demo):
    held = Conversation.objects.exclude(held_at=None)
    assert held.count() >= 10
    for c in held:
        assert c.held_at == c.ends_at
        assert c.created_at < c.starts_at
        if c.signed_at:
            assert c.signed_at == c.ends_at + DAY
        confirmed = ConversationAttendee.objects.filter(conversation=c).exclude(confirmed_at=None)
        assert all(a.confirmed_at == c.ends_at + DAY for a in confirmed)
    assert held.exclude(signed_at=None).exists() and held.filter(signed_at=None).exists()
    for action in AgreedAction.objects.exclude(done_at=None).select_related("conversation"):
        assert action.conversation.ends_at <= action.done_at
        assert timezone.localdate(action.done_at) <= action.due_on


def test_the_mail_goes_out_14_days_before_the_start_and_jti_is_answered_after_it(demo):
    mailing = PreStartMailing.objects.get(cohort__name=CLARIFICATION_COHORT)
    sent = at(mailing.cohort.starts_on - 14 * DAY, 7)
    assert mailing.sent_at == mailing.scheduled_for == sent
    answers = JtiRecord.objects.filter(enrolment__cohort=mailing.cohort)
    assert answers.exists()
    assert set(answers.values_list("answered_at", flat=True)) == {
        sent + dt.timedelta(days=5, hours=12)
    }


def test_shared_logbook_entries_are_shared_the_evening_they_are_written(demo):
    shared = LogbookEntry.objects.exclude(shared_at=None)
    assert shared.exists()
    for entry in shared:
        assert entry.shared_at == entry.created_at == at(entry.written_on, 20)


def test_learning_agreements_are_approved_in_the_days_after_start_part_2(demo):
    first_versions = LearningAgreement.objects.filter(
        enrolment__cohort__name=TRAINEE_COHORT, number=1, leader_approved_at__isnull=False
    ).select_related("conversation")
    assert first_versions.count() == 2
    for agreement in first_versions:
        ended = agreement.conversation.ends_at
        assert agreement.created_at == ended
        assert agreement.trainee_approved_at == ended + 2 * DAY
        assert agreement.leader_approved_at == ended + 3 * DAY
        assert agreement.consultant_approved_at == agreement.locked_at == ended + 4 * DAY


def test_nominations_decisions_and_tasks_happen_in_the_cohorts_time(demo):
    cohort = Cohort.objects.get(name=ACTIVE_COHORT)
    enrolments = cohort.enrolments.all()
    assert all(cohort.created_at < e.nominated_at for e in enrolments)
    decided = {e.decided_at for e in enrolments.exclude(decided_at=None)}
    assert decided == {at(cohort.starts_on - 30 * DAY, 11)}
    withdrawn = enrolments.get(status=Enrolment.Status.WITHDRAWN)
    assert local(withdrawn.withdrawn_at).date() == timezone.localdate() - 40 * DAY
    tasks = TaskAssignment.objects.filter(enrolment__cohort=cohort)
    for task in tasks.exclude(done_at=None):
        assert local(task.done_at) == at(task.due_on, 15)
        assert task.created_at < task.agreed_at < task.done_at
    for task in tasks.exclude(followed_up_at=None):
        assert local(task.followed_up_at) == at(task.followup_held_on, 15)
    assert not TaskNote.objects.filter(created_at__lt=F("assignment__created_at")).exists()
    past = Cohort.objects.get(name=CLARIFICATION_PAST_COHORT)
    completed = {e.completed_at for e in past.enrolments.all()}
    assert completed == {at(past.ends_on, 15)}


def test_job_visits_are_held_when_they_end_and_reflected_the_day_after(demo):
    reflected = JobVisit.objects.filter(status=JobVisit.Status.REFLECTED)
    assert reflected.count() >= 10
    for visit in reflected:
        assert visit.held_at == visit.ends_at
        assert visit.reflected_at == visit.ends_at + DAY
        assert visit.created_at < visit.starts_at


# --- the story clock ---------------------------------------------------------------------------


def test_a_story_takes_the_steps_of_its_threads_in_chronological_order():
    story = Story(timezone.localdate())
    seen = []

    def thread(name, *days):
        for day in days:
            yield at(story.today - day * DAY, 12)
            seen.append((name, timezone.localdate()))

    story.play(thread("a", 5, 1), thread("b", 3, 2))
    assert [name for name, _day in seen] == ["a", "b", "b", "a"]
    assert [day for _name, day in seen] == sorted(day for _name, day in seen)


def test_a_story_never_writes_in_its_future():
    story = Story(timezone.localdate())
    moments = []

    def thread():
        yield at(story.today + 3 * DAY, 12)
        moments.append(timezone.now())

    story.play(thread())
    assert moments == [story.now]


def test_a_thread_that_goes_back_in_time_is_refused():
    story = Story(timezone.localdate())

    def thread():
        yield at(story.today - 2 * DAY)
        yield at(story.today - 3 * DAY)

    with pytest.raises(ValueError, match="back in time"):
        story.play(thread())
