"""Writing a validated file: `ImportResult` with its counts, creating or updating units and
persons (and their logins), and `_validate_and_write`, which validates and writes in one
transaction with the one audit row of the import (rolled back for a dry run).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.audit import OrganisationAction
from lederspor.people.extensions import notify_persons_created
from lederspor.people.importing.persons import PersonRow
from lederspor.people.importing.reader import RowError, Table
from lederspor.people.importing.units import UnitRow
from lederspor.people.leadership import (
    SOURCE_IMPORT,
    LeadershipCounts,
    record_leadership_changes,
)
from lederspor.people.models import OrgUnit, Person

ImportKind = Literal["units", "persons"]

#: depth of each kind in the tree; units are written top-down so a parent always exists first
KIND_DEPTH = {
    OrgUnit.Kind.MUNICIPALITY: 0,
    OrgUnit.Kind.DEPARTMENT: 1,
    OrgUnit.Kind.AREA: 2,
    OrgUnit.Kind.WORKPLACE: 3,
}


@dataclass
class ImportResult:
    """Outcome of one import: counts of rows created/updated/unchanged, or the errors.

    When `errors` is non-empty nothing was written and the counts are 0. With `dry_run` the
    counts say what *would* have happened; nothing was written either.
    """

    kind: ImportKind
    filename: str
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    users_created: int = 0
    #: ids of the persons the import created, in file order (for `persons_created` hooks)
    created_ids: list[int] = field(default_factory=list)
    #: the leadership changes a persons import recorded (people.leadership; zero for units)
    leadership: LeadershipCounts = field(default_factory=LeadershipCounts)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if the file had no errors."""
        return not self.errors

    @property
    def leadership_summary(self) -> str:
        """The leadership changes in Danish, e.g. "3 blev ledere, 1 holdt op" ("" for units)."""
        if self.kind != "persons":
            return ""
        return leadership_summary(self.leadership)


def leadership_summary(counts: LeadershipCounts) -> str:
    """`counts` as a Danish phrase: "3 blev ledere, 1 holdt op" (and how many were recorded as
    leaders already when first seen, when any were)."""
    became = ngettext("%(n)d blev leder", "%(n)d blev ledere", counts.became) % {"n": counts.became}
    stopped = ngettext("%(n)d holdt op", "%(n)d holdt op", counts.stopped) % {"n": counts.stopped}
    text = _("%(became)s, %(stopped)s") % {"became": became, "stopped": stopped}
    if counts.baseline:
        text = _("%(text)s, %(n)d var allerede ledere") % {"text": text, "n": counts.baseline}
    return text


def _validated_kind(row: UnitRow) -> OrgUnit.Kind:
    """The level of a row being written: validation has refused every row without one."""
    if row.kind is None:  # pragma: no cover - validate_units reports a missing level
        raise ValueError(f"line {row.line}: a unit without a level reached the writer")
    return row.kind


def _write_units(rows: list[UnitRow], result: ImportResult) -> None:
    """Create or update the units top-down, so a parent always exists before its children."""
    units = {u.code: u for u in OrgUnit.objects.all()}
    for row in sorted(rows, key=lambda r: (KIND_DEPTH[_validated_kind(r)], r.line)):
        parent = units[row.parent_code] if row.parent_code else None
        unit = units.get(row.code)
        if unit is None:
            unit = OrgUnit(code=row.code, name=row.name, kind=_validated_kind(row), parent=parent)
            unit.full_clean(exclude=["parent"], validate_unique=False, validate_constraints=False)
            unit.save()
            units[row.code] = unit
            result.created += 1
            continue
        changed = []
        for attr, value in (("name", row.name), ("kind", row.kind)):
            if getattr(unit, attr) != value:
                setattr(unit, attr, value)
                changed.append(attr)
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            changed.append("parent")
        if changed:
            unit.save(update_fields=[*changed, "updated_at"])
            result.updated += 1
        else:
            result.unchanged += 1


_PERSON_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "job_title",
    "profession",
    "gender",
    "birth_year",
    "employed_since",
    "is_leader",
)


