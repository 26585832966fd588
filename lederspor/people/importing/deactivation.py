"""Full loads deactivate (issue #17 §2, "Full loads deactivate"; docs/import.md "Fuld indlæsning").

A *full* load (a file import with "fuld indlæsning", or the OS2mo sync) says "this is the whole
organisation": persons and units that are active here but missing from the source are marked
inactive (`is_active=False`, `deactivated_at=now`), never deleted. A full persons load touches
only persons, a full units load only units. Whoever is in a load again (full or not) and was
inactive becomes active again, and the date is cleared.

The work is split in two so a dry run and a real run report the same thing:

- `plan_deactivation` runs *before* the rows are written and reads only the database as it was
  and the tables: who would go, who comes back, which missing units still have active persons
  (counting where the persons file moves people), and whether more than the allowed share
  (`settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE`, default 0.05 of the active persons, and the
  same share of the active units) would go;
- `apply_deactivation` runs *after* the writes in the load's transaction. It writes nothing for
  a dry run or a refused plan (the caller rolls the load back). Otherwise it flips the rows,
  sets each login's `User.is_active` with its person (so no sign-in backend, password reset or
  invitation lets an inactive person in, and their sessions end at the next request: Django's
  `get_user` refuses an inactive login), writes one audit row, and calls the
  `people.extensions.persons_deactivated` hooks (programmes: the mail to the consultants).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.audit import OrganisationAction
from lederspor.people.extensions import notify_persons_deactivated
from lederspor.people.importing.reader import Table
from lederspor.people.leadership import SOURCE_IMPORT, record_leadership_changes
from lederspor.people.models import OrgUnit, Person

T = TypeVar("T")

#: ids per UPDATE (SQLite allows at most 32,766 parameters per statement)
CHUNK = 1000


def max_share() -> float:
    """The largest share (0–1) of the active persons, and of the active units, a full load may
    deactivate without confirmation (`settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE`, 0.05)."""
    return float(getattr(settings, "LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE", 0.05))


@dataclass
class Deactivation:
    """What a load does to who is active: the plan, and after `apply_deactivation` the outcome.

    Lists hold small dicts for the report (JSON): persons `{"id", "number", "name", "unit"}`,
    units `{"id", "code", "name"}`, blocked units `{"code", "name", "persons", "units"}` (counts
    of active persons and of units in the file below it).
    `active_persons` / `active_units` are the active rows before the load (the base of the
    share). `full_persons` / `full_units` say which kinds were loaded in full.
    """

    full_persons: bool = False
    full_units: bool = False
    share: float = 0.05
    confirmed: bool = False
    active_persons: int = 0
    active_units: int = 0
    persons: list[dict[str, Any]] = field(default_factory=list)
    units: list[dict[str, Any]] = field(default_factory=list)
    blocked_units: list[dict[str, Any]] = field(default_factory=list)
    reactivated_persons: list[dict[str, Any]] = field(default_factory=list)
    reactivated_units: list[dict[str, Any]] = field(default_factory=list)
    #: True once `apply_deactivation` has written the changes (never for a dry run)
    applied: bool = False

    @property
    def persons_limit(self) -> int:
        """How many persons may go without confirmation: the share of the active persons,
        rounded down."""
        return math.floor(self.share * self.active_persons + 1e-9)

    @property
    def units_limit(self) -> int:
        """How many units may go without confirmation (the same share of the active units)."""
        return math.floor(self.share * self.active_units + 1e-9)

    @property
    def too_many(self) -> bool:
        """More persons or units would go than the share allows (whether confirmed or not)."""
        return len(self.persons) > self.persons_limit or len(self.units) > self.units_limit

    @property
    def needs_confirmation(self) -> bool:
        """The load is refused until it is run again with confirmation."""
        return self.too_many and not self.confirmed

    @property
    def errors(self) -> list[str]:
        """Why the load is refused, in Danish (empty when it may go ahead)."""
        errors: list[str] = []
        percent = f"{self.share * 100:g} %"
        if self.needs_confirmation and len(self.persons) > self.persons_limit:
            errors.append(
                _(
                    "Den fulde indlæsning ville deaktivere %(n)d af %(total)d aktive personer. "
                    "Det er flere end de %(percent)s (%(limit)d), der må deaktiveres uden "
                    "bekræftelse. Intet er gemt; bekræft, hvis de skal deaktiveres."
                )
                % {
                    "n": len(self.persons),
                    "total": self.active_persons,
                    "percent": percent,
                    "limit": self.persons_limit,
                }
            )
        if self.needs_confirmation and len(self.units) > self.units_limit:
            errors.append(
                _(
                    "Den fulde indlæsning ville deaktivere %(n)d af %(total)d aktive enheder. "
                    "Det er flere end de %(percent)s (%(limit)d), der må deaktiveres uden "
                    "bekræftelse. Intet er gemt; bekræft, hvis de skal deaktiveres."
                )
                % {
                    "n": len(self.units),
                    "total": self.active_units,
                    "percent": percent,
                    "limit": self.units_limit,
                }
            )
        for unit in self.blocked_units:
            values = {"code": unit["code"], "name": unit["name"], "n": unit["persons"]}
            if unit["persons"]:
                errors.append(
                    _(
                        "Enheden %(code)s (%(name)s) mangler i filen, men har stadig %(n)d "
                        "aktive personer, så den kan ikke deaktiveres. Flyt personerne, eller "
                        "indlæs enheden igen."
                    )
                    % values
                )
            if unit.get("units"):
                errors.append(
                    _(
                        "Enheden %(code)s (%(name)s) mangler i filen, men %(n)d enheder i filen "
                        "ligger under den, så den kan ikke deaktiveres. Indlæs enheden igen, "
                        "eller flyt enhederne."
                    )
                    % {**values, "n": unit["units"]}
                )
        return errors

    @property
    def ok(self) -> bool:
        """The load may be written (no refusal, no blocked unit)."""
        return not self.errors

    def as_report(self) -> dict[str, Any]:
        """The plan as JSON for `OrgLoadRun.report["deactivation"]`."""
        return {
            "full_persons": self.full_persons,
            "full_units": self.full_units,
            "share": self.share,
            "percent": f"{self.share * 100:g}",
            "confirmed": self.confirmed,
            "active_persons": self.active_persons,
            "active_units": self.active_units,
            "persons_limit": self.persons_limit,
            "units_limit": self.units_limit,
            "needs_confirmation": self.needs_confirmation,
            "applied": self.applied,
            "persons": self.persons,
            "units": self.units,
            "blocked_units": self.blocked_units,
            "reactivated_persons": self.reactivated_persons,
            "reactivated_units": self.reactivated_units,
            "errors": self.errors,
        }


def _column(table: Table | None, name: str) -> list[str]:
    """The values of column `name` (as read, trimmed) of every row of `table`."""
    if table is None:
        return []
    return [values.get(name, "") for _line, values in table.rows]


def _person_item(pk: int, number: str, first: str, last: str, unit: str) -> dict[str, Any]:
    return {"id": pk, "number": number, "name": f"{first} {last}".strip(), "unit": unit}


def plan_deactivation(
    *, units: Table | None, persons: Table | None, full: bool, confirm: bool = False
) -> Deactivation:
    """What loading `units` and/or `persons` does to who is active, read before any write.

    With `full`, every active person not in `persons` (by `medarbejdernummer`) and every active
    unit not in `units` (by `enhedskode`) is listed to go; a kind not loaded is left alone. A
    missing unit that would still hold active persons (after this load's moves and
    deactivations) is listed in `blocked_units`. Inactive persons and units that are in the
    tables are listed to come back (with or without `full`). `confirm`: the user accepts more
    than the share. A few queries, none per row; reads the active rows' ids and keys.
    """
    plan = Deactivation(share=max_share(), confirmed=confirm)
    numbers = set(_column(persons, "medarbejdernummer"))
    codes = set(_column(units, "enhedskode"))
    plan.full_persons = full and persons is not None
    plan.full_units = full and units is not None

    if persons is not None:
        for pk, number, first, last, unit in Person.objects.filter(is_active=False).values_list(
            "pk", "employee_number", "first_name", "last_name", "unit__name"
        ):
            if number in numbers:
                plan.reactivated_persons.append(_person_item(pk, number, first, last, unit))
    if units is not None:
        for pk, code, name in OrgUnit.objects.filter(is_active=False).values_list(
            "pk", "code", "name"
        ):
            if code in codes:
                plan.reactivated_units.append({"id": pk, "code": code, "name": name})

    if plan.full_persons:
        active = Person.objects.filter(is_active=True).order_by("first_name", "last_name", "pk")
        rows = list(
            active.values_list("pk", "employee_number", "first_name", "last_name", "unit__name")
        )
        plan.active_persons = len(rows)
        plan.persons = [_person_item(*row) for row in rows if row[1] not in numbers]
    if plan.full_units:
        rows_u = list(
            OrgUnit.objects.filter(is_active=True)
            .order_by("name", "pk")
            .values_list("pk", "code", "name")
        )
        plan.active_units = len(rows_u)
        plan.units = [
            {"id": pk, "code": code, "name": name} for pk, code, name in rows_u if code not in codes
        ]
        plan.blocked_units = _blocked_units(plan, units, persons)
    return plan


def _blocked_units(
    plan: Deactivation, units: Table | None, persons: Table | None
) -> list[dict[str, Any]]:
    """The units `plan` would deactivate that still hold active persons after the load (a
    person's unit is the one in the persons table when they are in it, else the stored one;
    persons the plan deactivates do not count), or that units in the units table still name as
    their parent."""
    missing = {unit["code"]: unit for unit in plan.units}
    if not missing:
        return []
    leaving = {person["number"] for person in plan.persons}
    unit_of: dict[str, str] = {}
    for chunk in _chunks_of(sorted(missing)):
        unit_of.update(
            Person.objects.filter(is_active=True, unit__code__in=chunk).values_list(
                "employee_number", "unit__code"
            )
        )
    for number in leaving:
        unit_of.pop(number, None)
    if persons is not None:
        for _line, values in persons.rows:
            unit_of[values.get("medarbejdernummer", "")] = values.get("enhedskode", "")
    counts = Counter(code for code in unit_of.values() if code in missing)
    # a unit the file still places others under stays too (its children are active)
    children = Counter(
        parent for parent in _column(units, "overordnet_enhedskode") if parent in missing
    )
    return [
        {
            "code": code,
            "name": missing[code]["name"],
            "persons": counts[code],
            "units": children[code],
        }
        for code in sorted(set(counts) | set(children))
    ]


def _chunks_of(items: list[T]) -> Iterator[list[T]]:
    """`items` in lists of at most `CHUNK`."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _update(qs: QuerySet[Any], ids: Iterable[int], **values: Any) -> None:
    """`qs.filter(pk__in=…).update(**values)` in chunks of `CHUNK` ids."""
    for chunk in _chunks_of(list(ids)):
        qs.filter(pk__in=chunk).update(**values)


