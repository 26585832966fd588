"""Object-level access to agreed practice tasks (issue #2 §3, §5).

Who may do what with a `TaskAssignment` (seed 000: the nearest leader defines tasks together with
the aspirant; "Det er nærmeste leder og chef der har ansvaret": the chef of the aspirant's area
acts as the nearest leader does, issue #14 §1):

| action       | participant | leader | chef | consultant | host | admin |
|--------------|-------------|--------|------|------------|------|-------|
| view         | yes         | yes    | yes  | yes        | yes  | yes   |
| note         | yes         | yes    | yes  | yes        | yes  | yes   |
| propose/edit | yes         | yes    | yes  | yes        | 403  | yes   | (edit: not once done)
| agree        | the other party: participant ↔ leader/chef/consultant (never the proposer) |
| confirm_host | 403         | 403    | 403  | 403        | the named host only | 403 |
| start/done   | yes         | yes    | yes  | yes        | 403  | yes   |
| step         | yes         | yes    | yes  | yes        | 403  | yes   | (agreed → done)
| follow_up    | 403         | yes    | yes  | yes        | 403  | yes   |

No relation → 404 (a chef of another area has none).
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.access import Relation, not_found
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.access import enrolment_relations

R = Relation


class TaskAction(StrEnum):
    """What a person wants to do with an agreed task."""

    VIEW = "view"
    NOTE = "note"
    EDIT = "edit"
    AGREE = "agree"
    START = "start"
    COMPLETE = "complete"
    FOLLOW_UP = "follow_up"
    CONFIRM_HOST = "confirm_host"
    STEP = "step"


#: who may propose a task for an enrolment (`catalogue:assignment_create`): the enrolment's
#: writers and the chef (seed 000: "Det er nærmeste leder og chef der har ansvaret")
TASK_PROPOSERS = frozenset({R.PARTICIPANT, R.LEADER, R.CHEF, R.CONSULTANT, R.ADMIN})
#: the leader's side of an agreement: they agree what the aspirant proposed
LEADER_SIDE = frozenset({R.LEADER, R.CHEF, R.CONSULTANT})


_ALLOWED: dict[TaskAction, set[Relation]] = {
    TaskAction.VIEW: set(Relation),
    TaskAction.NOTE: set(Relation),
    TaskAction.EDIT: set(TASK_PROPOSERS),
    TaskAction.AGREE: set(TASK_PROPOSERS),
    TaskAction.START: set(TASK_PROPOSERS),
    TaskAction.COMPLETE: set(TASK_PROPOSERS),
    TaskAction.FOLLOW_UP: {R.LEADER, R.CHEF, R.CONSULTANT, R.ADMIN},
    TaskAction.CONFIRM_HOST: {R.HOST},
    TaskAction.STEP: set(TASK_PROPOSERS),
}


def assignment_relations(
    *, assignment: TaskAssignment, person: Person | None, is_admin: bool = False
) -> set[Relation]:
    """Relations of `person` to `assignment`: those to its enrolment, plus HOST if they host it."""
    relations = enrolment_relations(
        person=person, enrolment=assignment.enrolment, is_admin=is_admin
    )
    if person is not None and assignment.host_id == person.pk:
        relations.add(Relation.HOST)
    return relations


def may(
    relations: set[Relation], action: TaskAction, assignment: TaskAssignment, person: Person | None
) -> bool:
    """Whether someone with `relations` may perform `action` on `assignment`.

    AGREE needs the *other* party (seed 000: the nearest leader defines the tasks together with
    the aspirant; nearest leader and chef share the responsibility): a task the participant
    proposed is agreed by the leader, the chef or the consultant, and a task one of them
    proposed is agreed by the participant. Admins may always. CONFIRM_HOST: only the task's
    named host (seed 000, tasks 12 and 16; the service refuses it unless the task awaits them).
    STEP: only while the task is agreed, in progress or done.
    """
    if not relations & _ALLOWED[action]:
        return False
    if action == TaskAction.EDIT and assignment.status in (
        TaskAssignment.Status.DONE,
        TaskAssignment.Status.FOLLOWED_UP,
    ):
        return False
    if action == TaskAction.CONFIRM_HOST:
        return person is not None and assignment.host_id == person.pk
    if action == TaskAction.STEP:
        return assignment.status in (
            TaskAssignment.Status.AGREED,
            TaskAssignment.Status.IN_PROGRESS,
            TaskAssignment.Status.DONE,
        )
    if action == TaskAction.AGREE:
        if R.ADMIN in relations:
            return True
        if person is not None and assignment.proposed_by_id == person.pk:
            return False
        proposed_by_participant = assignment.proposed_by_id == assignment.enrolment.person_id
        if proposed_by_participant:
            return bool(relations & LEADER_SIDE)
        return R.PARTICIPANT in relations
    return True


def get_assignment_for(
    request: HttpRequest, pk: int, *, action: TaskAction = TaskAction.VIEW
) -> tuple[TaskAssignment, set[Relation]]:
    """Load assignment `pk` if the signed-in person has a relation to it.

    Raises Http404 without a relation, PermissionDenied (403) when the relation does not allow
    `action`.
    """
    roles = roles_for(request)
    assignment = (
        TaskAssignment.objects.select_related(
            "enrolment__person__manager",
            "enrolment__person__unit",
            "enrolment__cohort__programme",
            "catalogue_task",
            "host",
            "proposed_by",
            "agreed_by",
            "session",
        )
        .filter(pk=pk)
        .first()
    )
    if assignment is None:
        raise not_found()
    relations = assignment_relations(
        assignment=assignment, person=roles.person, is_admin=roles.is_admin
    )
    if not relations:
        raise not_found()
    if not may(relations, action, assignment, roles.person):
        raise PermissionDenied
    return assignment, relations
