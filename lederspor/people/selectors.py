"""Reads for the organisation: chefs, reports, manager lines and unit trees."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, cast

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest

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


def chef_scope_ids(*, chef: Person) -> QuerySet[Person, Any]:
    """Ids (`values("pk")`, for an `__in` subquery) of the persons whose chef is `chef`: those
    whose `chef_override` is `chef`, and those without an override whose manager's manager is
    `chef`. A UNION of the two sets, each served by an index (`chef_override`, then `manager`),
    so that at 30,000 persons no query of the chef's area scans `people_person` (an OR over the
    join did, issue #17 §1). The chef's own reports are read first (one query on the manager
    index): given as a list, PostgreSQL looks their reports up in the index, where for the
    self-join it chose a sequential scan of every person without an override."""
    reports = list(Person.objects.filter(manager=chef).values_list("pk", flat=True))
    overridden = Person.objects.filter(chef_override=chef).values("pk").order_by()
    inherited = (
        Person.objects.filter(chef_override__isnull=True, manager_id__in=reports)
        .values("pk")
        .order_by()
    )
    return overridden.union(inherited)


def chef_scope_q(*, chef: Person, prefix: str = "") -> Q:
    """Q matching persons (via `prefix`, e.g. "person__") whose chef is `chef`: their id in
    `chef_scope_ids` (with a prefix such as "person__" Django compares the foreign key itself,
    without a join to `people_person`)."""
    return Q(**{f"{prefix}pk__in": chef_scope_ids(chef=chef)})


def person_reports(*, leader: Person) -> QuerySet[Person]:
    """Active persons whose nearest leader is `leader`, with unit loaded, by name."""
    return (
        Person.objects.filter(manager=leader, is_active=True)
        .select_related("unit")
        .order_by("first_name", "last_name")
    )


#: how far up a manager line is followed (kommunaldirektør → … → nearest leader is < 8)
MANAGER_LINE_DEPTH = 8


def manager_lines(persons: Iterable[Person]) -> dict[int, set[int]]:
    """Person id → ids of their managers up the line (nearest leader, their leader, …).

    Used for the rule "never a manager and an employee below them together" (network groups,
    job-visit pairs). One query per level of the hierarchy, not per person; follows at most
    `MANAGER_LINE_DEPTH` levels and stops at a cycle.
    """
    persons = list(persons)
    parent = {p.pk: p.manager_id for p in persons}
    frontier = {m for m in parent.values() if m is not None and m not in parent}
    for _level in range(MANAGER_LINE_DEPTH):
        if not frontier:
            break
        rows = dict(Person.objects.filter(pk__in=frontier).values_list("pk", "manager_id"))
        parent.update(rows)
        frontier = {m for m in rows.values() if m is not None and m not in parent}
    lines: dict[int, set[int]] = {}
    for p in persons:
        seen: set[int] = set()
        current = parent.get(p.pk)
        while current is not None and current not in seen and len(seen) < MANAGER_LINE_DEPTH:
            seen.add(current)
            current = parent.get(current)
        lines[p.pk] = seen
    return lines


@dataclass(frozen=True)
class UnitInfo:
    """One org unit as tree walks need it (from a single query over the whole tree)."""

    pk: int
    name: str
    kind: str
    parent_id: int | None


#: the attribute `load_units(request=…)` caches the tree on
_REQUEST_UNITS = "_lederspor_units"


def load_units(request: HttpRequest | None = None) -> dict[int, UnitInfo]:
    """All org units keyed by id: one query over the whole tree (1,662 units at municipal size,
    small compared with the people), of any depth.

    With `request`, the tree is loaded once per request and cached on it, so a page that walks
    the tree several times still costs one query."""
    if request is not None:
        cached = getattr(request, _REQUEST_UNITS, None)
        if cached is not None:
            return cast("dict[int, UnitInfo]", cached)
    units = {
        pk: UnitInfo(pk, name, kind, parent_id)
        for pk, name, kind, parent_id in OrgUnit.objects.values_list(
            "pk", "name", "kind", "parent_id"
        )
    }
    if request is not None:
        setattr(request, _REQUEST_UNITS, units)
    return units


def _up(unit_id: int | None, units: dict[int, UnitInfo]) -> Iterator[UnitInfo]:
    """`unit_id`'s unit and the units above it, nearest first; stops at a cycle or a missing
    parent (so a broken tree never loops)."""
    seen: set[int] = set()
    current = units.get(unit_id) if unit_id is not None else None
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        yield current
        current = units.get(current.parent_id) if current.parent_id is not None else None


def unit_of_kind(unit_id: int | None, kind: str, units: dict[int, UnitInfo]) -> UnitInfo | None:
    """The nearest unit whose `kind` is exactly `kind` at or above `unit_id` in `units` (from
    `load_units`), or None if there is none. For "forvaltning"/"område" use `unit_in_role`,
    which follows the configured levels."""
    return next((u for u in _up(unit_id, units) if u.kind == kind), None)


class OrgRole(StrEnum):
    """A role a level of the tree plays for the programmes (issue #17 §2): which unit kinds
    play it is configuration (`settings.LEDERSPOR_ORG_LEVELS`)."""

    #: forvaltning/magistratsafdeling: grouping's "Forvaltning", job visits' "Forskellig
    #: forvaltning", the reports' forvaltning filter and breakdown
    DEPARTMENT = "department"
    #: område: job visits' "Forskelligt område" and the reports' område filter
    AREA = "area"


#: the default of `settings.LEDERSPOR_ORG_LEVELS`: the classic four-level tree
DEFAULT_ORG_LEVELS: dict[str, list[str]] = {
    OrgRole.DEPARTMENT: [OrgUnit.Kind.DEPARTMENT],
    OrgRole.AREA: [OrgUnit.Kind.AREA],
}


def role_kinds(role: str) -> frozenset[str]:
    """The unit kinds (`OrgUnit.kind` values) that play `role` (an `OrgRole` value), from
    `settings.LEDERSPOR_ORG_LEVELS` (default: "department" → {"department"}, "area" →
    {"area"}), case-folded: a kind plays the role whatever its case ("Afdeling" = "afdeling").
    Raises ValueError for an unknown role."""
    role = OrgRole(role)
    levels = getattr(settings, "LEDERSPOR_ORG_LEVELS", None) or DEFAULT_ORG_LEVELS
    return frozenset(kind.casefold() for kind in levels.get(role, DEFAULT_ORG_LEVELS[role]))


def unit_in_role(unit_id: int | None, role: str, units: dict[int, UnitInfo]) -> UnitInfo | None:
    """The unit playing `role` (an `OrgRole` value: "department" = forvaltning, "area" =
    område) for a person in `unit_id`: the nearest unit at or above `unit_id` in `units` (from
    `load_units`) whose kind is one of `role_kinds(role)`, or None if there is none (e.g. a unit
    directly under the root, or `unit_id` None).

    The one place the tree's levels are interpreted (issue #17 §2): grouping criteria, job-visit
    pairing, the reports and the demo all ask it. Any depth; stops at a cycle; no query."""
    kinds = role_kinds(role)
    return next((u for u in _up(unit_id, units) if u.kind.casefold() in kinds), None)


def role_units(role: str) -> QuerySet[OrgUnit]:
    """Units whose kind plays `role` (see `role_kinds`), by name, inactive ones included (a
    report looks back in time): e.g. the choices of the reports' forvaltning and område
    filters. One query when evaluated."""
    match = Q(pk__in=[])
    for kind in sorted(role_kinds(role)):
        match |= Q(kind__iexact=kind)
    return OrgUnit.objects.filter(match).order_by("name")


def unit_subtree_ids(unit_ids: Iterable[int], units: dict[int, UnitInfo]) -> set[int]:
    """`unit_ids` and every unit below them in `units` (from `load_units`); any depth, each
    unit visited once (so a cycle in the parent links never loops)."""
    children: dict[int, list[int]] = {}
    for info in units.values():
        if info.parent_id is not None:
            children.setdefault(info.parent_id, []).append(info.pk)
    found: set[int] = set()
    stack = [pk for pk in unit_ids if pk in units]
    while stack:
        pk = stack.pop()
        if pk in found:
            continue
        found.add(pk)
        stack.extend(children.get(pk, ()))
    return found


def led_unit_ids(
    *,
    person: Person,
    units: dict[int, UnitInfo] | None = None,
    request: HttpRequest | None = None,
) -> set[int]:
    """Ids of the units `person` leads: for a leader (someone with reports), their own unit,
    the units of their reports and everything below them, at any depth; empty for anyone else.

    Two queries (reports' units and, unless `units` is given, the unit tree; with `request`
    the tree is the one cached on the request, `load_units(request)`)."""
    report_units = set(
        Person.objects.filter(manager=person, is_active=True).values_list("unit_id", flat=True)
    )
    if not report_units:
        return set()
    if units is None:
        units = load_units(request)
    return unit_subtree_ids({person.unit_id, *report_units}, units)


def ancestor_unit_ids(unit_id: int, units: dict[int, UnitInfo]) -> list[int]:
    """`unit_id` and the units above it in `units` (from `load_units`), nearest first; any
    depth, stops at a cycle."""
    return [u.pk for u in _up(unit_id, units)]


def unit_ancestors(*, unit: OrgUnit, units: dict[int, UnitInfo] | None = None) -> list[OrgUnit]:
    """Return the chain of `OrgUnit`s from the root down to `unit`, at any depth.

    Two queries (the tree, unless `units` from `load_units` is given, and the chain's rows);
    stops at a cycle, so a broken parent link never loops.
    """
    units = load_units() if units is None else units
    above = [pk for pk in ancestor_unit_ids(unit.pk, units) if pk != unit.pk]
    rows = OrgUnit.objects.in_bulk(above)
    return [rows[pk] for pk in reversed(above) if pk in rows] + [unit]


def unit_people(*, unit_id: int, units: dict[int, UnitInfo] | None = None) -> QuerySet[Person]:
    """Active persons in `unit_id` and every unit below it, by name."""
    units = load_units() if units is None else units
    return Person.objects.filter(
        unit_id__in=unit_subtree_ids({unit_id}, units), is_active=True
    ).order_by("first_name", "last_name", "pk")


#: the longest search HR's person list accepts (characters; longer input is cut, not refused)
PERSON_SEARCH_MAX_LENGTH = 200
#: at most this many words of a search are used (each is one more condition on 30,000 rows)
PERSON_SEARCH_MAX_WORDS = 8


def active_persons() -> QuerySet[Person]:
    """The persons pickers may offer: those active in the organisation (`is_active`; a full
    load marks those missing from the source inactive, issue #17 §2). A plain QuerySet of
    `Person`, unordered; add the filter, order and `select_related` the picker needs."""
    return Person.objects.filter(is_active=True)


def person_search(*, q: str = "", include_inactive: bool = False) -> QuerySet[Person]:
    """Persons for HR's person list (issue #16 §3), by first and last name, with unit, nearest
    leader and login loaded. `q` (whitespace-separated words; the first
    `PERSON_SEARCH_MAX_WORDS` of at most `PERSON_SEARCH_MAX_LENGTH` characters are used; control
    characters such as NUL, which PostgreSQL refuses in a parameter, are dropped) keeps
    those where every word is in the first or last name, e-mail or employee number, or in the
    name of their unit or a unit above it (so "Ældreområdet" finds everyone in the area's
    workplaces); any case. Only active persons (`active_persons`) unless `include_inactive`
    (HR's "Vis også inaktive", the data protection officer's search).

    One query for the unit tree when `q` is not empty, then the list itself: never a query per
    person. The name order is served by `person_name_idx`.
    """
    base = Person.objects.all() if include_inactive else active_persons()
    persons = base.select_related("unit", "manager", "user")
    printable = "".join(c for c in q[:PERSON_SEARCH_MAX_LENGTH] if c.isprintable() or c == " ")
    words = printable.split()[:PERSON_SEARCH_MAX_WORDS]
    units = load_units() if words else {}
    for word in words:
        needle = word.casefold()
        named = {pk for pk, info in units.items() if needle in info.name.casefold()}
        condition = (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(employee_number__icontains=word)
        )
        if named:
            condition |= Q(unit_id__in=unit_subtree_ids(named, units))
        persons = persons.filter(condition)
    return persons.order_by("first_name", "last_name", "pk")
