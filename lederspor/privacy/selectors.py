"""Reads for the privacy pages: the read-log search of the data-protection role, a person's own
read log ("Mine data") and the names of the persons a page of log rows shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.people.models import Person
from lederspor.privacy.models import ReadLogEntry

#: a subject search that matches more persons than this asks for a narrower search instead of
#: OR-ing a LIKE per person (the read-log page says so)
SUBJECT_MATCH_LIMIT = 50
#: how the pages name a read-log row's channel (`ReadLogEntry.channel`)
CHANNEL_LABELS = {
    "page": _("Side"),
    "pdf": _("PDF"),
    "export": _("Eksport"),
    "api": _("API"),
}


@dataclass(frozen=True)
class ReadLogFilter:
    """The read-log page's filters, all optional.

    `reader`: text in the reader's name or e-mail (`reader_label`); `subject_ids`: the persons
    the rows must name (any of them), or None for no subject filter (an empty tuple matches
    nothing: the search found no one); `date_from`/`date_to`: local dates, both included;
    `kind`: a `RecordKind` value.
    """

    reader: str = ""
    subject_ids: tuple[int, ...] | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: str = ""


def _day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of `day` in the local time zone (aware)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def subject_q(person_id: int) -> Q:
    """Q matching read-log rows that name the person `person_id` (the padded `subjects`)."""
    return Q(subjects__contains=f" {person_id} ")


def kind_q(kind: str) -> Q:
    """Q matching rows whose comma-joined `kinds` hold exactly `kind` (so "person" does not
    match "personality")."""
    return (
        Q(kinds=kind)
        | Q(kinds__startswith=f"{kind},")
        | Q(kinds__endswith=f",{kind}")
        | Q(kinds__contains=f",{kind},")
    )


def read_log_search(*, filters: ReadLogFilter) -> QuerySet[ReadLogEntry]:
    """The read-log rows that pass `filters`, newest first (the `at` index serves the period;
    the reader's login is not loaded: the page shows `reader_label`)."""
    rows = ReadLogEntry.objects.all()
    for word in filters.reader.split():
        rows = rows.filter(reader_label__icontains=word)
    if filters.subject_ids is not None:
        if not filters.subject_ids:
            return rows.none()
        q = Q()
        for pk in filters.subject_ids:
            q |= subject_q(pk)
        rows = rows.filter(q)
    if filters.date_from is not None:
        rows = rows.filter(at__gte=_day_start(filters.date_from))
    if filters.date_to is not None:
        rows = rows.filter(at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.kind:
        rows = rows.filter(kind_q(filters.kind))
    return rows.order_by("-at", "-pk")


def subject_search(*, q: str, limit: int = SUBJECT_MATCH_LIMIT) -> list[Person]:
    """Persons whose first or last name, e-mail or employee number hold every word of `q`
    (any case), by name; at most `limit + 1` (so the caller can tell "too many"). One query."""
    persons = Person.objects.only("id", "first_name", "last_name", "email")
    for word in q.split():
        persons = persons.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
            | Q(employee_number__icontains=word)
        )
    return list(persons.order_by("first_name", "last_name", "pk")[: limit + 1])


def person_names(ids: Iterable[int]) -> dict[int, str]:
    """Person id → full name for `ids`, in one query (none for no ids). A person no longer in
    the database is missing from the result; an erased person reads as the privacy app left
    the row ("Slettet person")."""
    wanted = set(ids)
    if not wanted:
        return {}
    return {
        pk: f"{first} {last}".strip()
        for pk, first, last in Person.objects.filter(pk__in=wanted).values_list(
            "pk", "first_name", "last_name"
        )
    }


@dataclass(frozen=True)
class ReadLogRow:
    """One read-log row as the pages show it: the entry and the names of the persons it names
    (in the order noted; "#<id>" for a person no longer in the database)."""

    entry: ReadLogEntry
    subject_names: list[str]

    @property
    def channel_label(self) -> str:
        """The channel in Danish ("Side", "PDF", "Eksport", "API")."""
        return str(CHANNEL_LABELS.get(self.entry.channel, self.entry.channel))


def with_subject_names(entries: Iterable[ReadLogEntry]) -> list[ReadLogRow]:
    """`entries` with their persons' names resolved in one query for all of them."""
    entries = list(entries)
    names = person_names(pk for entry in entries for pk in entry.subject_ids)
    return [
        ReadLogRow(entry, [names.get(pk, f"#{pk}") for pk in entry.subject_ids])
        for entry in entries
    ]


def reads_about(*, person: Person) -> QuerySet[ReadLogEntry]:
    """The read-log rows that name `person` (who has read their records), newest first; only
    the columns the person's own page shows are loaded (never the other persons named)."""
    return (
        ReadLogEntry.objects.filter(subject_q(person.pk))
        .only("id", "at", "reader_label", "kinds", "channel")
        .order_by("-at", "-pk")
    )
