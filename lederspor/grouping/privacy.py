"""What the network groups hold about a person, for the privacy registries (issue #15 §2–§3).

Registers in `privacy.registry.personal_data`:

- `grouping.memberships` (GROUPING): the person's places in network groups (cohort, round,
  group; not the other members) and the rounds they published as a consultant. Erasure
  anonymises: a membership stays on the anonymised enrolment (the rotation memory and the
  group sizes need it), and the person's login is removed as publisher.

No retention rule: a membership is structure of the cohort and goes with the enrolment.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.grouping.models import GroupingRound, GroupMembership
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    personal_data,
    records,
)


def export_memberships(person: Person) -> list[dict[str, Any]]:
    """The person's group memberships and the rounds they published."""
    memberships = (
        GroupMembership.objects.filter(enrolment__person=person)
        .select_related("round__cohort", "group")
        .order_by("round__cohort_id", "round__number")
    )
    result = [
        {"record": "group_membership", **item}
        for item in records(
            memberships,
            ["round.cohort.name", "round.number", "round.status", "group.name", "locked"],
        )
    ]
    if person.user_id is not None:
        published = GroupingRound.objects.filter(published_by_id=person.user_id).select_related(
            "cohort"
        )
        result += [
            {"record": "round_published", **item}
            for item in records(published.order_by("pk"), ["cohort.name", "number", "published_at"])
        ]
    return result


def erase_memberships(person: Person, apply: bool) -> list[ErasureLine]:
    """Keep the memberships (on the anonymised enrolment); remove the person's login as the
    publisher of rounds."""
    memberships = GroupMembership.objects.filter(enrolment__person=person)
    published = GroupingRound.objects.filter(
        published_by_id=person.user_id, published_by__isnull=False
    )
    lines = [
        ErasureLine(
            _("Pladser i netværksgrupper (bevares uden navn)"),
            memberships.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Grupperingsrunder offentliggjort af personen (navnet fjernes)"),
            published.count() if person.user_id else 0,
            Action.ANONYMISE,
        ),
    ]
    if apply and person.user_id:
        published.update(published_by=None)
    return lines


def register() -> None:
    """Register the network groups' entry (called once from `GroupingConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="grouping.memberships",
            order=50,
            label=_("Netværksgrupper"),
            kind=RecordKind.GROUPING,
            models=(GroupMembership, GroupingRound),
            export=export_memberships,
            erase=erase_memberships,
        )
    )
