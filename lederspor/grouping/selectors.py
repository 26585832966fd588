"""Reads for network groups: enrolled participants and network meetings of a cohort, the
consultant's board and the participant's own group.

The board and the participant's group come shaped for their templates, with a fixed number of
queries whatever the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from lederspor.grouping import criteria as crit
from lederspor.grouping.models import GroupingRound, GroupMembership, NetworkGroup
from lederspor.grouping.score import value_mix, why_diverse
from lederspor.optimize.dissimilarity import Mode
from lederspor.people.selectors import load_units
from lederspor.programmes.models import Cohort, Enrolment, Session


def enrolled_participants(*, cohort: Cohort) -> list[Enrolment]:
    """The cohort's enrolled participants (status "optaget"), people and units loaded."""
    return list(
        Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ENROLLED)
        .select_related("person__unit")
        .order_by("person__first_name", "person__last_name", "pk")
    )


def network_meetings(*, cohort: Cohort) -> list[Session]:
    """The cohort's network meetings (*netværksmøder*), upcoming first by time."""
    return list(
        cohort.sessions.filter(
            kind=Session.Kind.NETWORK_MEETING, ends_at__gte=timezone.now()
        ).order_by("starts_at")
    )


def rounds_for_cohort(*, cohort: Cohort) -> QuerySet[GroupingRound]:
    """The cohort's rounds, newest first."""
    return cohort.grouping_rounds.order_by("-number")


@dataclass
class MemberRow:
    """One participant on the board."""

    membership: GroupMembership

    @property
    def enrolment(self) -> Enrolment:
        """The member's enrolment (person and unit loaded)."""
        return self.membership.enrolment


@dataclass
class GroupView:
    """One group on the board: members, mix per criterion and why it is diverse."""

    group: NetworkGroup
    members: list[MemberRow] = field(default_factory=list)
    mix: list[tuple[str, str]] = field(default_factory=list)
    why: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        """Number of members."""
        return len(self.members)


@dataclass
class Board:
    """The consultant's view of a round."""

    round: GroupingRound
    groups: list[GroupView]
    unassigned: list[Enrolment]
    criteria: list[dict[str, object]]  # the round's CriterionSpecs with "label" and "mode_label"


def round_board(*, round: GroupingRound) -> Board:
    """Groups with members, their mix on each criterion in use and the "why" phrases.

    Queries: groups, memberships with people and units, the unit tree, enrolled participants.
    """
    groups = list(round.groups.order_by("number"))
    memberships = list(
        round.memberships.select_related("enrolment__person__unit").order_by(
            "enrolment__person__first_name", "enrolment__person__last_name", "pk"
        )
    )
    ctx = crit.Context(units=load_units(), on=round.cohort.starts_on)
    enrolments = [ms.enrolment for ms in memberships]
    columns = crit.criterion_values(enrolments, ctx)
    columns["_age"] = [crit.participant_age(e, ctx) for e in enrolments]
    specs = crit.normalise_criteria(round.criteria)
    modes = {s["key"]: s["mode"] for s in specs}
    in_use = [s["key"] for s in specs if s["mode"] != Mode.IGNORE and s["weight"] > 0]

    views = {g.pk: GroupView(group=g) for g in groups}
    index_by_group: dict[int, list[int]] = {}
    for i, ms in enumerate(memberships):
        views[ms.group_id].members.append(MemberRow(ms))
        index_by_group.setdefault(ms.group_id, []).append(i)
    for group_id, view in views.items():
        idx = index_by_group.get(group_id, [])
        group_columns = {k: [columns[k][i] for i in idx] for k in columns}
        view.mix = [
            (
                str(crit.CRITERIA[k].label),
                value_mix(group_columns[k], numeric=crit.CRITERIA[k].numeric),
            )
            for k in in_use
        ]
        view.why = why_diverse(group_columns, {k: modes[k] for k in in_use})
    assigned = {ms.enrolment_id for ms in memberships}
    unassigned = [e for e in enrolled_participants(cohort=round.cohort) if e.pk not in assigned]
    shown = [
        {
            **s,
            "label": str(crit.CRITERIA[s["key"]].label),
            "mode_label": str(crit.MODE_LABELS[Mode(s["mode"])]),
        }
        for s in specs
    ]
    return Board(round=round, groups=list(views.values()), unassigned=unassigned, criteria=shown)


@dataclass
class MyGroup:
    """A participant's group in the latest published round."""

    round: GroupingRound
    group: NetworkGroup
    members: list[Enrolment]
    meetings: list[Session]


def my_published_group(*, enrolment: Enrolment) -> MyGroup | None:
    """The participant's group in the newest published round of their cohort, or None.

    Drafts are never shown. Three queries.
    """
    ms = (
        GroupMembership.objects.filter(
            enrolment=enrolment, round__status=GroupingRound.Status.PUBLISHED
        )
        .select_related("group", "round")
        .order_by("-round__number")
        .first()
    )
    if ms is None:
        return None
    members = list(
        Enrolment.objects.filter(group_memberships__group=ms.group, status__in=Enrolment.SEATED)
        .select_related("person__unit")
        .order_by("person__first_name", "person__last_name")
    )
    return MyGroup(
        round=ms.round,
        group=ms.group,
        members=members,
        meetings=network_meetings(cohort=enrolment.cohort),
    )
