"""Noting, during a request, which persons' personal data it shows (the read log, issue #15).

On the ground floor so every floor can note reads, including the organisation floor's HR
pages; the `privacy` app writes the one read-log row per request from what was noted
(`privacy.readlog.ReadLogMiddleware`) and documents the rules (docs/privacy.md). A view that
shows another person's personal data calls

    note_read(request, persons, RecordKind.CONVERSATION)

once per kind of record it shows, with the persons shown (Person objects or ids).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class RecordKind(models.TextChoices):
    """The categories of personal data Lederspor holds, as the read log, the retention schedule
    and the access export name them (docs/privacy.md lists each with its purpose)."""

    PERSON = "person", _("Persondata")
    ENROLMENT = "enrolment", _("Forløb og tilmeldinger")
    CONVERSATION = "conversation", _("Samtaler")
    LOGBOOK = "logbook", _("Logbog")
    AGREEMENT = "agreement", _("Læringsaftaler")
    VISIT = "visit", _("Jobbesøg")
    EFFECTS = "effects", _("Effekter")
    PERSONALITY = "personality", _("Personlighedstest (JTI)")
    TASK = "task", _("Praksisopgaver")
    PLAN = "plan", _("Kompetenceplaner")
    LICENCE = "licence", _("Kørekort")
    GROUPING = "grouping", _("Netværksgrupper")
    EVALUATION = "evaluation", _("Evalueringer")
    EMAIL = "email", _("E-mails")
    ACCOUNT = "account", _("Login og log-ind")
    AUDIT = "audit", _("Hændelseslog")
    READ_LOG = "read_log", _("Læselog")
    ACCESS_EXPORT = "access_export", _("Indsigt (udtræk)")


#: the request attribute that collects what the request showed
_ATTRIBUTE = "_lederspor_reads"


@dataclass
class Reads:
    """What one request showed: person ids in first-noted order, and per kind (in first-noted
    order) the ids noted with it, so a kind noted only with the reader's own person is left
    out of the row."""

    subjects: dict[int, None] = field(default_factory=dict)
    kinds: dict[str, set[int]] = field(default_factory=dict)
    reader_label: str = ""


def reads_of(request: HttpRequest) -> Reads:
    """What `request` has noted so far (an empty `Reads` when nothing)."""
    reads = getattr(request, _ATTRIBUTE, None)
    if reads is None:
        reads = Reads()
        setattr(request, _ATTRIBUTE, reads)
    return reads


def note_read(
    request: HttpRequest,
    persons: Iterable[models.Model | int | None] | models.Model | int | None,
    kind: RecordKind,
    *,
    reader_label: str = "",
) -> None:
    """Note that this request shows `persons`' records of `kind` (e.g. RecordKind.LOGBOOK).

    `persons` is one Person, one Person id, or an iterable of either; None entries are
    skipped. Call it in the view before the response is built (or while building an export).
    `reader_label` names a reader that is not a signed-in person (an API token: "API-nøgle:
    BI-udtræk"). The row is written by `privacy.readlog.ReadLogMiddleware` after the view;
    nothing is written when the view fails (status ≥ 400) or only the reader's own person was
    noted.
    Raises TypeError when `kind` is not a RecordKind.
    """
    if not isinstance(kind, RecordKind):
        raise TypeError(f"read-log kind must be a RecordKind member, not {kind!r}")
    if persons is None or isinstance(persons, models.Model | int):
        persons = [persons]
    reads = reads_of(request)
    ids = [
        int(person.pk if isinstance(person, models.Model) else person)
        for person in persons
        if person is not None and (not isinstance(person, models.Model) or person.pk is not None)
    ]
    for pk in ids:
        reads.subjects.setdefault(pk, None)
    if ids:
        reads.kinds.setdefault(kind.value, set()).update(ids)
    if reader_label:
        reads.reader_label = reader_label
