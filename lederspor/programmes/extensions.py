"""The hub's extension points: how feature apps add to programme pages and follow cohort changes.

`programmes` imports no feature app. A feature registers its entries in its
`AppConfig.ready()` (docs/architecture.md):

- `enrolment_sections` — sections of a participant's programme page
  (`programmes:enrolment_detail`): the feature's part of the programme for this participant.
- `cohort_links` — links on a cohort's page to the feature's own pages for that cohort.
- `progress_columns` — columns the feature adds to the cohort's progress matrix.
- `cohort_dates_moved` — called by `services.cohort_update` (in its transaction) when a cohort's
  start or end date changes, so a feature can move what it scheduled from those dates.
- `nomination_sections` — what a feature shows the nearest leader on the nomination page
  (`programmes:nominate`) when a cohort of its programme is open for nomination.
- `calendar_sources` — a feature's dated events for the calendars (a person's "Min kalender",
  a cohort's calendar, the iCalendar feed) and the clash check (issue #16 §3).

Each entry may name the programme kinds it serves (`kinds`); None serves every programme.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise

from lederspor.core.access import Relation
from lederspor.core.models import User
from lederspor.core.registry import Registry
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.programmes.models import Cohort, Enrolment, ProgrammeKind, Session


def _serves(kinds: frozenset[str] | None, kind: str) -> bool:
    return kinds is None or kind in kinds


# --- the participant's programme page --------------------------------------------------------


class Region(StrEnum):
    """Where a section goes on the programme page."""

    MAIN = "main"  # the wide column
    ASIDE = "aside"  # the narrow column beside it
    BELOW = "below"  # full width under both columns


@dataclass
class EnrolmentPage:
    """What every section of one programme page shares: the request, the enrolment (with
    `person__manager`, `person__unit`, `cohort__programme` and `nominated_by` loaded), the
    viewer's relations to it, and data loaded once for all sections."""

    request: HttpRequest
    enrolment: Enrolment
    relations: set[Relation]

    @cached_property
    def viewer(self) -> Person | None:
        """The signed-in person (cached on the request; no query after the first)."""
        return roles_for(self.request).person

    @cached_property
    def sessions(self) -> list[Session]:
        """The cohort's sessions by start time (one query, shared by the sections)."""
        return list(self.enrolment.cohort.sessions.order_by("starts_at"))

    @cached_property
    def next_session(self) -> Session | None:
        """The first session that has not started yet, or None."""
        now = timezone.now()
        return next((s for s in self.sessions if s.starts_at >= now), None)

    def has(self, *relations: Relation) -> bool:
        """True if the viewer holds any of `relations`."""
        return bool(self.relations & set(relations))


@dataclass(frozen=True)
class EnrolmentSection:
    """A section of the programme page.

    `render(page)` returns the section's HTML, or "" when the viewer should see nothing (it
    checks what `page.relations` may see). `kinds`: the programmes it appears on (None: all).
    """

    key: str
    order: int
    render: Callable[[EnrolmentPage], str]
    region: Region = Region.MAIN
    kinds: frozenset[str] | None = None


enrolment_sections: Registry[EnrolmentSection] = Registry("programmes.enrolment_sections")


def render_enrolment_sections(page: EnrolmentPage) -> dict[str, list[str]]:
    """The rendered sections for `page` by region value ("main", "aside", "below"), each list
    in registry order; sections that render only whitespace are left out. A section returns
    the SafeString of `render_to_string`, which the page inserts as HTML."""
    kind = page.enrolment.cohort.programme.kind
    regions: dict[str, list[str]] = {r.value: [] for r in Region}
    for section in enrolment_sections:
        if _serves(section.kinds, kind) and (html := section.render(page)).strip():
            regions[section.region.value].append(html)
    return regions


# --- the cohort page -------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortLink:
    """A link from a cohort's page to a feature's page for that cohort.

    `url_name` is reversed with the cohort's pk. `prominent` links are shown to everyone who
    may read the cohort page, as a card; the others are buttons among the managers' actions.
    """

    key: str
    order: int
    label: str | Promise
    url_name: str
    kinds: frozenset[str] | None = None
    prominent: bool = True


cohort_links: Registry[CohortLink] = Registry("programmes.cohort_links")


def links_for(cohort: Cohort, *, can_manage: bool) -> list[CohortLink]:
    """The cohort links for `cohort`'s programme that the viewer may follow."""
    kind = cohort.programme.kind
    return [
        link
        for link in cohort_links
        if _serves(link.kinds, kind) and (link.prominent or can_manage)
    ]


@dataclass(frozen=True)
class ProgressCell:
    """One cell a feature adds to a participant's row: a count and its badge style
    (`badge-<style>`; "" shows the number muted)."""

    value: int
    style: str = ""


@dataclass
class ProgressColumns:
    """What one feature adds to the progress matrix of a cohort.

    `headers`: column headings; `cells`: per enrolment id, one cell per heading (enrolments
    missing from it get zeros); `stats`: (number, label) cards above the matrix; `legend`: a
    sentence explaining the columns.
    """

    headers: list[str]
    cells: dict[int, list[ProgressCell]] = field(default_factory=dict)
    stats: list[tuple[int, str]] = field(default_factory=list)
    legend: str = ""

    def row(self, enrolment_id: int) -> list[ProgressCell]:
        """The cells of one participant (zeros when the feature has none for them)."""
        return self.cells.get(enrolment_id) or [ProgressCell(0) for _ in self.headers]


