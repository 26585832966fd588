"""Versioned content (issue #16 §1): texts that ship as seed defaults and that HR staff edit.

A piece of content is a `ContentItem` (by key) with `ContentVersion`s. Two writers:

- the loader (`lederspor load_content`, on every deploy) calls `seed_default(key, data)`. The
  first time, the seed text becomes version 1 and is live. Later, if the seed changed and the
  live version is still a seed default, the new default becomes live; if HR has edited the
  item, the new default is stored as an *offer* (not applied) and the edit stays live. The
  loader never overwrites an edit and never deletes anything.
- HR staff call `edit` (through a page with preview), `accept_offer` or `restore`; each adds a
  version, checked by the shared optimistic-locking mechanism (`core.concurrency`): the
  `expected_version` is the item's `version` when the page was loaded (0 when the item did not
  exist yet), and a stale save raises `ConcurrentEditError`.

The caller owns where the live data is used: a model's fields (programmes, catalogue) are
written by the caller from the returned data; a text read at run time uses `live_data`.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from lederspor.core.concurrency import lock_version
from lederspor.core.models import ContentItem, ContentVersion, User


class SeedOutcome(enum.StrEnum):
    """What `seed_default` did with a seed default."""

    CREATED = "created"  #: first load: version 1 is the seed, live
    UPDATED = "updated"  #: the seed changed and the live version was a seed default: new live
    UNCHANGED = "unchanged"  #: the seed is the same as the last seed default stored
    OFFERED = "offered"  #: the seed changed but HR's edit is live: stored as an offer only


@dataclass(frozen=True)
class SeedResult:
    """`outcome` and the data that is live after the call (`live`: `{field: value}`)."""

    outcome: SeedOutcome
    live: dict[str, Any]


def _newest(item: ContentItem, **filters: Any) -> ContentVersion | None:
    return item.versions.filter(**filters).order_by("-number").first()


def _next_number(item: ContentItem) -> int:
    newest = _newest(item)
    return newest.number + 1 if newest else 1


@transaction.atomic
def seed_default(key: str, data: Mapping[str, Any]) -> SeedResult:
    """Store `data` (JSON-serialisable `{field: value}`) as the seed default of `key`.

    Returns what happened and the live data afterwards (the caller writes it to its model when
    the outcome is CREATED or UPDATED; for OFFERED and UNCHANGED the live data is the current
    version's, which may be HR's edit). Idempotent: loading the same seed twice changes nothing.
    """
    data = dict(data)
    item, created = ContentItem.objects.select_for_update().get_or_create(key=key)
    now = timezone.now()
    if created:
        ContentVersion.objects.create(
            item=item, number=1, origin=ContentVersion.Origin.SEED, data=data, applied_at=now
        )
        return SeedResult(SeedOutcome.CREATED, data)
    live = _newest(item, applied_at__isnull=False)
    last_seed = _newest(item, origin=ContentVersion.Origin.SEED)
    if last_seed is not None and last_seed.data == data:
        return SeedResult(SeedOutcome.UNCHANGED, live.data if live else data)
    if live is None or live.origin == ContentVersion.Origin.SEED:
        ContentVersion.objects.create(
            item=item,
            number=_next_number(item),
            origin=ContentVersion.Origin.SEED,
            data=data,
            applied_at=now,
        )
        ContentItem.objects.filter(pk=item.pk).update(version=item.version + 1)
        return SeedResult(SeedOutcome.UPDATED, data)
    ContentVersion.objects.create(
        item=item, number=_next_number(item), origin=ContentVersion.Origin.SEED, data=data
    )
    return SeedResult(SeedOutcome.OFFERED, live.data)


#: the note of a version that keeps a row's texts from before content was versioned
ADOPTED_NOTE = "Tekst fra før versionering"


@transaction.atomic
def adopt_current(key: str, data: Mapping[str, Any]) -> ContentVersion | None:
    """Keep a row's current texts that differ from its seed default (issue #16 §1, the first
    `load_content --behold-nuvaerende` after upgrading): `data` becomes the live version as an
    edit without an author (note `ADOPTED_NOTE`, version 1) and the seed default is renumbered
    version 2 and offered, not forced.

    Only for an item whose only version is the seed default just stored; returns the new
    version, or None when `data` equals the live data or the item has other versions already.
    """
    item = ContentItem.objects.select_for_update().get(key=key)
    versions = list(item.versions.all())
    if len(versions) != 1 or versions[0].data == dict(data):
        return None
    # the row's texts become version 1 (live), the seed default version 2 (offered)
    seed = versions[0]
    ContentVersion.objects.filter(pk=seed.pk).update(number=2, applied_at=None)
    ContentItem.objects.filter(pk=item.pk).update(version=item.version + 1)
    return ContentVersion.objects.create(
        item=item,
        number=1,
        origin=ContentVersion.Origin.EDIT,
        data=dict(data),
        note=ADOPTED_NOTE,
        applied_at=seed.applied_at or timezone.now(),
    )


#: the report's line for a row whose texts from before versioning were kept (`seed_row`)
KEPT_LINE = "Beholdt nuværende tekst (redigeret før versionering): {key}"


def seed_row(
    key: str,
    seed: dict[str, Any],
    report: LoadReport,
    kind: str,
    row: Any | None,
    keep_current: bool,
) -> dict[str, Any] | None:
    """A loader's step for one model row (`row`, None when it is created now): store `seed` as
    the default of `key` (`seed_default`), count the outcome in `report` under `kind`, and
    return the data to write to the row's fields (the new live data when the seed became live,
    or, for a row created now, the live data, which may be HR's edit), else None.
    `keep_current`: an existing row met for the first time keeps its texts when they differ
    from the seed (`adopt_current`; reported in `report.kept`)."""
    result = seed_default(key, seed)
    report.add(kind, result.outcome)
    if row is not None and keep_current and result.outcome == SeedOutcome.CREATED:
        current = {f: getattr(row, f) for f in seed}
        if adopt_current(key, current) is not None:
            report.kept.append(KEPT_LINE.format(key=key))
            return None
    if row is None or result.outcome in (SeedOutcome.CREATED, SeedOutcome.UPDATED):
        return result.live
    return None


def _locked_item(key: str, expected_version: int) -> ContentItem:
    """The item of `key` locked at `expected_version` (0: it must not exist yet), bumped."""
    if expected_version == 0:
        item, created = ContentItem.objects.get_or_create(key=key)
        if created:
            return item
        raise ContentItem.stale_error()
    return lock_version(ContentItem.objects.get(key=key), expected_version)


@transaction.atomic
def edit(
    key: str,
    data: Mapping[str, Any],
    *,
    by: User,
    expected_version: int,
    note: str = "",
) -> ContentVersion:
    """Make `data` the live content of `key` as an edit by `by` (HR staff); returns the version.

    Raises `ConcurrentEditError` (code "stale") when the item changed since the page showed
    `expected_version`, and ContentItem.DoesNotExist for an unknown key with a version > 0.
    """
    item = _locked_item(key, expected_version)
    if expected_version:  # an item created just now is already at its first version
        item.save(update_fields=["version", "updated_at"])
    return ContentVersion.objects.create(
        item=item,
        number=_next_number(item),
        origin=ContentVersion.Origin.EDIT,
        data=dict(data),
        note=note[:300],
        created_by=by,
        applied_at=timezone.now(),
    )


@transaction.atomic
def accept_offer(key: str, *, by: User, expected_version: int) -> ContentVersion:
    """Take the newest offered seed default of `key` into use (it becomes live, and later seed
    changes apply automatically again, as for an item never edited); `created_by` records who
    took it. Returns it.

    Raises ContentVersion.DoesNotExist when nothing is offered, ConcurrentEditError when stale.
    """
    item = lock_version(ContentItem.objects.get(key=key), expected_version)
    offer = pending_offer(key)
    if offer is None:
        raise ContentVersion.DoesNotExist(f"no offered seed default for {key}")
    item.save(update_fields=["version", "updated_at"])
    offer.applied_at = timezone.now()
    offer.created_by = by
    offer.save(update_fields=["applied_at", "created_by", "updated_at"])
    return offer


@transaction.atomic
def restore(key: str, number: int, *, by: User, expected_version: int) -> ContentVersion:
    """Make an earlier version's data live again, as a new edit by `by`; returns the new version.

    Raises ContentVersion.DoesNotExist for an unknown number, ConcurrentEditError when stale.
    """
    old = ContentVersion.objects.get(item__key=key, number=number)
    return edit(key, old.data, by=by, expected_version=expected_version, note=f"v{number}")


def live_version(key: str) -> ContentVersion | None:
    """The live version of `key` (the newest applied), or None when the item has none."""
    return (
        ContentVersion.objects.filter(item__key=key, applied_at__isnull=False)
        .order_by("-number")
        .first()
    )


def live_data(keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """`{key: live data}` for those of `keys` that have a live version, in two queries."""
    keys = list(keys)
    newest: dict[str, ContentVersion] = {}
    for version in ContentVersion.objects.filter(
        item__key__in=keys, applied_at__isnull=False
    ).select_related("item"):
        current = newest.get(version.item.key)
        if current is None or version.number > current.number:
            newest[version.item.key] = version
    return {key: version.data for key, version in newest.items()}


def pending_offer(key: str) -> ContentVersion | None:
    """The seed default offered for `key` and not taken (newer than the live version), or None.

    One query: only a seed default is ever stored unapplied, so it is on offer exactly when it
    is the newest version of all."""
    newest = ContentVersion.objects.filter(item__key=key).order_by("-number").first()
    if newest is None or newest.applied_at is not None:
        return None
    return newest if newest.origin == ContentVersion.Origin.SEED else None


def history(key: str) -> list[ContentVersion]:
    """Every version of `key`, newest first, with who made it (`created_by`)."""
    return list(
        ContentVersion.objects.filter(item__key=key)
        .select_related("created_by")
        .order_by("-number")
    )


@dataclass
class LoadReport:
    """What one run of the loaders did, for `lederspor load_content`'s output (issue #16 §1).

    `counts[kind][outcome]`: how many items of `kind` ("forløb", "praksisopgaver", …) had each
    `SeedOutcome`; `kept`: Danish lines about rows no longer in the seed that were kept because
    something refers to them (the loader never deletes a referenced row).
    """

    counts: dict[str, dict[SeedOutcome, int]] = field(default_factory=dict)
    kept: list[str] = field(default_factory=list)

    def add(self, kind: str, outcome: SeedOutcome) -> None:
        """Count one item of `kind` with `outcome`."""
        per_kind = self.counts.setdefault(kind, dict.fromkeys(SeedOutcome, 0))
        per_kind[outcome] += 1

    def lines(self) -> list[str]:
        """One Danish line per kind ("Praksisopgaver: 1 ny, 2 opdateret, …"), then `kept`."""
        labels = {
            SeedOutcome.CREATED: "ny",
            SeedOutcome.UPDATED: "opdateret",
            SeedOutcome.UNCHANGED: "uændret",
            SeedOutcome.OFFERED: "tilbudt (redigeret af HR; ny standardtekst venter)",
        }
        out = []
        for kind, per_outcome in self.counts.items():
            parts = ", ".join(f"{per_outcome[o]} {labels[o]}" for o in SeedOutcome)
            out.append(f"{kind}: {parts}")
        return out + self.kept
