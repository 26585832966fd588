"""Who may see and change network-group rounds (STYLE.md §4).

Round pages follow the cohort: its consultants and administrators write, HR staff with the
manage permission read (403 on a write), everyone else – participants, leaders, chefs,
outsiders – gets 404. Participants see only their own group in a published round, on their
enrolment page (`selectors.my_published_group`).
"""

from django.http import HttpRequest

from lederspor.core.access import not_found
from lederspor.grouping.models import GroupingRound, GroupMembership, NetworkGroup
from lederspor.programmes.access import get_cohort_for


def get_round_for(request: HttpRequest, pk: int, *, write: bool = False) -> GroupingRound:
    """Load round `pk` if the signed-in person may read it (write: change it); else 404/403."""
    rnd = GroupingRound.objects.filter(pk=pk).first()
    if rnd is None:
        raise not_found()
    rnd.cohort = get_cohort_for(request, rnd.cohort_id, write=write)
    return rnd


def get_group_for(request: HttpRequest, pk: int, *, write: bool = False) -> NetworkGroup:
    """Load network group `pk` with its round under the round's rules."""
    group = NetworkGroup.objects.filter(pk=pk).first()
    if group is None:
        raise not_found()
    group.round = get_round_for(request, group.round_id, write=write)
    return group


def get_membership_for(request: HttpRequest, pk: int, *, write: bool = False) -> GroupMembership:
    """Load a group membership with its round under the round's rules."""
    ms = GroupMembership.objects.select_related("enrolment__person").filter(pk=pk).first()
    if ms is None:
        raise not_found()
    ms.round = get_round_for(request, ms.round_id, write=write)
    return ms
