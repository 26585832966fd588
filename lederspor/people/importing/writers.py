"""Writing a validated file: `ImportResult` with its counts, creating or updating units and
persons (and their logins) in bulk, and `_validate_and_write`, which validates and writes in
one transaction with the one audit row of the import. A dry run writes nothing: the writers
work out the same counts in memory (issue #17 §2).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.audit import OrganisationAction
from lederspor.people.extensions import notify_persons_created
from lederspor.people.importing.persons import PersonRow
from lederspor.people.importing.reader import RowError, Table
from lederspor.people.importing.units import UnitRow, tree_depths
from lederspor.people.leadership import (
    SOURCE_IMPORT,
    LeadershipCounts,
    latest_kinds,
    plan_leadership_changes,
    record_leadership_changes,
)
from lederspor.people.models import LeadershipChange, OrgUnit, Person

ImportKind = Literal["units", "persons"]

#: depth of each classic kind in the tree (kept for callers; the writer orders new units by
#: their depth in the tree after the import instead, as the tree has any depth: issue #17 §2)
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


#: rows per INSERT/UPDATE statement of the bulk writes
BATCH_SIZE = 1000
#: after writing at least this many rows, `ANALYZE` the touched tables (issue #17 §2)
ANALYZE_AFTER_ROWS = 1000


def _write_units(rows: list[UnitRow], result: ImportResult, *, dry_run: bool = False) -> int:
    """Create or update the units, parents before children, in bulk; return rows written.

    New units are inserted one depth of the tree after the import at a time (a root is depth
    0), so each one's parent already has its id; changed units are written in one bulk update
    of name, level and parent. With `dry_run` only the counts are worked out: nothing is
    written (issue #17 §2). Statements: one read, plus one INSERT per depth that has new
    units and one UPDATE per 1,000 changed units.
    """
    units = {
        code: (pk, name, kind, parent_id)
        for pk, code, name, kind, parent_id in OrgUnit.objects.values_list(
            "pk", "code", "name", "kind", "parent_id"
        )
    }
    pk_of = {code: pk for code, (pk, *_rest) in units.items()}
    parent_of: dict[str, str | None] = {}
    code_of = {pk: code for code, pk in pk_of.items()}
    for code, (_pk, _n, _k, parent_id) in units.items():
        parent_of[code] = code_of.get(parent_id) if parent_id else None
    for row in rows:
        parent_of[row.code] = row.parent_code or None
    depth = tree_depths(parent_of)

    new_rows = [row for row in rows if row.code not in units]
    result.created = len(new_rows)
    now = timezone.now()
    written = 0
    by_depth: dict[int, list[UnitRow]] = {}
    for row in new_rows:
        by_depth.setdefault(depth[row.code], []).append(row)
    for level in sorted(by_depth):
        batch = [
            OrgUnit(
                code=row.code,
                name=row.name,
                kind=row.kind,
                parent_id=pk_of.get(row.parent_code) if row.parent_code else None,
            )
            for row in by_depth[level]
        ]
        if dry_run:  # stand-in ids, so a changed parent still compares as changed
            for unit in batch:
                unit.pk = -len(pk_of) - 1
                pk_of[unit.code] = unit.pk
            continue
        OrgUnit.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        pk_of.update((unit.code, unit.pk) for unit in batch)
        written += len(batch)

    changed: list[OrgUnit] = []
    for row in rows:
        stored = units.get(row.code)
        if stored is None:
            continue
        pk, name, kind, parent_id = stored
        parent_pk = pk_of.get(row.parent_code) if row.parent_code else None
        if (name, kind, parent_id) == (row.name, row.kind, parent_pk):
            result.unchanged += 1
            continue
        result.updated += 1
        changed.append(
            OrgUnit(pk=pk, name=row.name, kind=row.kind, parent_id=parent_pk, updated_at=now)
        )
    if changed and not dry_run:
        OrgUnit.objects.bulk_update(
            changed, ["name", "kind", "parent", "updated_at"], batch_size=BATCH_SIZE
        )
        written += len(changed)
    return written


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


def _person_values(row: PersonRow) -> tuple[Any, ...]:
    """The values of `_PERSON_FIELDS` a row asks for, in that order."""
    return (
        row.first_name,
        row.last_name,
        row.email,
        row.job_title,
        row.profession,
        row.gender,
        row.birth_year,
        row.employed_since,
        row.is_leader,
    )


@dataclass
class _Stored:
    """A stored person as the persons writer compares it (one row of one query)."""

    pk: int
    values: tuple[Any, ...]
    unit_id: int
    manager_id: int | None
    chef_id: int | None
    user_id: int | None
    user_email: str | None
    is_active: bool


def _new_user(email: str) -> User:
    """An unsaved login as `User.objects.create_user(email=email, password=None)` makes it:
    normalised, lower-cased e-mail and an unusable password ("!" and 40 random characters, as
    Django's `make_password(None)`, from `secrets` in one call instead of 40: at 30,000 new
    logins Django's way took 17 s)."""
    user = User(email=User.objects.normalize_email(email).lower(), is_staff=False)
    user.is_superuser = False
    user.password = UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30)
    return user


def _manager_depths(rows: list[PersonRow], stored: Mapping[str, object]) -> dict[str, int]:
    """For each new person in `rows`, how many new persons are above them in the manager chain
    of the file (0: their manager is stored or none). Cycles were refused by validation."""
    by_number = {row.number: row for row in rows}
    depth: dict[str, int] = {}
    for row in rows:
        path: list[str] = []
        number: str = row.number
        while number not in depth:
            path.append(number)
            manager = by_number[number].manager_number
            if not manager or manager in stored or manager not in by_number:
                break
            number = manager
            if number in path:  # pragma: no cover - validate_persons refuses cycles
                break
        base = depth[number] + 1 if number in depth else 0
        for offset, code in enumerate(reversed(path)):
            depth[code] = base + offset
    return depth


def _write_persons(rows: list[PersonRow], result: ImportResult, *, dry_run: bool = False) -> int:
    """Create or update persons and their logins and set managers and chefs, in bulk; return
    the number of rows written.

    The counts and effects are those of one save per person (docs/import.md): a new person gets
    the unlinked login with their e-mail, or a new login with an unusable password
    (`create_user` semantics); a changed person has their fields, unit and login e-mail
    updated; e-mails that change hands within the file are first parked on a placeholder. New
    persons are inserted one level of the file's manager chain at a time, so each one's manager
    already has an id; the links still missing (a chef created later, changed managers and
    chefs of stored persons) are written in one bulk update. Statements: a fixed handful of
    reads, then one per 1,000 rows of each kind of write (issue #17 §2). Ends with
    `record_leadership_changes`. With `dry_run` nothing is written: persons to be created get
    stand-in ids (negative) and the counts, the leadership changes included, are worked out
    in memory.
    """
    stored: dict[str, _Stored] = {}
    for pk, number, *values, unit_id, manager_id, chef_id, user_id, user_email, active in (
        Person.objects.order_by()
        .values_list(
            "pk",
            "employee_number",
            *_PERSON_FIELDS,
            "unit_id",
            "manager_id",
            "chef_override_id",
            "user_id",
            "user__email",
            "is_active",
        )
        .iterator(chunk_size=5000)
    ):
        stored[number] = _Stored(
            pk, tuple(values), unit_id, manager_id, chef_id, user_id, user_email, active
        )
    unit_pk = dict(OrgUnit.objects.order_by().values_list("code", "pk"))
    free_logins = {
        email.lower(): pk
        for email, pk in User.objects.filter(person__isnull=True)
        .order_by()
        .values_list("email", "pk")
    }
    now = timezone.now()
    email_at = _PERSON_FIELDS.index("email")
    changed: set[str] = set()  # stored persons the import changes

    # logins: parked and new e-mails of stored logins, the login of every person without one
    park_persons: list[Person] = []
    park_users: list[User] = []
    login_emails: list[User] = []
    user_of: dict[str, int | None] = {}  # employee number → login id
    new_logins: dict[str, str] = {}  # employee number → e-mail of the login to create
    to_update: list[tuple[PersonRow, _Stored]] = []
    new_rows: list[PersonRow] = []
    for row in rows:
        person = stored.get(row.number)
        if person is None:
            new_rows.append(row)
            user_of[row.number] = user_id = free_logins.pop(row.email, None)
            if user_id is None:
                new_logins[row.number] = row.email
            continue
        if person.values[email_at].lower() != row.email:
            park_persons.append(Person(pk=person.pk, email=f"import-{person.pk}@invalid.invalid"))
        if person.user_id is not None and person.user_email != row.email:
            park_users.append(User(pk=person.user_id, email=f"import-{person.pk}@invalid.invalid"))
            login_emails.append(User(pk=person.user_id, email=row.email))
            changed.add(row.number)
        user_of[row.number] = user_id = person.user_id
        if user_id is None:
            user_of[row.number] = user_id = free_logins.pop(row.email, None)
            if user_id is None:
                new_logins[row.number] = row.email
        if (
            _person_values(row) != person.values
            # .get: in a dry run of units and persons, a new unit has no id yet
            or unit_pk.get(row.unit_code) != person.unit_id
            or person.user_id is None
        ):
            changed.add(row.number)
            to_update.append((row, person))
    result.users_created = len(new_logins)

    written = 0
    if not dry_run:
        if park_persons:
            Person.objects.bulk_update(park_persons, ["email"], batch_size=BATCH_SIZE)
        if park_users:
            User.objects.bulk_update(park_users, ["email"], batch_size=BATCH_SIZE)
        if login_emails:
            User.objects.bulk_update(login_emails, ["email"], batch_size=BATCH_SIZE)
        written += len(park_persons) + len(park_users) + len(login_emails)
        if new_logins:
            users = {number: _new_user(email) for number, email in new_logins.items()}
            User.objects.bulk_create(list(users.values()), batch_size=BATCH_SIZE)
            user_of.update((number, user.pk) for number, user in users.items())
            written += len(users)
        if to_update:
            updates = [
                Person(
                    pk=person.pk,
                    **dict(zip(_PERSON_FIELDS, _person_values(row), strict=True)),
                    unit_id=unit_pk[row.unit_code],
                    user_id=user_of[row.number],
                    updated_at=now,
                )
                for row, person in to_update
            ]
            fields = [*_PERSON_FIELDS, "unit", "user", "updated_at"]
            Person.objects.bulk_update(updates, fields, batch_size=BATCH_SIZE)
            written += len(updates)

    # new persons, a level of the file's manager chain at a time
    pk_of = {number: person.pk for number, person in stored.items()}
    links_now: dict[str, tuple[int | None, int | None]] = {
        number: (person.manager_id, person.chef_id) for number, person in stored.items()
    }
    depth = _manager_depths(new_rows, stored)
    levels: dict[int, list[PersonRow]] = {}
    for row in new_rows:
        levels.setdefault(depth[row.number], []).append(row)
    stand_in = 0
    for level in sorted(levels):
        if dry_run:  # stand-in ids; the links are those the real run would set on insert
            for row in levels[level]:
                stand_in -= 1
                pk_of[row.number] = stand_in
                links_now[row.number] = (
                    pk_of.get(row.manager_number) if row.manager_number else None,
                    pk_of.get(row.chef_number) if row.chef_number else None,
                )
            continue
        batch = [
            Person(
                employee_number=row.number,
                **dict(zip(_PERSON_FIELDS, _person_values(row), strict=True)),
                unit_id=unit_pk[row.unit_code],
                user_id=user_of[row.number],
                manager_id=pk_of.get(row.manager_number) if row.manager_number else None,
                chef_override_id=pk_of.get(row.chef_number) if row.chef_number else None,
            )
            for row in levels[level]
        ]
        Person.objects.bulk_create(batch, batch_size=BATCH_SIZE)
        written += len(batch)
        for new in batch:
            pk_of[new.employee_number] = new.pk
            links_now[new.employee_number] = (new.manager_id, new.chef_override_id)
    result.created = len(new_rows)
    created_ids = [pk_of[row.number] for row in new_rows]

    # the manager and chef links not right yet, in one bulk update
    links: list[Person] = []
    manager_after: dict[str, int | None] = {}
    for row in rows:
        manager = pk_of[row.manager_number] if row.manager_number else None
        manager_after[row.number] = manager
        manager_now, chef_now = links_now[row.number]
        chef = chef_now
        if row.chef_number is not None:
            chef = pk_of[row.chef_number] if row.chef_number else None
        if (manager, chef) != (manager_now, chef_now):
            if row.number in stored:
                changed.add(row.number)
            links.append(
                Person(
                    pk=pk_of[row.number], manager_id=manager, chef_override_id=chef, updated_at=now
                )
            )
    if links and not dry_run:
        Person.objects.bulk_update(
            links, ["manager", "chef_override", "updated_at"], batch_size=BATCH_SIZE
        )
        written += len(links)

    result.updated = sum(1 for row in rows if row.number in changed)
    result.unchanged = len(rows) - result.created - result.updated

    # who became or stopped being a nearest leader, as of today (issue #13 §1)
    if dry_run:
        result.leadership = _planned_leadership(rows, stored, pk_of, manager_after, created_ids)
    else:
        result.created_ids = created_ids
        result.leadership = record_leadership_changes(
            on=timezone.localdate(), source=SOURCE_IMPORT, new_person_ids=created_ids
        )
        counts = result.leadership
        written += counts.became + counts.stopped + counts.baseline
    return written


def _planned_leadership(
    rows: list[PersonRow],
    stored: Mapping[str, _Stored],
    pk_of: Mapping[str, int],
    manager_after: Mapping[str, int | None],
    created_ids: list[int],
) -> LeadershipCounts:
    """The leadership changes a dry run would record, from the persons as the import would
    leave them (people.leadership's rule: active, and `is_leader` or the manager of an active
    person); reads the recorded changes once, writes nothing."""
    leader_at = _PERSON_FIELDS.index("is_leader")
    state: dict[int, tuple[bool, bool, int | None]] = {
        p.pk: (p.is_active, p.values[leader_at], p.manager_id) for p in stored.values()
    }
    for row in rows:
        person = stored.get(row.number)
        active = person.is_active if person is not None else True
        state[pk_of[row.number]] = (active, row.is_leader, manager_after[row.number])
    managing = {manager for active, _l, manager in state.values() if active and manager}
    leading = {
        pk for pk, (active, leader, _m) in state.items() if active and (leader or pk in managing)
    }
    _rows, counts = plan_leadership_changes(
        leading=leading,
        latest=latest_kinds(),
        on=timezone.localdate(),
        source=SOURCE_IMPORT,
        new_person_ids=created_ids,
    )
    return counts


_Row = TypeVar("_Row", UnitRow, PersonRow)


def _validate_and_write(
    table: Table,
    result: ImportResult,
    *,
    validate: Callable[[Table], tuple[list[_Row], list[RowError]]],
    write: Callable[..., int],
    unit_code: Callable[[_Row], str],
    by: User | None,
    dry_run: bool,
) -> ImportResult:
    """Validate every row of `table`; write all of them in one transaction only if none is bad.

    `write(rows, result, dry_run=…)` fills in the counts and returns the number of rows it
    wrote. A real run records one audit row on the root unit of the first row's unit, runs the
    `people.extensions.persons_created` hooks in the same transaction with the persons the
    import created, and — after a large load (`ANALYZE_AFTER_ROWS` rows or more) — `ANALYZE`s
    the touched tables once the transaction commits (issue #17 §2). A dry run validates
    against the database and works out the same counts without writing anything: no audit
    row, no hooks, no write-and-rollback.
    """
    with transaction.atomic():
        rows, errors = validate(table)
        if errors:
            result.errors = errors
            return result
        written = write(rows, result, dry_run=dry_run)
        if dry_run:
            return result
        parent_of = dict(OrgUnit.objects.order_by().values_list("code", "parent__code"))
        root = OrgUnit.objects.get(code=_root_unit(unit_code(rows[0]), parent_of))
        _audit(result=result, by=by, obj=root)
        # higher apps follow new persons (accounts: invitations) in this transaction
        notify_persons_created(person_ids=result.created_ids, by=by)
        if written >= ANALYZE_AFTER_ROWS:
            models = [OrgUnit] if result.kind == "units" else [Person, User, LeadershipChange]
            transaction.on_commit(lambda: analyze(models))
    return result


def analyze(models: Iterable[type[Model]]) -> None:
    """Refresh the query planner's statistics of the tables of `models` (`ANALYZE table`, on
    PostgreSQL and SQLite alike), so the first queries after a large load use the indexes
    (issue #17: stale statistics made a re-import on PostgreSQL take 75 s instead of 5 s)."""
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


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
