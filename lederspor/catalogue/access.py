"""Object-level access to agreed practice tasks (issue #2 §3, §5).

Who may do what with a `TaskAssignment` (seed 000: the nearest leader defines tasks together with
the aspirant; leader and chef are responsible; the chef sees and may comment):

| action     | participant | leader | chef | consultant | host | admin |
|------------|-------------|--------|------|------------|------|-------|
| view       | yes         | yes    | yes  | yes        | yes  | yes   |
| note       | yes         | yes    | yes  | yes        | yes  | yes   |
| edit       | yes         | yes    | 403  | yes        | 403  | yes   | (not once done)
| agree      | the other party: participant ↔ leader/consultant (never the proposer)  |
| start/done | yes         | yes    | 403  | yes        | 403  | yes   |
| follow_up  | 403         | yes    | 403  | yes        | 403  | yes   |

No relation → 404.
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


_ALLOWED: dict[TaskAction, set[Relation]] = {
    TaskAction.VIEW: set(Relation),
    TaskAction.NOTE: set(Relation),
    TaskAction.EDIT: {R.PARTICIPANT, R.LEADER, R.CONSULTANT, R.ADMIN},
    TaskAction.AGREE: {R.PARTICIPANT, R.LEADER, R.CONSULTANT, R.ADMIN},
    TaskAction.START: {R.PARTICIPANT, R.LEADER, R.CONSULTANT, R.ADMIN},
    TaskAction.COMPLETE: {R.PARTICIPANT, R.LEADER, R.CONSULTANT, R.ADMIN},
    TaskAction.FOLLOW_UP: {R.LEADER, R.CONSULTANT, R.ADMIN},
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
    the aspirant): a task the participant proposed is agreed by the leader or consultant, and a
    task the leader or consultant proposed is agreed by the participant. Admins may always.
    """
    if not relations & _ALLOWED[action]:
        return False
    if action == TaskAction.EDIT and assignment.status in (
        TaskAssignment.Status.DONE,
        TaskAssignment.Status.FOLLOWED_UP,
    ):
        return False
    if action == TaskAction.AGREE:
        if R.ADMIN in relations:
            return True
        if person is not None and assignment.proposed_by_id == person.pk:
            return False
        proposed_by_participant = assignment.proposed_by_id == assignment.enrolment.person_id
        if proposed_by_participant:
            return bool(relations & {R.LEADER, R.CONSULTANT})
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
