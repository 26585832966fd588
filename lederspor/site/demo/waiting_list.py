"""The demo's waiting list (issue #16 §3): a small aspirant cohort that is full, with two
nominations on its waiting list, and a participant who withdrew three days ago, so the cohort
page and the nomination queue of its consultant say "Pladsen kan tilbydes …".

Deterministic: the people are the first employees (by employee number) who are on no programme
yet, the first of them from the showcase leader's own workplace, so that leader sees the
nominee's number on the waiting list on "Mine medarbejdere".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Programme
from lederspor.programmes.services import (
    cohort_create,
    enrolment_approve,
    enrolment_nominate,
    enrolment_waitlist,
    enrolment_withdraw,
)
from lederspor.site.demo.organisation import FINANCE_TEAM, HR_TEAM
from lederspor.site.demo.story import Story, at, made

#: the full cohort with the waiting list
WAITLIST_COHORT = "Lederaspiranter, ekstra hold efterår"
#: its seats: all taken before the withdrawal
CAPACITY = 4
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WaitingListShowcase:
    """The cohort, the two waiting (in order) and the one who withdrew."""

    cohort: Cohort
    waiting: list[Enrolment]
    withdrawn: Enrolment


def _people(showcase_leader: Person, count: int) -> list[Person]:
    """`count` employees on no programme, with a nearest leader and an e-mail address: one of
    the showcase leader's own first (when there is one), then by employee number."""
    free = (
        Person.objects.filter(is_leader=False, manager__isnull=False, enrolments__isnull=True)
        .exclude(email="")
        .exclude(unit__name__in=(HR_TEAM, FINANCE_TEAM))
        .select_related("manager")
        .order_by("employee_number")
    )
    own = list(free.filter(manager=showcase_leader)[:1])
    others = list(free.exclude(pk__in=[p.pk for p in own])[: count - len(own)])
    # the showcase leader's employee is the first on the waiting list: after the seated ones
    return [*others[:CAPACITY], *own, *others[CAPACITY:]]


def build_waiting_list(
    *, story: Story, programme: Programme, consultants: list[Person], showcase_leader: Person
) -> WaitingListShowcase:
    """Create the full cohort: four nominations approved seven weeks ago, two more put on the
    waiting list a month ago, and one participant withdrawn three days ago (the seat waits to
    be offered to the first on the list). Returns the showcase rows."""
    today, consultant = story.today, consultants[0]
    by = login_of(consultant)
    people = _people(showcase_leader, CAPACITY + 2)
    cohort = story.do(
        at(today - 60 * DAY, 9),
        lambda: cohort_create(
            programme=programme,
            name=WAITLIST_COHORT,
            starts_on=today + 21 * DAY,
            ends_on=today + 200 * DAY,
            capacity=CAPACITY,
            consultants=consultants,
            by=by,
            description="Et ekstra, lille hold til de indstillede, der ikke fik plads i foråret. "
            "Holdet er fuldt; nye indstillinger kommer på venteliste.",
        ),
    )
    enrolments: list[Enrolment] = []
    for i, person in enumerate(people):
        leader = made(person.manager, "the nominee's nearest leader")
        enrolments.append(
            story.do(
                at(today - (55 - i) * DAY, 10),
                partial(
                    enrolment_nominate,
                    cohort=cohort,
                    person=person,
                    nominated_by=leader,
                    motivation=f"{person.first_name} tager allerede ansvar i teamet og vil gerne "
                    "afprøve lederrollen.",
                    by=login_of(leader),
                ),
            )
        )
    for enrolment in enrolments[:CAPACITY]:
        story.do(
            at(today - 48 * DAY, 11),
            partial(enrolment_approve, enrolment=enrolment, decided_by=consultant, by=by),
        )
    waiting = enrolments[CAPACITY:]
    for i, enrolment in enumerate(waiting):
        story.do(
            at(today - 30 * DAY, 11, i), partial(enrolment_waitlist, enrolment=enrolment, by=by)
        )
    withdrawn = enrolments[1]
    story.do(
        at(today - 3 * DAY, 14),
        lambda: enrolment_withdraw(
            enrolment=withdrawn,
            by=by,
            reason="Er gået på barsel og må melde fra; vil gerne indstilles igen senere.",
        ),
    )
    return WaitingListShowcase(cohort=cohort, waiting=waiting, withdrawn=withdrawn)
