"""Checks shared by the units and the persons validator: columns and rows present, required
values and lengths, duplicates in a column, and cycles in a one-successor graph (unit tree,
manager chain). Each appends or returns `RowError`s; none reads the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _

from lederspor.people.importing.reader import RowError, Table


def _check_columns(
    table: Table, required: Iterable[str], optional: Iterable[str] = ()
) -> list[RowError]:
    """One error per missing required column and per known column that appears twice."""
    required = tuple(required)
    known = {*required, *optional}
    errors = []
    seen: set[str] = set()
    for col in table.columns:
        if col in known and col in seen:
            errors.append(RowError(1, col, _("Kolonnen står to gange i overskriften.")))
        seen.add(col)
    for col in required:
        if col not in seen:
            errors.append(RowError(1, col, _("Kolonnen mangler i overskriften (linje 1).")))
    return errors


def _no_rows(table: Table) -> list[RowError]:
    """The error for a file that holds a header but no rows."""
    if table.rows:
        return []
    return [RowError(2, "", _("Filen har ingen rækker under overskriften."))]


def _find_cycles(edges: dict[str, str | None], starts: Iterable[str]) -> list[list[str]]:
    """Cycles reachable from `starts` in a graph where each node has at most one successor.

    Returns each cycle once as `[a, b, …, a]`, starting at the first node met. Self-loops are
    left to the caller (they get their own message).
    """
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    for start in starts:
        path: list[str] = []
        node: str | None = start
        while node is not None and node not in state:
            state[node] = 1
            path.append(node)
            nxt = edges.get(node)
            node = nxt if nxt != node else None
        if node is not None and state.get(node) == 1:
            cycle = path[path.index(node) :]
            cycles.append([*cycle, node])
        for visited in path:
            state[visited] = 2
    return cycles


def _duplicates(
    values: Iterable[tuple[int, str]], message: Callable[[str, int, int], str], column: str
) -> list[RowError]:
    """An error on every repeat of a value (compared case-insensitively), naming both lines."""
    first: dict[str, int] = {}
    errors = []
    for line, value in values:
        if not value:
            continue
        key = value.lower()
        if key in first:
            errors.append(RowError(line, column, message(value, first[key], line)))
        else:
            first[key] = line
    return errors


def _required(value: str, line: int, column: str, max_length: int, errors: list[RowError]) -> str:
    """Check a required text value; append an error and return "" if blank or too long."""
    if not value:
        errors.append(RowError(line, column, _("Feltet skal udfyldes.")))
        return ""
    return _max_length(value, line, column, max_length, errors)


def _max_length(value: str, line: int, column: str, max_length: int, errors: list[RowError]) -> str:
    """Check the length of a text value; append an error and return "" if too long."""
    if len(value) > max_length:
        errors.append(
            RowError(
                line,
                column,
                _("Højst %(n)d tegn (der er %(len)d).") % {"n": max_length, "len": len(value)},
            )
        )
        return ""
    return value
