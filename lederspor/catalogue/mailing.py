"""The mails of the agreed-task workflow (seed 000: "Det er nærmeste leder og chef der har
ansvaret"): the other party is told when a task is proposed or agreed, and the named host is
asked to confirm tasks 12 and 16. Queued by the services inside their transaction
(`notifications.services.email_send`; the worker sends after commit). Subjects name no task
text: the task's title and learning goal are in the body, for the people on the task only."""

from collections.abc import Iterable

from django.urls import reverse

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.access import RELATION_LABELS, Relation
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person
from lederspor.people.selectors import person_chef_id

#: the order in which a person's relation to a task names the part they acted in
_ROLE_ORDER = (
    Relation.PARTICIPANT,
    Relation.LEADER,
    Relation.CHEF,
    Relation.CONSULTANT,
    Relation.ADMIN,
)


def acting_as(relations: set[Relation]) -> str:
    """The relation a person acted in (`Relation` value), from their relations to the task's
    enrolment: the participant first, then the nearest leader, the chef, the consultant, an
    administrator; "" when none."""
    return next((r.value for r in _ROLE_ORDER if r in relations), "")


def role_label(role: str) -> str:
    """The Danish label of a `Relation` value (`acting_as`), e.g. "chef"; "" for ""."""
    return str(RELATION_LABELS[Relation(role)]) if role else ""


def assignment_url(assignment: TaskAssignment) -> str:
    """Absolute URL of the task's page (`catalogue:assignment_detail`)."""
    return absolute_url(reverse("catalogue:assignment_detail", args=[assignment.pk]))


def parties(assignment: TaskAssignment) -> list[Person]:
    """Who answers for the task (seed 000): the aspirant and the nearest leader (the chef when
    the aspirant has no nearest leader)."""
    participant = assignment.enrolment.person
    found = [participant]
    if participant.manager is not None:
        found.append(participant.manager)
    else:
        chef_id = person_chef_id(person=participant)
        chef = Person.objects.filter(pk=chef_id).first() if chef_id else None
        if chef is not None:
            found.append(chef)
    return found


def _others(people: Iterable[Person | None], actor: Person | None) -> list[Person]:
    """`people` without `actor`, None and repeats, in order."""
    seen: dict[int, Person] = {}
    for person in people:
        if person is not None and (actor is None or person.pk != actor.pk):
            seen.setdefault(person.pk, person)
    return list(seen.values())


def _send(
    assignment: TaskAssignment, to: list[Person], template: str, actor: Person | None, role: str
) -> None:
    email_send(
        to=to,
        template=f"catalogue/email/{template}",
        context={
            "assignment": assignment,
            "participant": assignment.enrolment.person,
            "actor": actor,
            "role": role_label(role),
            "url": assignment_url(assignment),
        },
        kind=f"catalogue.{template}",
        about=assignment,
        cohort_id=assignment.enrolment.cohort_id,
    )


def tell_proposed(assignment: TaskAssignment, *, actor: Person | None, role: str) -> None:
    """Tell the parties other than `actor` that `actor` (acting as `role`) proposed the task
    (mail `catalogue/email/task_proposed`)."""
    to = _others(parties(assignment), actor)
    if to:
        _send(assignment, to, "task_proposed", actor, role)


def tell_agreed(assignment: TaskAssignment, *, actor: Person | None, role: str) -> None:
    """Tell the parties and the proposer, other than `actor`, that the task is agreed (mail
    `task_agreed`); when it awaits the host's confirmation, ask the host (`task_host_confirm`)."""
    to = _others([*parties(assignment), assignment.proposed_by], actor)
    if to:
        _send(assignment, to, "task_agreed", actor, role)
    if assignment.status == TaskAssignment.Status.AWAITING_HOST and assignment.host is not None:
        _send(assignment, [assignment.host], "task_host_confirm", actor, role)


def tell_host_confirmed(assignment: TaskAssignment, *, host: Person) -> None:
    """Tell the parties, the proposer and whoever agreed that the host confirmed (mail
    `task_host_confirmed`)."""
    to = _others([*parties(assignment), assignment.proposed_by, assignment.agreed_by], host)
    if to:
        _send(assignment, to, "task_host_confirmed", host, Relation.HOST.value)