@dataclass(frozen=True)
class ProgressProvider:
    """A feature's columns in the progress matrix: `build(cohort, enrolment_ids)` returns them
    in a fixed number of queries, whatever the cohort's size."""

    key: str
    order: int
    build: Callable[[Cohort, list[int]], ProgressColumns]
    kinds: frozenset[str] | None = None


progress_columns: Registry[ProgressProvider] = Registry("programmes.progress_columns")


def progress_for(cohort: Cohort, enrolment_ids: list[int]) -> list[ProgressColumns]:
    """Every registered feature's columns for `cohort`, in registry order."""
    kind = cohort.programme.kind
    return [p.build(cohort, enrolment_ids) for p in progress_columns if _serves(p.kinds, kind)]


# --- hooks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CohortDatesMoved:
    """Called as `run(cohort=…, old_starts_on=…, old_ends_on=…, by=…)` inside
    `services.cohort_update`'s transaction after the cohort's new dates are saved. It may
    write (with its own audit rows) and enqueue work with `transaction.on_commit`."""

    key: str
    order: int
    run: Callable[..., None]
    kinds: frozenset[str] | None = None


cohort_dates_moved: Registry[CohortDatesMoved] = Registry("programmes.cohort_dates_moved")


def notify_cohort_dates_moved(
    *, cohort: Cohort, old_starts_on: dt.date, old_ends_on: dt.date, by: User
) -> None:
    """Run every `cohort_dates_moved` hook that serves the cohort's programme."""
    kind = cohort.programme.kind
    for hook in cohort_dates_moved:
        if _serves(hook.kinds, kind):
            hook.run(cohort=cohort, old_starts_on=old_starts_on, old_ends_on=old_ends_on, by=by)


# --- the nomination page ---------------------------------------------------------------------


@dataclass(frozen=True)
class NominationSection:
    """A section of the nomination page: `render(request)` returns HTML (or ""), shown when a
    cohort of one of `kinds` is open for nomination (None: always)."""

    key: str
    order: int
    render: Callable[[HttpRequest], str]
    kinds: frozenset[str] | None = None


nomination_sections: Registry[NominationSection] = Registry("programmes.nomination_sections")


def render_nomination_sections(request: HttpRequest, open_kinds: set[str]) -> list[str]:
    """The rendered nomination sections for the programme kinds with open cohorts
    (`open_kinds`), in registry order; empty ones left out."""
    return [
        html
        for section in nomination_sections
        if (section.kinds is None or section.kinds & open_kinds)
        and (html := section.render(request)).strip()
    ]


# --- the calendars (issue #16 §3) ------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEvent:
    """One dated event on a calendar.

    `uid`: `notifications.ics.stable_uid` of the object (unique across sources; the feed's UID
    and the key clashes are reported by). `title`: what anyone who may see the calendar may
    read (a conversation: only "Samtale"). `starts_at`/`ends_at`: aware datetimes, start before
    end. `place`: the room as typed. `kind`: a short Danish label ("Undervisningsdag",
    "Samtale" …). `cohort_id`/`cohort_name`: the cohort it belongs to. `people`: the person ids
    it occupies for the clash check (a session's and a wrap-up's consultants, a conversation's
    attendees). `private`: a conversation: the viewer sees `attendee_title` and `url` only when
    they are in `people`. `url`: the event's page for those who may open it ("" for none);
    `manage_url`: where the people it occupies change it (a session's edit page). `sequence`:
    the iCalendar SEQUENCE of its invitations.
    """

    uid: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    place: str = ""
    cohort_id: int | None = None
    cohort_name: str = ""
    people: frozenset[int] = frozenset()
    private: bool = False
    attendee_title: str = ""
    url: str = ""
    manage_url: str = ""
    sequence: int = 0


@dataclass(frozen=True)
class CalendarSource:
    """A feature's events: `events(person, cohort, start, end)` returns the
    `CalendarEvent`s that overlap [start, end) (aware datetimes) in a fixed number of queries:

    - `person` given: what that person attends (consults, is seated on, attends);
    - `cohort` given: the cohort's dated events (every conversation of its participants, too);
    - both None: every event in the window (the clash check reads these).
    """

    key: str
    order: int
    events: Callable[[Person | None, Cohort | None, dt.datetime, dt.datetime], list[CalendarEvent]]


calendar_sources: Registry[CalendarSource] = Registry("programmes.calendar_sources")


def calendar_events(
    *, person: Person | None, cohort: Cohort | None, start: dt.datetime, end: dt.datetime
) -> list[CalendarEvent]:
    """Every registered source's events overlapping [start, end), by start time then title
    (each source's fixed queries; see `CalendarSource`)."""
    found = [e for source in calendar_sources for e in source.events(person, cohort, start, end)]
    return sorted(found, key=lambda e: (e.starts_at, e.ends_at, e.title, e.uid))


def kinds(*values: ProgrammeKind) -> frozenset[str]:
    """`kinds(ProgrammeKind.TRAINEE)` → the frozenset an entry's `kinds` takes."""
    return frozenset(v.value for v in values)


__all__ = [
    "CalendarEvent",
    "CalendarSource",
    "CohortDatesMoved",
    "CohortLink",
    "EnrolmentPage",
    "EnrolmentSection",
    "NominationSection",
    "ProgressCell",
    "ProgressColumns",
    "ProgressProvider",
    "Region",
    "calendar_events",
    "calendar_sources",
    "cohort_dates_moved",
    "cohort_links",
    "enrolment_sections",
    "kinds",
    "links_for",
    "nomination_sections",
    "notify_cohort_dates_moved",
    "progress_columns",
    "progress_for",
    "render_enrolment_sections",
    "render_nomination_sections",
]
