"""The privacy floor's extension points: what each app holds about a person, and how long.

Every app that stores personal data registers, in its `AppConfig.ready()`:

- a `PersonalData` entry in `personal_data` for each kind of record it holds about a person:
  what the access export (GDPR art. 15 and 20) contains, and what erasure on request deletes,
  anonymises or keeps (and why). `models` names every model the entry covers:
  `privacy/tests/test_registry.py` fails when a model with a foreign key to a person or a login
  is covered by no entry, so a new app cannot forget.
- a `RetentionRule` in `retention_rules` for each record type with a retention period: the
  daily retention run (`lederspor apply_retention`, and the worker) calls `expire` with the
  cutoff; `docs/privacy.md` lists each rule with its default and legal reason.

Entries are plain functions of the app; `privacy.services` runs them (docs/privacy.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.functional import Promise

from lederspor.core.registry import Registry
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind


class Action(StrEnum):
    """What erasure does with a group of records."""

    DELETE = "delete"
    ANONYMISE = "anonymise"
    KEEP = "keep"


@dataclass(frozen=True)
class ErasureLine:
    """One line of an erasure preview or result: `count` records of `label` (Danish, e.g.
    "Samtalereferater") are deleted, anonymised or kept; `reason` (Danish) says why, and is
    required for KEEP (e.g. "Beviset for et gennemført forløb gemmes i 5 år")."""

    label: str | Promise
    count: int
    action: Action
    reason: str | Promise = ""


@dataclass(frozen=True)
class Document:
    """A file for the access export: `filename` inside the ZIP's documents/ folder (e.g.
    "samtale-2026-03-04.pdf") and its bytes."""

    filename: str
    content: bytes


@dataclass(frozen=True)
class PersonalData:
    """What one app holds about a person, of one `kind`.

    - `export(person) -> list[dict]`: JSON-serialisable records about `person` (use `records`),
      the person's own words and what others wrote about them, never another person's private
      content (another participant's answers in a shared conversation).
    - `erase(person, apply) -> list[ErasureLine]`: with apply=False, the preview (counts only,
      nothing written); with apply=True, do it — the caller (`privacy.services.erase_person`)
      holds the one transaction and writes the audit row. Anonymising keeps the row (reports
      still count it) and blanks what identifies the person or is their content.
    - `documents(person) -> list[Document]`: the PDFs the person would receive (optional).
    - `models`: every model whose rows this entry exports and erases (the coverage test).
    """

    key: str
    order: int
    label: str | Promise
    kind: RecordKind
    models: tuple[type[models.Model], ...]
    export: Callable[[Person], list[dict[str, Any]]]
    erase: Callable[[Person, bool], list[ErasureLine]]
    documents: Callable[[Person], list[Document]] | None = None


personal_data: Registry[PersonalData] = Registry("privacy.personal_data")


@dataclass(frozen=True)
class RetentionRule:
    """A retention period for one record type.

    `key` (e.g. "notifications.email_bodies") is also the key of
    `settings.LEDERSPOR_RETENTION_DAYS`, which overrides `default_days`. `expire(cutoff, apply)`
    deletes or anonymises the records that expired before `cutoff` (an aware datetime) and
    returns how many it did (or, with apply=False, would); it must be idempotent. `reason` is
    the legal basis shown in docs/privacy.md and on the retention page.
    """

    key: str
    order: int
    label: str | Promise
    kind: RecordKind
    default_days: int
    reason: str | Promise
    expire: Callable[[dt.datetime, bool], int]

    @property
    def days(self) -> int:
        """The period in days: `settings.LEDERSPOR_RETENTION_DAYS[key]`, else the default."""
        overrides: dict[str, int] = getattr(settings, "LEDERSPOR_RETENTION_DAYS", {})
        return int(overrides.get(self.key, self.default_days))


retention_rules: Registry[RetentionRule] = Registry("privacy.retention_rules")


def records(rows: Iterable[models.Model], fields: Iterable[str]) -> list[dict[str, Any]]:
    """`rows` as JSON-ready dicts of `fields` (attribute paths like "cohort.name" allowed):
    dates and times as ISO 8601 strings, decimals as strings, lazy texts as str. Choices show
    their label when `get_<field>_display` exists."""
    encoder = DjangoJSONEncoder()
    names = list(fields)
    result = []
    for row in rows:
        item: dict[str, Any] = {}
        for name in names:
            value: Any = row
            for part in name.split("."):
                display = getattr(value, f"get_{part}_display", None)
                value = display() if callable(display) else getattr(value, part, None)
                if value is None:
                    break
            if isinstance(value, Promise):
                value = str(value)
            elif isinstance(value, dt.date | dt.time | dt.timedelta) or not isinstance(
                value, str | int | float | bool | list | dict | type(None)
            ):
                value = (
                    encoder.default(value) if not isinstance(value, models.Model) else str(value)
                )
            item[name] = value
        result.append(item)
    return result
