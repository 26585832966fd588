"""Reads for the organisation: chefs, reports and unit trees."""

from django.db.models import Q, QuerySet

from lederspor.people.models import OrgUnit, Person


def person_chef_id(*, person: Person) -> int | None:
    """Return the id of `person`'s chef: `chef_override` if set, else the manager's manager.

    Needs `person.manager` loaded (select_related) to avoid a query. Returns None if unknown.
    """
    if person.chef_override_id:
        return person.chef_override_id
    if person.manager_id is None:
        return None
    return person.manager.manager_id if person.manager else None


def chef_scope_q(*, chef: Person, prefix: str = "") -> Q:
    """Q matching persons (via `prefix`, e.g. "person__") whose chef is `chef`."""
    return Q(**{f"{prefix}chef_override": chef}) | Q(
        **{f"{prefix}chef_override__isnull": True, f"{prefix}manager__manager": chef}
    )


def person_reports(*, leader: Person) -> QuerySet[Person]:
    """Active persons whose nearest leader is `leader`, with unit loaded, by name."""
    return (
        Person.objects.filter(manager=leader, is_active=True)
        .select_related("unit")
        .order_by("first_name", "last_name")
    )


def unit_ancestors(*, unit: OrgUnit) -> list[OrgUnit]:
    """Return the chain from the root down to `unit` (one query per level; at most four)."""
    chain = [unit]
    while chain[0].parent_id is not None:
        chain.insert(0, OrgUnit.objects.get(pk=chain[0].parent_id))
    return chain
