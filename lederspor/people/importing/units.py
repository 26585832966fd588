"""Validating a units file: its columns, the level (`niveau`) of each unit, parents in the file
or the database, one root for the whole tree, and cycles in the unit tree.

The tree has any depth (issue #17 §2 "Tree of any depth"): a unit may sit under any other unit
whatever their levels. `niveau` is any level name of at most 40 characters; the five classic
Danish names are stored as the `OrgUnit.Kind` values, any other name (e.g. "team", "afdeling")
as given, lower-cased.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from lederspor.people.importing.checks import (
    _check_columns,
    _duplicates,
    _find_cycles,
    _no_rows,
    _required,
)
from lederspor.people.importing.reader import RowError, Table
from lederspor.people.models import OrgUnit

#: columns of a units file, all required (values of `overordnet_enhedskode` may be blank)
UNIT_COLUMNS = ("enhedskode", "navn", "niveau", "overordnet_enhedskode")
#: the classic level names in a file → `OrgUnit.Kind` (any other name is stored as given)
LEVELS: dict[str, OrgUnit.Kind] = {
    "kommune": OrgUnit.Kind.MUNICIPALITY,
    "forvaltning": OrgUnit.Kind.DEPARTMENT,
    "magistratsafdeling": OrgUnit.Kind.DEPARTMENT,
    "område": OrgUnit.Kind.AREA,
    "arbejdsplads": OrgUnit.Kind.WORKPLACE,
}
#: longest level name (`OrgUnit.kind`)
LEVEL_MAX_LENGTH = 40


@dataclass(slots=True)
class UnitRow:
    """One valid-looking row of a units file.

    `kind` is what `OrgUnit.kind` will hold: an `OrgUnit.Kind` value for a classic level name,
    else the level name lower-cased; "" when the row's level was invalid (it has an error).
    """

    line: int
    code: str
    name: str
    kind: str
    parent_code: str


def unit_kind(level: str) -> str:
    """A `niveau` value → `OrgUnit.kind`: the `OrgUnit.Kind` value of a classic Danish level
    name, else the name itself, trimmed and lower-cased ("Team" → "team")."""
    name = level.strip().lower()
    kind = LEVELS.get(name)
    return str(kind.value) if kind is not None else name


def tree_depths(parent_of: Mapping[str, str | None]) -> dict[str, int]:
    """The depth of every code in a parent map (a root is 0); cycle-safe (a unit on a cycle
    gets the depth at which the cycle was met). Linear in the number of codes."""
    depth: dict[str, int] = {}
    for start in parent_of:
        path: list[str] = []
        node: str | None = start
        on_path: set[str] = set()
        while node is not None and node not in depth and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent_of.get(node)
        base = depth[node] + 1 if node is not None and node in depth else 0
        for offset, code in enumerate(reversed(path)):
            depth[code] = base + offset
    return depth


def validate_units(table: Table) -> tuple[list[UnitRow], list[RowError]]:
    """Check a units table against itself and the database.

    Checks required values and lengths (`niveau`: any non-empty name of at most 40
    characters), duplicate codes, unknown parents, a unit under itself, cycles, and that the
    tree after the import has one root (a unit without `overordnet_enhedskode`): a second root
    — in the file, or beside a stored root the file does not move — is an error on its row.
    Returns the parsed rows and every error found (sorted by line). Reads all units once.
    """
    errors = _check_columns(table, UNIT_COLUMNS)
    if errors:
        return [], errors
    errors = _no_rows(table)
    rows: list[UnitRow] = []
    for line, values in table.rows:
        code = _required(values.get("enhedskode", ""), line, "enhedskode", 40, errors)
        name = _required(values.get("navn", ""), line, "navn", 200, errors)
        level = _required(values.get("niveau", ""), line, "niveau", LEVEL_MAX_LENGTH, errors)
        parent_code = values.get("overordnet_enhedskode", "")
        if parent_code and parent_code == code:
            errors.append(
                RowError(
                    line, "overordnet_enhedskode", _("En enhed kan ikke ligge under sig selv.")
                )
            )
            parent_code = ""
        rows.append(
            UnitRow(
                line=line,
                code=code,
                name=name,
                kind=unit_kind(level) if level else "",
                parent_code=parent_code,
            )
        )

    errors += _duplicates(
        ((r.line, r.code) for r in rows),
        lambda value, first, line: (
            _("Enhedskoden %(code)s står to gange (linje %(first)d og %(line)d).")
            % {"code": value, "first": first, "line": line}
        ),
        "enhedskode",
    )

    # the tree after the import: stored units, overridden by the file
    parent_of: dict[str, str | None] = dict(OrgUnit.objects.values_list("code", "parent__code"))
    stored_roots = [code for code, parent in parent_of.items() if parent is None]
    in_file: dict[str, UnitRow] = {}
    for row in rows:
        if row.code and row.code not in in_file:
            in_file[row.code] = row
            parent_of[row.code] = row.parent_code or None

    for row in rows:
        if row.parent_code and row.parent_code not in parent_of:
            errors.append(
                RowError(
                    row.line,
                    "overordnet_enhedskode",
                    _("Enhedskoden '%(code)s' findes ikke i filen eller i Lederspor.")
                    % {"code": row.parent_code},
                )
            )

    # one root: a stored root that stays one is kept, else the file's first root
    kept = [c for c in stored_roots if c not in in_file or not in_file[c].parent_code]
    root_rows = [r for r in rows if r.code and not r.parent_code and in_file.get(r.code) is r]
    root = kept[0] if kept else (root_rows[0].code if root_rows else None)
    for row in root_rows:
        if row.code != root:
            errors.append(
                RowError(
                    row.line,
                    "overordnet_enhedskode",
                    _(
                        "Feltet skal udfyldes: kun én enhed ligger øverst i træet, "
                        "og det er '%(root)s'."
                    )
                    % {"root": root},
                )
            )

    line_of = {code: row.line for code, row in in_file.items()}
    for cycle in _find_cycles(parent_of, sorted(in_file, key=lambda c: line_of[c])):
        first = min((c for c in cycle if c in line_of), key=lambda c: line_of[c])
        start = cycle.index(first)
        ordered = [*cycle[start:-1], *cycle[:start], first]
        errors.append(
            RowError(
                line_of[first],
                "overordnet_enhedskode",
                _("Enhedstræet er cirkulært: %(chain)s.") % {"chain": " → ".join(ordered)},
            )
        )
    errors.sort(key=lambda e: e.line)
    return rows, errors
