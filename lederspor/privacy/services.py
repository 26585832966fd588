"""The privacy services: erasure on request (GDPR art. 17), the access export (art. 15 and 20)
and the retention run (docs/privacy.md).

They run the registries in `privacy.registry` (every app with personal data fills them in its
`ready()`): `personal_data` for erasure and the export, `retention_rules` for the retention run.
Each service writes one audit row (`privacy.audit.PrivacyAction`) with counts, never content.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst

from lederspor.core.audit import audit_record
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.privacy.audit import PrivacyAction
from lederspor.privacy.registry import (
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    retention_rules,
)

#: the key of the privacy app's read-log entry; its export is written as data/read_log.json
READ_LOG_KEY = "privacy.read_log"

Erasure = list[tuple[PersonalData, list[ErasureLine]]]


def erasure_preview(person: Person) -> Erasure:
    """What erasing `person` would do: each `personal_data` entry (in registry order) with its
    lines (label, count, delete/anonymise/keep, reason). Writes nothing: every entry is asked
    with apply=False, inside a transaction that is rolled back in any case."""
    with transaction.atomic():
        result = [(entry, list(entry.erase(person, False))) for entry in personal_data]
        transaction.set_rollback(True)
    return result


def _erase_all(person: Person) -> Erasure:
    """Run every entry's erase(person, True) in registry order (the person row last). The
    caller holds the transaction and writes the audit row."""
    return [(entry, list(entry.erase(person, True))) for entry in personal_data]


def _counts(result: Erasure) -> dict[str, dict[str, int]]:
    """{entry key: {action: count}} for the audit row (only lines with records)."""
    counts: dict[str, dict[str, int]] = {}
    for entry, lines in result:
        for line in lines:
            if line.count:
                per_action = counts.setdefault(entry.key, {})
                per_action[line.action.value] = per_action.get(line.action.value, 0) + line.count
    return counts


@transaction.atomic
def erase_person(*, person: Person, by: User, reason: str) -> Erasure:
    """Erase `person` on request (GDPR art. 17): every `personal_data` entry deletes,
    anonymises or keeps (with its reason) what it holds, in registry order, in one
    transaction; the privacy app's own entry anonymises the person row last ("Slettet
    person", no e-mail, employee number or login). `by`: the HR staff member with the
    data-protection role; `reason`: why (e.g. "Anmodning fra medarbejderen 3. maj"), kept in
    the audit row (PrivacyAction.ERASURE) with the counts per entry, never the content.

    Returns what was done, as `erasure_preview` shows it. Erasing an erased person again
    changes nothing of substance (the entries find nothing left to delete).
    """
    locked = Person.objects.select_for_update().get(pk=person.pk)
    result = _erase_all(locked)
    audit_record(
        actor=by,
        action=PrivacyAction.ERASURE,
        obj=locked,
        summary="Sletning efter anmodning",
        reason=reason[:500],
        counts=_counts(result),
    )
    person.refresh_from_db()
    return result


def erase_expired_person(person: Person) -> Erasure:
    """Erase `person` as the retention run does for a person deactivated past the retention
    period (the rule `people.deactivated`): every entry's erase(person, True), no audit row of
    its own (the run's RETENTION_RUN row counts the persons). The caller holds the
    transaction."""
    return _erase_all(person)


# --- the access export ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Section:
    """One registry entry's records in the export's index.html."""

    key: str
    label: str
    kind: str
    filename: str
    columns: list[str]
    rows: list[list[str]]


#: the last part of a record path that names the related row itself ("manager.full_name")
_NAMING_ATTRIBUTES = {"name", "full_name", "title", "__str__"}


def _verbose_names(model: type[models.Model], path: str) -> list[str] | None:
    """The verbose names along `path` in `model` ("unit.name" → ["enhed", "navn"]); the naming
    attribute at the end of a relation is left out; None when a part is not a field."""
    names: list[str] = []
    current: type[models.Model] | None = model
    parts = path.split(".")
    for index, part in enumerate(parts):
        if index and index == len(parts) - 1 and part in _NAMING_ATTRIBUTES:
            break
        if current is None:
            return None
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:  # a property or a key of the record, not a field
            return None
        names.append(str(getattr(field, "verbose_name", "") or part))
        related = getattr(field, "related_model", None)
        current = related if isinstance(related, type) else None
    return names


def _field_label(entry_models: Iterable[type[models.Model]], path: str) -> str:
    """The Danish column heading for a record field `path`: "unit.name" → "Enhed",
    "cohort.start" → "Hold: start", else `path` itself (a key the entry made up)."""
    for model in entry_models:
        names = _verbose_names(model, path)
        if names:
            return str(capfirst(": ".join(names)))
    return path


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _section(entry: PersonalData, records: list[dict[str, Any]], filename: str) -> _Section:
    columns: dict[str, None] = {}
    for record in records:
        for name in record:
            columns.setdefault(name, None)
    return _Section(
        key=entry.key,
        label=str(entry.label),
        kind=str(entry.kind.label),
        filename=filename,
        columns=[_field_label(entry.models, name) for name in columns],
        rows=[[_cell(record.get(name)) for name in columns] for record in records],
    )


def _safe_filename(name: str, taken: set[str]) -> str:
    """`name` as a plain file name (no folders, no odd characters), unique within `taken`."""
    base = re.sub(r"[^A-Za-z0-9æøåÆØÅ._-]+", "-", name.rsplit("/", 1)[-1]).strip(".-") or "fil"
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{stem}-{number}.{suffix}" if suffix else f"{stem}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


README = """Indsigt i dine personoplysninger i Lederspor
=============================================

Denne fil (ZIP) indeholder alle de oplysninger, Lederspor har om {name},
dannet {produced} (indsigtsret efter databeskyttelsesforordningens artikel 15
og dataportabilitet efter artikel 20).

Indhold:

- index.html: en læsevenlig oversigt over alle oplysningerne. Åbn den i en browser.
- data/<slags>.json: de samme oplysninger maskinlæsbart (JSON, UTF-8), én fil pr. slags
  oplysninger, fx data/people.person.json for dine stamdata.
- data/read_log.json: læseloggen: hvem der har åbnet dine oplysninger, hvornår, hvilke slags
  oplysninger og hvordan (side, PDF, udtræk eller API).
- documents/: dokumenter om dig (PDF), fx referater af samtaler.

Andre personers oplysninger er ikke med (fx andre deltageres svar i en fælles samtale).

Har du spørgsmål, eller mener du, at noget er forkert, så kontakt HR eller kommunens
databeskyttelsesrådgiver (se privatlivserklæringen i Lederspor).
"""


def access_export_filename(person: Person, *, now: dt.datetime | None = None) -> str:
    """The download name of `person`'s access export, e.g. "indsigt-42-2026-05-03.zip" (the id,
    not the name, so the name is not in a browser's download list or a proxy's log)."""
    day = timezone.localdate(now or timezone.now())
    return f"indsigt-{person.pk}-{day.isoformat()}.zip"


def _json(records: list[dict[str, Any]]) -> bytes:
    return json.dumps(records, ensure_ascii=False, indent=2, default=str).encode("utf-8")


@transaction.atomic
def access_export(*, person: Person, by: User | None) -> bytes:
    """All data Lederspor holds about `person`, as a ZIP (GDPR art. 15 and 20):

    - `index.html`: a readable Danish summary (template `privacy/access_export.html`,
      self-contained): who, when produced, each record kind with its records as tables;
    - `data/<entry key>.json`: each `personal_data` entry's export (UTF-8, indent 2);
    - `data/read_log.json`: every read-log row about the person (when, reader, kinds, channel;
      not the reader's address);
    - `documents/<file>`: the PDFs the entries' `documents(person)` give;
    - `README.txt` (Danish): what the files are.

    `by`: who produced it (the person themselves, HR staff, or None for a command). Writes one
    audit row (PrivacyAction.ACCESS_EXPORT: by whom, for whom, records per entry; never
    content). The view that serves it to someone other than the person notes the read.
    Returns the ZIP's bytes.
    """
    produced = timezone.localtime()
    buffer = io.BytesIO()
    sections: list[_Section] = []
    counts: dict[str, int] = {}
    documents: list[str] = []
    taken: set[str] = set()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for entry in personal_data:
            records = list(entry.export(person))
            name = "data/read_log.json" if entry.key == READ_LOG_KEY else f"data/{entry.key}.json"
            archive.writestr(name, _json(records))
            counts[entry.key] = len(records)
            sections.append(_section(entry, records, name))
            if entry.documents is not None:
                for document in entry.documents(person):
                    filename = _safe_filename(document.filename, taken)
                    archive.writestr(f"documents/{filename}", document.content)
                    documents.append(filename)
        index = render_to_string(
            "privacy/access_export.html",
            {
                "person": person,
                "produced": produced,
                "sections": sections,
                "documents": documents,
            },
        )
        archive.writestr("index.html", index.encode("utf-8"))
        archive.writestr(
            "README.txt",
            README.format(
                name=person.full_name,
                produced=date_format(timezone.localtime(produced), "WEEKDAY_DATETIME_FORMAT"),
            ).encode("utf-8"),
        )
    audit_record(
        actor=by,
        action=PrivacyAction.ACCESS_EXPORT,
        obj=person,
        summary="Indsigt (udtræk)",
        counts=counts,
        documents=len(documents),
    )
    return buffer.getvalue()


# --- the retention run ------------------------------------------------------------------------


def apply_retention(
    *, now: dt.datetime | None = None, apply: bool
) -> list[tuple[RetentionRule, int]]:
    """Run every retention rule (docs/privacy.md) in registry order with cutoff = `now` (an
    aware datetime, default now) minus the rule's `days` (its default or
    `settings.LEDERSPOR_RETENTION_DAYS[key]`). With apply=False (a dry run) it counts what
    would expire and writes nothing; with apply=True it deletes or anonymises it and writes one
    audit row (PrivacyAction.RETENTION_RUN, no actor) with {rule key: count}, in one
    transaction. Idempotent: a second run at the same `now` finds nothing.

    Returns each rule with the number of records it expired (or would expire).
    """
    moment = now or timezone.now()
    with transaction.atomic():
        result = [
            (rule, int(rule.expire(moment - dt.timedelta(days=rule.days), apply)))
            for rule in retention_rules
        ]
        if apply:
            audit_record(
                actor=None,
                action=PrivacyAction.RETENTION_RUN,
                obj=None,
                summary="Opbevaringsperioder",
                counts={rule.key: count for rule, count in result},
                days={rule.key: rule.days for rule, _count in result},
                now=moment.isoformat(),
            )
        else:
            transaction.set_rollback(True)
    return result