def set_persons_active(*, person_ids: Iterable[int], active: bool) -> None:
    """Mark persons (and their logins) active or inactive: `is_active`, `deactivated_at` (now,
    or cleared), and the login's `User.is_active`, so an inactive person cannot sign in by any
    backend and an existing session ends at its next request. Chunked; no per-person query."""
    ids = list(person_ids)
    now = timezone.now()
    _update(
        Person.objects.all(),
        ids,
        is_active=active,
        deactivated_at=None if active else now,
        updated_at=now,
    )
    for chunk in _chunks_of(ids):
        User.objects.filter(person__pk__in=chunk).update(is_active=active)


def apply_deactivation(plan: Deactivation, *, by: User | None, dry_run: bool) -> Deactivation:
    """Write `plan` (see the module): nothing for a dry run or when `plan.ok` is False.

    Call it inside the load's transaction, after the rows are written. Units are flipped after
    persons; leadership changes are recorded again (a deactivated leader stops leading).
    Records one "org.deactivate" audit row (counts only, no names) when anything
    changed, and calls `notify_persons_deactivated` with the persons that went. Returns `plan`
    with `applied` set.
    """
    if dry_run or not plan.ok:
        return plan
    now = timezone.now()
    set_persons_active(person_ids=[p["id"] for p in plan.reactivated_persons], active=True)
    set_persons_active(person_ids=[p["id"] for p in plan.persons], active=False)
    _update(
        OrgUnit.objects.all(),
        [u["id"] for u in plan.reactivated_units],
        is_active=True,
        deactivated_at=None,
        updated_at=now,
    )
    _update(
        OrgUnit.objects.all(),
        [u["id"] for u in plan.units],
        is_active=False,
        deactivated_at=now,
        updated_at=now,
    )
    plan.applied = True
    if plan.persons or plan.reactivated_persons:
        # a deactivated leader stops leading today, one who is back leads again (issue #13 §1)
        record_leadership_changes(on=timezone.localdate(), source=SOURCE_IMPORT)
    counts: dict[str, Any] = {
        "persons_deactivated": len(plan.persons),
        "units_deactivated": len(plan.units),
        "persons_reactivated": len(plan.reactivated_persons),
        "units_reactivated": len(plan.reactivated_units),
    }
    if any(counts.values()):
        audit_record(
            actor=by,
            action=OrganisationAction.ORG_DEACTIVATE,
            obj=None,
            summary=_(
                "Fuld indlæsning: %(persons_deactivated)d personer og %(units_deactivated)d "
                "enheder deaktiveret; %(persons_reactivated)d personer og "
                "%(units_reactivated)d enheder aktive igen."
            )
            % counts,
            confirmed=plan.confirmed,
            **counts,
        )
    notify_persons_deactivated(person_ids=[p["id"] for p in plan.persons], by=by)
    return plan


__all__ = [
    "Deactivation",
    "apply_deactivation",
    "max_share",
    "plan_deactivation",
    "set_persons_active",
]
