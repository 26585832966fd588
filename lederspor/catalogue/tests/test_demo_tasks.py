"""The aspirant programme's practice tasks in the demo municipality (issue #14 §1 and §3): no
task is proposed after it was agreed, a task agreed by the chef, tasks tied to a network
meeting, a task 16 awaiting its host's confirmation, and the catalogue's own steps checked off."""

from django.db.models import F

from lederspor.catalogue.models import TaskAssignment, TaskStep
from lederspor.core.models import AuditEvent
from lederspor.people.models import Person
from lederspor.site.demo import ACTIVE_COHORT

S = TaskAssignment.Status


def _person(demo, role: str) -> Person:
    return Person.objects.get(email=demo.email(role))


def test_no_task_is_proposed_after_it_was_agreed(demo):
    tasks = TaskAssignment.objects.filter(enrolment__cohort__name=ACTIVE_COHORT)
    assert tasks.count() > 20
    assert not tasks.filter(agreed_at__lt=F("proposed_at")).exists()
    assert not tasks.filter(host_confirmed_at__lt=F("agreed_at")).exists()
    assert not tasks.filter(done_at__lt=F("agreed_at")).exists()
    assert not tasks.filter(proposed_at__lt=F("created_at")).exists()
    events: dict[str, dict[str, object]] = {}
    for event in AuditEvent.objects.filter(
        object_type="catalogue.taskassignment",
        action__in=("task.propose", "task.agree", "task.host_confirm", "task.start"),
    ).order_by("at", "pk"):
        events.setdefault(event.object_id, {}).setdefault(event.action, event.at)
    order = ("task.propose", "task.agree", "task.host_confirm", "task.start")
    for task_id, stamps in events.items():
        seen = [stamps[a] for a in order if a in stamps]
        assert seen == sorted(seen), task_id
        assert "task.propose" in stamps, task_id


def test_the_chef_agreed_a_task_and_the_audit_says_so(demo):
    chef, aspirant = _person(demo, "chef"), _person(demo, "aspirant")
    task = TaskAssignment.objects.get(
        enrolment__person=aspirant, enrolment__cohort__name=ACTIVE_COHORT, agreed_by=chef
    )
    assert task.proposed_by == aspirant
    event = AuditEvent.objects.get(
        object_type="catalogue.taskassignment", object_id=str(task.pk), action="task.agree"
    )
    assert event.actor == chef.user
    assert event.data["acting_as"] == "chef"


def test_tasks_are_tied_to_network_meetings_of_their_cohort(demo):
    aspirant = _person(demo, "aspirant")
    tied = TaskAssignment.objects.filter(
        enrolment__person=aspirant, session__isnull=False
    ).select_related("session", "enrolment", "catalogue_task")
    assert tied.count() >= 2
    for task in tied:
        assert task.session.cohort_id == task.enrolment.cohort_id
    interview = tied.get(catalogue_task__number=6)
    assert interview.session.theme == "Ledelse i en politisk styret organisation"


def test_a_task_16_awaits_its_hosts_confirmation(demo):
    aspirant = _person(demo, "aspirant")
    task = TaskAssignment.objects.get(
        enrolment__person=aspirant, status=S.AWAITING_HOST, catalogue_task__number=16
    )
    assert task.host is not None and task.host_confirmed_at is None
    assert task.agreed_at is not None
    confirmed = TaskAssignment.objects.filter(
        catalogue_task__host_confirms=True, host__isnull=False
    ).exclude(status__in=(S.PROPOSED, S.AWAITING_HOST))
    assert not confirmed.filter(host_confirmed_at__isnull=True).exists()


def test_the_catalogues_own_steps_are_checked_off_on_done_tasks(demo):
    steps = TaskStep.objects.filter(assignment__status__in=(S.DONE, S.FOLLOWED_UP))
    assert steps.exists()
    assert not steps.filter(done_at__isnull=True).exists()
    assert not TaskStep.objects.filter(
        assignment__status__in=(S.PROPOSED, S.AWAITING_HOST), done_at__isnull=False
    ).exists()
