"""Validating a units file: its columns, the levels (`niveau`) and where each unit may sit in
the tree, parents in the file or the database, and cycles in the unit tree.
"""

from __future__ import annotations

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
#: `niveau` in the file → `OrgUnit.Kind`
LEVELS: dict[str, OrgUnit.Kind] = {
    "kommune": OrgUnit.Kind.MUNICIPALITY,
    "forvaltning": OrgUnit.Kind.DEPARTMENT,
    "magistratsafdeling": OrgUnit.Kind.DEPARTMENT,
    "område": OrgUnit.Kind.AREA,
    "arbejdsplads": OrgUnit.Kind.WORKPLACE,
}


@dataclass
class UnitRow:
    """One valid-looking row of a units file."""

    line: int
    code: str
    name: str
    kind: OrgUnit.Kind | None
    parent_code: str


def _parent_kind_message(kind: OrgUnit.Kind, code: str) -> str:
    """The error when a unit's parent has the wrong level: one full sentence per child level."""
    if kind == OrgUnit.Kind.DEPARTMENT:
        text = _(
            "En forvaltning/magistratsafdeling skal ligge direkte under en kommune; "
            "'%(code)s' er ikke en kommune."
        )
    elif kind == OrgUnit.Kind.AREA:
        text = _(
            "Et område skal ligge direkte under en forvaltning/magistratsafdeling; "
            "'%(code)s' er ikke en forvaltning/magistratsafdeling."
        )
    else:
        text = _(
            "En arbejdsplads skal ligge direkte under et område; '%(code)s' er ikke et område."
        )
    return text % {"code": code}


def validate_units(table: Table) -> tuple[list[UnitRow], list[RowError]]:
    """Check a units table against itself and the database.

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
        level = values.get("niveau", "").lower()
        kind = LEVELS.get(level)
        if not level:
            errors.append(RowError(line, "niveau", _("Feltet skal udfyldes.")))
        elif kind is None:
            errors.append(
                RowError(
                    line,
                    "niveau",
                    _(
                        "Ukendt niveau '%(value)s'. Brug kommune, forvaltning, "
                        "magistratsafdeling, område eller arbejdsplads."
                    )
                    % {"value": values.get("niveau", "")},
                )
            )
        parent_code = values.get("overordnet_enhedskode", "")
        if kind == OrgUnit.Kind.MUNICIPALITY and parent_code:
            errors.append(
                RowError(
                    line,
                    "overordnet_enhedskode",
                    _("En kommune kan ikke have en overordnet enhed."),
                )
            )
            parent_code = ""
        elif kind is not None and kind != OrgUnit.Kind.MUNICIPALITY and not parent_code:
            errors.append(
                RowError(
                    line,
                    "overordnet_enhedskode",
                    _("Feltet skal udfyldes (kun en kommune ligger øverst)."),
                )
            )
        elif parent_code and parent_code == code:
            errors.append(
                RowError(
                    line, "overordnet_enhedskode", _("En enhed kan ikke ligge under sig selv.")
                )
            )
            parent_code = ""
        rows.append(UnitRow(line=line, code=code, name=name, kind=kind, parent_code=parent_code))

    errors += _duplicates(
        ((r.line, r.code) for r in rows),
        lambda value, first, line: (
            _("Enhedskoden %(code)s står to gange (linje %(first)d og %(line)d).")
            % {"code": value, "first": first, "line": line}
        ),
        "enhedskode",
    )

    # the tree after the import: stored units, overridden by the file
    stored = list(OrgUnit.objects.values_list("code", "kind", "parent__code"))
    kind_of: dict[str, str | None] = {code: kind for code, kind, _p in stored}
    parent_of: dict[str, str | None] = {code: parent for code, _k, parent in stored}
    in_file: dict[str, UnitRow] = {}
    for row in rows:
        if row.code and row.code not in in_file:
            in_file[row.code] = row
            kind_of[row.code] = row.kind
            parent_of[row.code] = row.parent_code or None

    for row in rows:
        if not row.parent_code or row.kind is None:
            continue
        if row.parent_code not in kind_of:
            errors.append(
                RowError(
                    row.line,
                    "overordnet_enhedskode",
                    _("Enhedskoden '%(code)s' findes ikke i filen eller i Lederspor.")
                    % {"code": row.parent_code},
                )
            )
            continue
        parent_kind = kind_of[row.parent_code]
        if parent_kind is not None and parent_kind != OrgUnit.PARENT_KIND[row.kind]:
            errors.append(
                RowError(
                    row.line,
                    "overordnet_enhedskode",
                    _parent_kind_message(row.kind, row.parent_code),
                )
            )

    # a unit whose level changes must still fit the stored children the file leaves alone
    stored_kind = {code: kind for code, kind, _p in stored}
    for code, child_kind, parent in stored:
        if parent is None or code in in_file or parent not in in_file:
            continue
        row = in_file[parent]
        if row.kind is None or row.kind == stored_kind.get(parent):
            continue
        if OrgUnit.PARENT_KIND[OrgUnit.Kind(child_kind)] != row.kind:
            errors.append(
                RowError(
                    row.line,
                    "niveau",
                    _(
                        "Enheden har underenheder i Lederspor, der ikke passer til det nye "
                        "niveau (f.eks. '%(child)s')."
                    )
                    % {"child": code},
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
