"""Who may read and write logbook entries (issue #3 §3; seed 002 §7).

A logbook holds personal reflections, so access is narrower than to the enrolment itself:

- the author (the enrolment's participant) reads and writes every entry of their enrolments;
- the nearest leader (`enrolment.person.manager`) reads entries shared with the leader;
- members of the participant's published network group read entries shared with the group;
- everyone else — consultants, the chef, administrators, other leaders and other groups — gets
  404 for every entry, also for shared ones (`core.access.not_found`). Readers who try to write
  get 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.selectors import WRITABLE_STATUSES, is_group_peer
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.models import Enrolment


@dataclass(frozen=True)
class EntryAccess:
    """An entry as the viewer may use it: `is_author` (read and write) or only read."""

    entry: LogbookEntry
    is_author: bool


def may_read_entry(*, person: Person | None, entry: LogbookEntry) -> bool:
    """True if `person` may read `entry` by the rules in the module docstring.

    Needs `entry.enrolment.person` loaded; the network-group check costs up to two queries and
    runs only for entries shared with the group.
    """
    if person is None:
        return False
    participant = entry.enrolment.person
    if participant.pk == person.pk:
        return True
    if entry.visibility == Visibility.LEADER:
        return participant.manager_id == person.pk
    if entry.visibility == Visibility.NETWORK_GROUP:
        return is_group_peer(person=person, enrolment=entry.enrolment)
    return False


def get_entry_for(request: HttpRequest, pk: int, *, write: bool = False) -> EntryAccess:
    """Load entry `pk` for the signed-in person.

    Raises Http404 when they may not read it (or it does not exist), PermissionDenied (403) when
    `write` is asked by a reader who is not the author.
    """
    person = roles_for(request).person
    entry = (
        LogbookEntry.objects.select_related(
            "enrolment__person__manager",
            "enrolment__cohort__programme",
            "session",
            "task_assignment",
            "conversation",
        )
        .filter(pk=pk)
        .first()
    )
    if entry is None or not may_read_entry(person=person, entry=entry):
        raise not_found()
    is_author = person is not None and entry.enrolment.person_id == person.pk
    if write and not is_author:
        raise PermissionDenied
    return EntryAccess(entry, is_author)


def writable_enrolments(request: HttpRequest) -> list[Enrolment]:
    """The signed-in person's enrolments they may write new entries in (not rejected or
    withdrawn), newest cohort first, cohort and programme loaded. Empty for non-participants."""
    person = roles_for(request).person
    if person is None:
        return []
    return list(
        Enrolment.objects.filter(person=person, status__in=WRITABLE_STATUSES)
        .select_related("cohort__programme", "person")
        .order_by("-cohort__starts_on", "-pk")
    )


def get_shared_enrolment_for(request: HttpRequest, pk: int) -> tuple[Enrolment, list[str]]:
    """Load enrolment `pk` for a reader of its shared entries: returns the enrolment and the
    visibilities the viewer may read (`Visibility` values: "leader" for the nearest leader,
    "network_group" for group peers). Raises Http404 for anyone else, including the participant
    (who uses their own logbook) and consultants."""
    person = roles_for(request).person
    enrolment = (
        Enrolment.objects.select_related("person__manager", "cohort__programme")
        .filter(pk=pk)
        .first()
    )
    if enrolment is None or person is None or enrolment.person_id == person.pk:
        raise not_found()
    visible = []
    if enrolment.person.manager_id == person.pk:
        visible.append(Visibility.LEADER.value)
    if is_group_peer(person=person, enrolment=enrolment):
        visible.append(Visibility.NETWORK_GROUP.value)
    if not visible:
        raise not_found()
    return enrolment, visible
