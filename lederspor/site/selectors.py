"""Reads for the role pages of the top floor: the nearest leader's employees and the chef's
area, with the aspirant's practice tasks counted per enrolment (one query each)."""

from django.db.models import Count, F, Q, QuerySet

from lederspor.catalogue.models import TaskAssignment
from lederspor.people.models import Person
from lederspor.people.selectors import chef_scope_q
from lederspor.programmes.models import Enrolment
from lederspor.programmes.selectors import with_waitlist_position

TaskStatus = TaskAssignment.Status


def leader_enrolments(*, leader: Person) -> QuerySet[Enrolment]:
    """Enrolments of the leader's own employees (any status), newest cohort first, with
    `waitlist_position` (their place on a waiting list, issue #16 §3: only the number, nothing
    about the others on it)."""
    return with_waitlist_position(
        Enrolment.objects.filter(person__manager=leader)
        .select_related("person__unit", "cohort__programme")
        .annotate(
            open_tasks=Count(
                "task_assignments",
                filter=~Q(task_assignments__status=TaskStatus.FOLLOWED_UP),
            ),
            awaiting_followup=Count(
                "task_assignments", filter=Q(task_assignments__status=TaskStatus.DONE)
            ),
            awaiting_me=Count(
                "task_assignments",
                # a proposal waits on the leader's side only when the aspirant made it (one by
                # the chef or a consultant waits on the aspirant: issue #14, seed 000)
                filter=Q(task_assignments__status=TaskStatus.PROPOSED)
                & Q(task_assignments__proposed_by=F("person")),
            ),
        )
    ).order_by("-cohort__starts_on", "person__first_name")


def chef_enrolments(*, chef: Person) -> QuerySet[Enrolment]:
    """Enrolments of everyone whose chef is `chef` (chef_override or manager's manager)."""
    return (
        Enrolment.objects.filter(chef_scope_q(chef=chef, prefix="person__"))
        .select_related("person__unit", "person__manager", "cohort__programme")
        .annotate(
            task_total=Count("task_assignments"),
            task_followed_up=Count(
                "task_assignments", filter=Q(task_assignments__status=TaskStatus.FOLLOWED_UP)
            ),
        )
        .order_by("-cohort__starts_on", "person__first_name")
    )
