"""Reading, checking, filling and saving editable texts (issue #16 §1).

Readers call `live(text)` (or `live_many`) for the wording in use: HR's edit, else the seed
default stored by the loader, else the file default (a database the loader has not run on yet).
Wording is filled with `fill`, which replaces the whitelisted `{placeholder}`s and nothing else:
no template code is ever evaluated from a text.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import Context, Variable, VariableDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.core import content_versions as cv
from lederspor.core.audit import audit_record
from lederspor.core.models import ContentItem, ContentVersion, User
from lederspor.texts.audit import TextAction
from lederspor.texts.registry import EditableText, editable_texts

#: `{name}` in a text; a brace that is not part of one is an error
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def check(text: EditableText, data: Mapping[str, Any]) -> dict[str, str]:
    """The cleaned wording of `text` from `data` (`{field: str}`): stripped, a subject on one line.

    Raises ValidationError `{field: [Danish message]}` for an empty field, a field longer than
    its `max_length`, a stray brace, a placeholder not in the text's whitelist, or a private
    placeholder in a subject (issue #16 §1: subjects stay free of private content).
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    for spec in text.fields:
        value = str(data.get(spec.name) or "").strip()
        if spec.subject:
            value = " ".join(value.split())
        problems = []
        if not value:
            problems.append(_("Skriv en tekst; feltet må ikke være tomt."))
        if len(value) > spec.max_length:
            problems.append(
                _("Teksten er %(n)d tegn; den må højst være %(max)d tegn.")
                % {"n": len(value), "max": spec.max_length}
            )
        names = _PLACEHOLDER.findall(value)
        if _PLACEHOLDER.sub("", value).count("{") or _PLACEHOLDER.sub("", value).count("}"):
            problems.append(
                _(
                    "Krøllede parenteser { } bruges kun om pladsholdere som {navn}; ret eller fjern dem."
                )
            )
        allowed = ", ".join("{" + p.name + "}" for p in text.placeholders) or _("ingen")
        for name in dict.fromkeys(names):
            placeholder = text.placeholder(name)
            if placeholder is None:
                problems.append(
                    _("Ukendt pladsholder {%(name)s}. Teksten kan bruge: %(allowed)s.")
                    % {"name": name, "allowed": allowed}
                )
            elif spec.subject and placeholder.private:
                problems.append(
                    _("Pladsholderen {%(name)s} er fortroligt indhold og må ikke stå i emnelinjen.")
                    % {"name": name}
                )
        if problems:
            errors[spec.name] = problems
        cleaned[spec.name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def fill(wording: str, values: Mapping[str, str]) -> str:
    """`wording` with each `{name}` replaced by `values[name]` ("" when missing). Plain text:
    the caller escapes it for HTML (Django's autoescape does)."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), "")), wording)


def context_values(text: EditableText, context: Mapping[str, Any]) -> dict[str, str]:
    """`{placeholder: value}` resolved from a render `context` along each placeholder's fixed
    `path` (a missing value is ""); a date/time shown in the placeholder's `date_format` (in
    local time, the active language), as the mail template's `|date:"…"` shows it."""
    values = {}
    ctx = Context(dict(context))
    for placeholder in text.placeholders:
        try:
            value = Variable(placeholder.path).resolve(ctx)
        except VariableDoesNotExist:
            value = ""
        if placeholder.date_format and isinstance(value, dt.date):
            if isinstance(value, dt.datetime) and timezone.is_aware(value):
                value = timezone.localtime(value)
            value = date_format(value, placeholder.date_format)
        values[placeholder.name] = "" if value is None else str(value)
    return values


def sample_values(text: EditableText) -> dict[str, str]:
    """`{placeholder: sample}`: the values of the preview."""
    return {p.name: p.sample for p in text.placeholders}


def filled(
    text: EditableText, data: Mapping[str, str], values: Mapping[str, str]
) -> dict[str, str]:
    """Every field of `data` filled with `values` (`fill`)."""
    return {name: fill(wording, values) for name, wording in data.items()}


def live_many(texts: Iterable[EditableText]) -> dict[str, dict[str, str]]:
    """`{text.key: live wording}` for `texts` in one query: the live version's fields, a field the
    version lacks (a field added since) from the file default, and the whole file default when the
    text has no stored version yet."""
    texts = list(texts)
    stored = cv.live_data(t.content_key for t in texts)
    result = {}
    for text in texts:
        data = stored.get(text.content_key)
        if data is None or any(f.name not in data for f in text.fields):
            data = {**text.default(), **(data or {})}
        result[text.key] = {f.name: str(data.get(f.name, "")) for f in text.fields}
    return result


def live(text: EditableText) -> dict[str, str]:
    """The live wording `{field: text}` of `text` (see `live_many`); one query."""
    return live_many([text])[text.key]


def get_text(key: str) -> EditableText:
    """The registered text `key`. Raises KeyError when none is registered."""
    return editable_texts.get(key)


class Status(enum.StrEnum):
    """A text's state on the "Tekster" page."""

    DEFAULT = "default"  #: the seed default is in use
    EDITED = "edited"  #: HR's edit is in use
    OFFERED = "offered"  #: HR's edit is in use and a changed seed default is offered


@dataclass(frozen=True)
class TextState:
    """`text` with its `status`, the live version (None before the loader ran) and the item's
    edit counter `version` (0 when there is no item: what an editor's form carries)."""

    text: EditableText
    status: Status
    live: ContentVersion | None
    version: int


def states(texts: Iterable[EditableText]) -> list[TextState]:
    """The state of each of `texts`, in order, in two queries (the items, their versions)."""
    texts = list(texts)
    keys = [t.content_key for t in texts]
    items = {i.key: i for i in ContentItem.objects.filter(key__in=keys)}
    versions: dict[str, list[ContentVersion]] = {}
    for v in (
        ContentVersion.objects.filter(item__key__in=keys)
        .select_related("item", "created_by")
        .order_by("-number")
    ):
        versions.setdefault(v.item.key, []).append(v)
    result = []
    for text in texts:
        history = versions.get(text.content_key, [])
        live_version = next((v for v in history if v.applied_at is not None), None)
        offer = next(
            (v for v in history if v.applied_at is None and v.origin == ContentVersion.Origin.SEED),
            None,
        )
        if live_version is None or live_version.origin == ContentVersion.Origin.SEED:
            status = Status.DEFAULT
        elif offer is not None and offer.number > live_version.number:
            status = Status.OFFERED
        else:
            status = Status.EDITED
        item = items.get(text.content_key)
        result.append(TextState(text, status, live_version, item.version if item else 0))
    return result


@transaction.atomic
def text_edit(
    *, text: EditableText, data: Mapping[str, Any], by: User, expected_version: int, note: str = ""
) -> ContentVersion:
    """Make `data` (checked by `check`) the live wording of `text`, as an edit by `by`; audited.

    Returns the new version. Raises ValidationError (bad wording) or ConcurrentEditError (the
    text changed since the editor loaded `expected_version`; 0 = no stored item yet).
    """
    cleaned = check(text, data)
    version = cv.edit(
        text.content_key, cleaned, by=by, expected_version=expected_version, note=note
    )
    audit_record(
        actor=by,
        action=TextAction.EDIT,
        obj=version.item,
        summary=f"{text.key} v{version.number}",
        number=version.number,
    )
    return version


@transaction.atomic
def text_restore(
    *, text: EditableText, number: int, by: User, expected_version: int
) -> ContentVersion:
    """Make version `number` of `text` live again as a new edit by `by`; audited. Returns it.

    Raises ContentVersion.DoesNotExist (unknown number) or ConcurrentEditError (stale)."""
    version = cv.restore(text.content_key, number, by=by, expected_version=expected_version)
    audit_record(
        actor=by,
        action=TextAction.RESTORE,
        obj=version.item,
        summary=f"{text.key} v{number} → v{version.number}",
        restored=number,
        number=version.number,
    )
    return version


@transaction.atomic
def text_accept_default(*, text: EditableText, by: User, expected_version: int) -> ContentVersion:
    """Take the offered seed default of `text` into use ("Tag ny standard i brug"); audited.

    Raises ContentVersion.DoesNotExist (nothing offered) or ConcurrentEditError (stale)."""
    version = cv.accept_offer(text.content_key, by=by, expected_version=expected_version)
    audit_record(
        actor=by,
        action=TextAction.ACCEPT_DEFAULT,
        obj=version.item,
        summary=f"{text.key} v{version.number}",
        number=version.number,
    )
    return version


def load_text_defaults() -> dict[str, cv.SeedOutcome]:
    """Store every registered text's file default through `seed_default` (`lederspor
    load_content`): the first load makes it live, a changed file replaces a default still in use
    and is only *offered* over an HR edit; loading twice changes nothing. Returns
    `{text.key: outcome}`."""
    return {t.key: cv.seed_default(t.content_key, t.default()).outcome for t in editable_texts}
