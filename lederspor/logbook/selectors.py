"""Reads of the logbook: the author's own entries, what the nearest leader and the network group
may read, and the link choices of an entry.

Network group (*netværksgruppe*, seed 002 §1/§6; `lederspor.grouping`): an enrolment's group is
its group in the newest *published* round of its cohort in which it has a place (the same rule as
`grouping.selectors.my_published_group`; drafts never count). Two participants are group peers
when each one's group is the other's, and both are seated (enrolled or completed).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations.models import Conversation
from lederspor.grouping.models import GroupingRound, GroupMembership
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment, Session

#: enrolment statuses in which the participant may write new entries (not rejected/withdrawn)
WRITABLE_STATUSES = (
    Enrolment.Status.NOMINATED,
    Enrolment.Status.ENROLLED,
    Enrolment.Status.COMPLETED,
)


def entries_shared_with_leader(*, enrolment: Enrolment) -> QuerySet[LogbookEntry]:
    """The entries of `enrolment` its participant has shared with the nearest leader, newest
    first. Seed 002 §7: the logbook is the starting point of the conversation with the leader,
    so the preparation of that conversation shows these (never private ones)."""
    return LogbookEntry.objects.filter(enrolment=enrolment, visibility=Visibility.LEADER).order_by(
        "-written_on", "-pk"
    )


def enrolments_sharing_with_leader(*, leader: Person) -> QuerySet[Enrolment]:
    """The enrolments of `leader`'s direct reports (the leader is their nearest leader) with at
    least one entry shared with the leader, annotated `shared_count`, newest cohort first, with
    person, cohort and programme loaded. One query."""
    return (
        Enrolment.objects.filter(person__manager=leader)
        .annotate(
            shared_count=Count(
                "logbook_entries", filter=Q(logbook_entries__visibility=Visibility.LEADER)
            )
        )
        .filter(shared_count__gt=0)
        .select_related("person", "cohort__programme")
        .order_by("person__first_name", "person__last_name", "-cohort__starts_on")
    )


def entries_for_author(
    *,
    person: Person,
    enrolment_id: int | None = None,
    visibility: str = "",
    q: str = "",
) -> QuerySet[LogbookEntry]:
    """The entries `person` wrote (on any of their enrolments), newest first, with enrolment,
    cohort, programme and links loaded (one query per page).

    `enrolment_id` limits to one enrolment; `visibility` ("private", "leader", "network_group",
    or "shared" for any of the two shared ones) filters by who may read; `q` searches title and
    text (case-insensitive substring).
    """
    entries = LogbookEntry.objects.filter(enrolment__person=person)
    if enrolment_id is not None:
        entries = entries.filter(enrolment_id=enrolment_id)
    if visibility == "shared":
        entries = entries.exclude(visibility=Visibility.PRIVATE)
    elif visibility:
        entries = entries.filter(visibility=visibility)
    q = q.strip()
    if q:
        entries = entries.filter(Q(title__icontains=q) | Q(text__icontains=q))
    return entries.select_related(
        "enrolment__cohort__programme", "session", "task_assignment", "conversation"
    ).order_by("-written_on", "-pk")


def published_group_ids(*, enrolment_ids: Iterable[int]) -> dict[int, int]:
    """{enrolment id: id of its network group in the newest published round it is in}, for those
    of `enrolment_ids` that have one. One query."""
    rows = (
        GroupMembership.objects.filter(
            enrolment_id__in=list(enrolment_ids), round__status=GroupingRound.Status.PUBLISHED
        )
        .order_by("enrolment_id", "-round__number")
        .values_list("enrolment_id", "group_id")
    )
    groups: dict[int, int] = {}
    for enrolment_id, group_id in rows:
        groups.setdefault(enrolment_id, group_id)
    return groups


def group_peer_enrolment_ids(*, person: Person) -> set[int]:
    """Ids of the enrolments (not `person`'s own) whose participants are in the same published
    network group as `person`, by the rule in the module docstring. Four queries at most."""
    own = list(
        Enrolment.objects.filter(person=person, status__in=Enrolment.SEATED).values_list(
            "pk", flat=True
        )
    )
    if not own:
        return set()
    my_groups = set(published_group_ids(enrolment_ids=own).values())
    if not my_groups:
        return set()
    candidates = set(
        GroupMembership.objects.filter(
            group_id__in=my_groups, enrolment__status__in=Enrolment.SEATED
        )
        .exclude(enrolment__person=person)
        .values_list("enrolment_id", flat=True)
    )
    # the author's own group decides (the newest published round they are in)
    theirs = published_group_ids(enrolment_ids=candidates)
    return {e for e in candidates if theirs.get(e) in my_groups}


def is_group_peer(*, person: Person | None, enrolment: Enrolment) -> bool:
    """True if `person` is in `enrolment`'s published network group (not its participant)."""
    if person is None or enrolment.person_id == person.pk:
        return False
    if enrolment.status not in Enrolment.SEATED:
        return False
    group_id = published_group_ids(enrolment_ids=[enrolment.pk]).get(enrolment.pk)
    if group_id is None:
        return False
    mine = list(
        Enrolment.objects.filter(
            person=person, cohort_id=enrolment.cohort_id, status__in=Enrolment.SEATED
        ).values_list("pk", flat=True)
    )
    return group_id in published_group_ids(enrolment_ids=mine).values()


def entries_shared_with_group(*, person: Person, q: str = "") -> QuerySet[LogbookEntry]:
    """Entries shared with the network group by `person`'s group peers, newest first, authors
    loaded; `q` searches title and text."""
    entries = LogbookEntry.objects.filter(
        enrolment_id__in=group_peer_enrolment_ids(person=person),
        visibility=Visibility.NETWORK_GROUP,
    )
    q = q.strip()
    if q:
        entries = entries.filter(Q(title__icontains=q) | Q(text__icontains=q))
    return entries.select_related(
        "enrolment__person", "enrolment__cohort", "session", "task_assignment", "conversation"
    ).order_by("-written_on", "-pk")


def session_choices(*, enrolment: Enrolment) -> QuerySet[Session]:
    """The sessions an entry of `enrolment` may link to: those of its cohort, by time."""
    return Session.objects.filter(cohort_id=enrolment.cohort_id).order_by("starts_at", "pk")


def task_choices(*, enrolment: Enrolment) -> QuerySet[TaskAssignment]:
    """The practice tasks an entry of `enrolment` may link to: the enrolment's own."""
    return TaskAssignment.objects.filter(enrolment=enrolment).order_by("title", "pk")


def conversation_choices(*, enrolment: Enrolment) -> QuerySet[Conversation]:
    """The conversations an entry of `enrolment` may link to: the enrolment's own conversations
    that its participant attends, by time."""
    return Conversation.objects.filter(
        enrolment=enrolment, attendees__person_id=enrolment.person_id
    ).order_by("starts_at", "pk")