def _write_persons(rows: list[PersonRow], result: ImportResult) -> None:
    """Create or update persons and their logins, then set managers and chefs."""
    persons = {p.employee_number: p for p in Person.objects.select_related("user")}
    units = {u.code: u for u in OrgUnit.objects.all()}
    numbers_in_file = {row.number for row in rows}
    changed: dict[str, set[str]] = {}
    created: set[str] = set()

    # free e-mails that change hands within the file before anyone takes them (unique fields)
    for row in rows:
        person = persons.get(row.number)
        if person is None:
            continue
        if person.email.lower() != row.email:
            person.email = f"import-{person.pk}@invalid.invalid"
            person.save(update_fields=["email"])
        if person.user is not None and person.user.email != row.email:
            person.user.email = f"import-{person.pk}@invalid.invalid"
            person.user.save(update_fields=["email"])

    free_logins = {u.email.lower(): u for u in User.objects.filter(person__isnull=True)}
    for row in rows:
        unit = units[row.unit_code]
        person = persons.get(row.number)
        values = {
            "first_name": row.first_name,
            "last_name": row.last_name,
            "email": row.email,
            "job_title": row.job_title,
            "profession": row.profession,
            "gender": row.gender,
            "birth_year": row.birth_year,
            "employed_since": row.employed_since,
            "is_leader": row.is_leader,
        }
        if person is None:
            person = Person(employee_number=row.number, unit=unit, **values)
            person.full_clean(
                exclude=["unit", "manager", "chef_override", "user"],
                validate_unique=False,
                validate_constraints=False,
            )
            person.user = free_logins.pop(row.email, None) or _new_login(row.email, result)
            person.save()
            persons[row.number] = person
            created.add(row.number)
            result.created_ids.append(person.pk)
            continue
        fields = {name for name in _PERSON_FIELDS if getattr(person, name) != values[name]}
        for name in fields:
            setattr(person, name, values[name])
        if person.unit_id != unit.pk:
            person.unit = unit
            fields.add("unit")
        login_changed = False
        if person.user is None:
            person.user = free_logins.pop(row.email, None) or _new_login(row.email, result)
            fields.add("user")
        elif person.user.email != row.email:
            person.user.email = row.email
            person.user.save(update_fields=["email"])
            login_changed = True
        if fields:
            person.save(update_fields=[*sorted(fields), "updated_at"])
        changed[row.number] = fields | ({"user"} if login_changed else set())

    # second pass: managers and chefs, now that every person in the file exists
    for row in rows:
        person = persons[row.number]
        links: set[str] = set()
        manager = persons[row.manager_number] if row.manager_number else None
        if person.manager_id != (manager.pk if manager else None):
            person.manager = manager
            links.add("manager")
        if row.chef_number is not None:
            chef = persons[row.chef_number] if row.chef_number else None
            if person.chef_override_id != (chef.pk if chef else None):
                person.chef_override = chef
                links.add("chef_override")
        if links:
            person.save(update_fields=[*sorted(links), "updated_at"])
            changed.setdefault(row.number, set()).update(links)

    for number in numbers_in_file:
        if number in created:
            result.created += 1
        elif changed.get(number):
            result.updated += 1
        else:
            result.unchanged += 1

    # who became or stopped being a nearest leader, as of today (issue #13 §1)
    result.leadership = record_leadership_changes(
        on=timezone.localdate(), source=SOURCE_IMPORT, new_person_ids=result.created_ids
    )


def _new_login(email: str, result: ImportResult) -> User:
    """Create a login without a usable password (the person signs in via reset/SSO later)."""
    result.users_created += 1
    return User.objects.create_user(email=email, password=None)


_Row = TypeVar("_Row", UnitRow, PersonRow)


def _validate_and_write(
    table: Table,
    result: ImportResult,
    *,
    validate: Callable[[Table], tuple[list[_Row], list[RowError]]],
    write: Callable[[list[_Row], ImportResult], None],
    unit_code: Callable[[_Row], str],
    by: User | None,
    dry_run: bool,
) -> ImportResult:
    """Validate every row of `table`; write all of them in one transaction only if none is bad.

    Records one audit row on the root unit of the first row's unit; `dry_run` rolls back.
    Otherwise the `people.extensions.persons_created` hooks run in the same transaction with
    the persons the import created.
    """
    with transaction.atomic():
        rows, errors = validate(table)
        if errors:
            result.errors = errors
            return result
        write(rows, result)
        parent_of = dict(OrgUnit.objects.values_list("code", "parent__code"))
        root = OrgUnit.objects.get(code=_root_unit(unit_code(rows[0]), parent_of))
        _audit(result=result, by=by, obj=root)
        if dry_run:
            transaction.set_rollback(True)
        else:
            # higher apps follow new persons (accounts: invitations) in this transaction
            notify_persons_created(person_ids=result.created_ids, by=by)
    return result


def _root_unit(code: str, parent_of: Mapping[str, str | None]) -> str:
    """Follow `parent_of` from `code` to the top (cycle-safe)."""
    seen = {code}
    while (parent := parent_of.get(code)) is not None and parent not in seen:
        seen.add(parent)
        code = parent
    return code


def _audit(*, result: ImportResult, by: User | None, obj: OrgUnit) -> None:
    """The one audit row of an import, with the counts as data."""
    if result.kind == "units":
        summary = _(
            "Import af enheder fra %(filename)s: %(created)d oprettet, %(updated)d opdateret, "
            "%(unchanged)d uændret."
        )
    else:
        summary = _(
            "Import af personer fra %(filename)s: %(created)d oprettet, %(updated)d opdateret, "
            "%(unchanged)d uændret; %(leadership)s."
        )
    leadership: dict[str, Any] = (
        {
            "leaders_became": result.leadership.became,
            "leaders_stopped": result.leadership.stopped,
            "leaders_baseline": result.leadership.baseline,
        }
        if result.kind == "persons"
        else {}
    )
    audit_record(
        actor=by,
        action=OrganisationAction.ORG_IMPORT,
        obj=obj,
        summary=summary
        % {
            "filename": result.filename,
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "leadership": result.leadership_summary,
        },
        kind=result.kind,
        filename=result.filename,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        users_created=result.users_created,
        **leadership,
    )
