"""Demo network groups: compose and publish a round for a running cohort (`lederspor demo`).

Called by `core.demo` for the running aspirant cohort; deterministic for a given seed except for
the solver's time limit (the same seed gives the same start, and 24 participants converge fast).
"""

from __future__ import annotations

from lederspor.core.models import User
from lederspor.grouping import services
from lederspor.grouping.models import GroupingRound
from lederspor.programmes.models import Cohort

#: the tasks each demo group gets (seed 002 §6: "Der bliver bestemte opgaver, som I skal løse i
#: netværksgrupperne"); {facilitator} names who leads the group's first meeting
DEMO_TASKS = (
    "Mellem netværksmøderne:\n"
    "1. Hver deltager tager en aktuel ledelsesudfordring fra sin praksisopgave med og får "
    "gruppens sparring (ca. 15 minutter pr. person).\n"
    "2. Kobl dagens teori til en konkret situation fra jeres hverdag, og skriv hver en kort "
    "refleksion til næste møde.\n"
    "3. Aftal, hvem der er ordstyrer og tidtager næste gang. {facilitator} starter."
)


def build_demo_groups(*, cohort: Cohort, by_user: User, seed: int = 2026) -> GroupingRound:
    """Create, compose and publish round 1 of network groups for `cohort` with Danish tasks.

    Members get the usual e-mail (queued for the worker). Returns the published round.
    """
    rnd = services.grouping_round_create(cohort=cohort, by=by_user, seed=seed)
    rnd = services.grouping_round_compose(round=rnd, by=by_user, expected_version=rnd.version)
    for group in rnd.groups.order_by("number"):
        first = (
            group.memberships.select_related("enrolment__person")
            .order_by("enrolment__person__first_name", "enrolment__person__last_name")
            .first()
        )
        facilitator = first.enrolment.person.first_name if first else "En af jer"
        services.network_group_set_tasks(
            group=group,
            tasks=DEMO_TASKS.format(facilitator=facilitator),
            by=by_user,
            expected_version=rnd.version,
        )
        rnd.refresh_from_db()
    return services.grouping_round_publish(round=rnd, by=by_user, expected_version=rnd.version)
