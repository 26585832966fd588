"""Extension points: how a lower floor learns about a higher one without importing it.

A lower app (usually the hub, `programmes`) creates a `Registry` and documents what an entry
is; a higher app registers its entries in its `AppConfig.ready()`, the way Django's admin
learns about models through `admin.site.register` (docs/architecture.md lists every registry).
Entries are read in `order`, then `key`, so page order never depends on `INSTALLED_APPS`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, Protocol, TypeVar


class Entry(Protocol):
    """What a registry holds: a unique `key` (e.g. "logbook.panel") and a sort `order`."""

    @property
    def key(self) -> str: ...

    @property
    def order(self) -> int: ...


E = TypeVar("E", bound=Entry)


class DuplicateEntryError(ValueError):
    """An entry with the same key is already registered (an app registered twice)."""


class Registry(Generic[E]):
    """An ordered set of entries that higher floors add to a lower floor's extension point.

    `name` names the extension point in errors (e.g. "programmes.enrolment_sections").
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, E] = {}

    def register(self, entry: E) -> E:
        """Add `entry` and return it. Raises DuplicateEntryError if its key is taken."""
        if entry.key in self._entries:
            raise DuplicateEntryError(f"{self.name}: {entry.key!r} is already registered")
        self._entries[entry.key] = entry
        return entry

    def unregister(self, key: str) -> None:
        """Remove the entry with `key` (for tests that register a temporary entry)."""
        self._entries.pop(key, None)

    def __iter__(self) -> Iterator[E]:
        return iter(sorted(self._entries.values(), key=lambda e: (e.order, e.key)))

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def get(self, key: str) -> E:
        """The entry registered as `key` (a dictionary look-up). Raises KeyError if none is."""
        return self._entries[key]

    def keys(self) -> list[str]:
        """The registered keys in reading order."""
        return [e.key for e in self]
