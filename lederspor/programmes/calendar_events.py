"""One calendar per consultant and per cohort, clashes, and the iCalendar feed (issue #16 §3).

The events come from `extensions.calendar_sources`: the hub's sessions (every `Session.Kind`:
teaching days, network meetings, take-offs, wrap-ups …, registered here) and what the
features register (conversations, the job visits' joint wrap-ups). A **clash** is two events
that overlap in time (one starts before the other ends; back to back is no clash) and either
occupy the same person (`CalendarEvent.people`: the same consultant at two sessions, an
attendee at two conversations) or the same room (`place` compared normalised: case, spaces and
punctuation ignored). A clash is a warning, never a block: rooms are often shared on purpose.

Privacy: a conversation is titled "Samtale" for everyone; the participant's name and the link
appear only to its attendees (`shown_event`); the feed never names a participant. Every signed-in
person with a person record has "Min kalender" and a feed of what they attend; each link is one
the viewer may open (`viewer_link`), the edit link only for who may edit the cohort, and the clash
warnings only on consultant and HR calendars (`Viewer`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.notifications import ics
from lederspor.notifications.services import absolute_url
from lederspor.people.models import Person
from lederspor.people.roles import HR_PERMISSION
from lederspor.programmes.extensions import CalendarEvent, calendar_events
from lederspor.programmes.models import Cohort, Enrolment, Session

#: the feed holds events from this many days back … (issue #16 §3)
FEED_DAYS_BACK = 60
#: … to this many days ahead
FEED_DAYS_AHEAD = 365


# --- the hub's own source: sessions ------------------------------------------------------------


def session_events(
    person: Person | None, cohort: Cohort | None, start: dt.datetime, end: dt.datetime
) -> list[CalendarEvent]:
    """The sessions overlapping [start, end): of `cohort`; or of the cohorts `person` consults
    or is seated on (enrolled or completed); or all. Two queries (the sessions with their
    cohort, the cohorts' consultants). `people`: the cohort's consultants."""
    qs = Session.objects.filter(starts_at__lt=end, ends_at__gt=start).select_related("cohort")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if person is not None:
        cohort_ids = Cohort.objects.filter(
            Q(consultants=person)
            | Q(enrolments__person=person, enrolments__status__in=Enrolment.SEATED)
        ).values("pk")
        qs = qs.filter(cohort_id__in=cohort_ids)
    sessions = list(qs.prefetch_related("cohort__consultants").order_by("starts_at", "pk"))
    return [
        CalendarEvent(
            uid=ics.stable_uid(s),
            title=f"{s.cohort.name}: {s.theme}",
            starts_at=s.starts_at,
            ends_at=s.ends_at,
            kind=s.get_kind_display(),
            place=s.place,
            cohort_id=s.cohort_id,
            cohort_name=s.cohort.name,
            people=frozenset(c.pk for c in s.cohort.consultants.all()),
            url=reverse("programmes:cohort_detail", args=[s.cohort_id]),
            manage_url=reverse("programmes:session_edit", args=[s.pk]),
            sequence=s.ics_sequence,
        )
        for s in sessions
    ]


# --- clashes -----------------------------------------------------------------------------------


def normalised_place(place: str) -> str:
    """`place` for comparing rooms: lower case, punctuation as spaces, spaces collapsed
    ("Rådhuset, mødelokale 2" == "rådhuset mødelokale  2"); "" for no place."""
    return " ".join(re.sub(r"[\W_]+", " ", place.casefold()).split())


@dataclass(frozen=True)
class Clash:
    """`event` overlaps `other`: `same_person` (a person both occupy) and/or `same_room`."""

    other: CalendarEvent
    same_person: bool
    same_room: bool


def find_clashes(events: Iterable[CalendarEvent]) -> dict[str, list[Clash]]:
    """The clashes among `events`, by each clashing event's `uid` (both sides listed), in the
    other's start order. Two events clash when they overlap in time (start < other's end and
    other's start < end: back to back is no clash) and share a person (`people`) or a
    normalised non-empty `place`. O(n·k) for n events and k overlapping at a time."""
    ordered = sorted({e.uid: e for e in events}.values(), key=lambda e: (e.starts_at, e.uid))
    clashes: dict[str, list[Clash]] = {}
    active: list[CalendarEvent] = []
    for event in ordered:
        active = [a for a in active if a.ends_at > event.starts_at]
        room = normalised_place(event.place)
        for other in active:
            same_person = bool(event.people & other.people)
            same_room = bool(room) and room == normalised_place(other.place)
            if same_person or same_room:
                clashes.setdefault(event.uid, []).append(Clash(other, same_person, same_room))
                clashes.setdefault(other.uid, []).append(Clash(event, same_person, same_room))
        active.append(event)
    for found in clashes.values():
        found.sort(key=lambda c: (c.other.starts_at, c.other.uid))
    return clashes


def clash_text(clash: Clash, *, viewer_id: int | None) -> str:
    """The Danish warning for one clash: "Overlapper med “<titel>” (tirsdag 8. december 2026
    kl. 9:00): samme lokale." — the other's title as `viewer_id` may see it."""
    if clash.same_person and clash.same_room:
        why = _("samme person og samme lokale")
    elif clash.same_room:
        why = _("samme lokale")
    else:
        why = _("samme person")
    return _("Overlapper med “%(title)s” (%(when)s): %(why)s.") % {
        "title": visible_title(clash.other, viewer_id=viewer_id),
        "when": date_format(timezone.localtime(clash.other.starts_at), "WEEKDAY_DATETIME_FORMAT"),
        "why": why,
    }


def visible_title(event: CalendarEvent, *, viewer_id: int | None) -> str:
    """The title `viewer_id` may read: a private event's `attendee_title` for its attendees,
    otherwise `title`."""
    if event.private and event.attendee_title and viewer_id in event.people:
        return event.attendee_title
    return event.title


def session_clashes(session: Session, *, viewer_id: int | None) -> list[str]:
    """The warnings for `session` against every other event of its time (each source's fixed
    queries), as `clash_text`s; [] when it clashes with nothing."""
    uid = ics.stable_uid(session)
    events = calendar_events(person=None, cohort=None, start=session.starts_at, end=session.ends_at)
    return [clash_text(c, viewer_id=viewer_id) for c in find_clashes(events).get(uid, [])]


def cohort_session_clashes(cohort: Cohort, *, viewer_id: int | None) -> dict[int, list[str]]:
    """For the cohort page: per session pk, the warnings of the cohort's sessions that have not
    ended (every source's fixed queries twice, whatever the number of sessions)."""
    now = timezone.now()
    sessions = list(cohort.sessions.filter(ends_at__gt=now).order_by("starts_at"))
    if not sessions:
        return {}
    start = min(s.starts_at for s in sessions)
    end = max(s.ends_at for s in sessions)
    clashes = find_clashes(calendar_events(person=None, cohort=None, start=start, end=end))
    found: dict[int, list[str]] = {}
    for s in sessions:
        if texts := [
            clash_text(c, viewer_id=viewer_id) for c in clashes.get(ics.stable_uid(s), [])
        ]:
            found[s.pk] = texts
    return found


# --- the calendar pages -------------------------------------------------------------------------


@dataclass(frozen=True)
class ShownEvent:
    """An event as one viewer sees it: title, links and clash warnings they may read."""

    event: CalendarEvent
    title: str
    url: str
    manage_url: str
    clashes: list[str]


@dataclass
class CalendarDay:
    """One day of the week view with its events by start time."""

    date: dt.date
    events: list[ShownEvent] = field(default_factory=list)


@dataclass
class CalendarWeek:
    """The week view: Monday `monday`, the seven `days`, the previous/next Mondays, the
    number of events and of clashing ones, and the person ids whose names are shown
    (for the read log)."""

    monday: dt.date
    days: list[CalendarDay]
    previous: dt.date
    next: dt.date
    count: int
    clash_count: int
    named_people: set[int]

    @property
    def iso_week(self) -> int:
        """The ISO week number (uge) of `monday`."""
        return self.monday.isocalendar().week


def monday_of(value: str | None) -> dt.date:
    """The Monday of the week of the ISO date `value` ("2026-12-09"), or of today when it is
    missing or not a date (the page then shows this week)."""
    today = timezone.localdate()
    try:
        day = dt.date.fromisoformat(value) if value else today
    except ValueError:
        day = today
    return day - dt.timedelta(days=day.weekday())


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class Viewer:
    """Who looks at a calendar, and which of its links they may open (issue #16 §3).

    `person_id`: the viewer's person (None: an administrator without one). `reads_all`: may
    open every cohort page (HR staff, administrators; `access.get_cohort_for`).
    `consulted`: the ids of the cohorts they consult (they may open and edit those).
    `manages_all`: may edit every cohort's sessions (administrators; `can_manage_cohort`).
    `seats`: cohort id → the pk of their own seated enrolment there (the link a participant
    gets for a session instead of the cohort page). `clashes`: the clash warnings are shown
    (consultant and HR calendars only: a participant must not learn of someone else's
    private conversation through a clash)."""

    person_id: int | None
    reads_all: bool = False
    consulted: frozenset[int] = frozenset()
    manages_all: bool = False
    seats: dict[int, int] = field(default_factory=dict)
    clashes: bool = False

    def reads_cohort(self, cohort_id: int | None) -> bool:
        """Whether the viewer may open the page of cohort `cohort_id`."""
        return cohort_id is not None and (self.reads_all or cohort_id in self.consulted)

    def manages_cohort(self, cohort_id: int | None) -> bool:
        """Whether the viewer may edit the sessions of cohort `cohort_id`."""
        return cohort_id is not None and (self.manages_all or cohort_id in self.consulted)


def viewer_of(person: Person | None, *, is_admin: bool, is_hr: bool) -> Viewer:
    """The `Viewer` for `person` (None: an administrator without a person). `is_admin`: an
    active staff login; `is_hr`: holds `people.roles.HR_PERMISSION` (or is an administrator).
    Two queries with a person (the cohorts they consult, their seated enrolments), none
    without. Clash warnings are on for consultants, HR staff and administrators."""
    if person is None:
        return Viewer(None, reads_all=True, manages_all=is_admin, clashes=True)
    consulted = frozenset(Cohort.objects.filter(consultants=person).values_list("pk", flat=True))
    seats = dict(
        Enrolment.objects.filter(person=person, status__in=Enrolment.SEATED)
        .order_by("pk")
        .values_list("cohort_id", "pk")
    )
    return Viewer(
        person.pk,
        reads_all=is_admin or is_hr,
        consulted=consulted,
        manages_all=is_admin,
        seats=seats,
        clashes=is_admin or is_hr or bool(consulted),
    )


def viewer_link(event: CalendarEvent, viewer: Viewer) -> str:
    """The link of `event` that `viewer` may open, or "": a private event's page (a
    conversation) only for its attendees; an open event's page (a session's cohort page) for
    those who may open the cohort (`Viewer.reads_cohort`), else the viewer's own enrolment page
    on that cohort (`programmes:enrolment_detail`), else none."""
    if not event.url:
        return ""
    if event.private:
        return event.url if viewer.person_id in event.people else ""
    if viewer.reads_cohort(event.cohort_id):
        return event.url
    if event.cohort_id is not None and event.cohort_id in viewer.seats:
        return reverse("programmes:enrolment_detail", args=[viewer.seats[event.cohort_id]])
    return ""


def shown_event(event: CalendarEvent, *, viewer: Viewer, clashes: list[Clash]) -> ShownEvent:
    """`event` as `viewer` may see it: a private event's name only for its attendees, the link
    `viewer_link` gives; the edit link (`manage_url`) only for those it occupies who may edit
    its cohort (a session's consultants, `can_manage_cohort`); the clash warnings only when
    `viewer.clashes`."""
    viewer_id = viewer.person_id
    attends = viewer_id is not None and viewer_id in event.people
    return ShownEvent(
        event=event,
        title=visible_title(event, viewer_id=viewer_id),
        url=viewer_link(event, viewer),
        manage_url=event.manage_url if attends and viewer.manages_cohort(event.cohort_id) else "",
        clashes=[clash_text(c, viewer_id=viewer_id) for c in clashes] if viewer.clashes else [],
    )


def calendar_week(
    *,
    monday: dt.date,
    viewer: Viewer,
    person: Person | None = None,
    cohort: Cohort | None = None,
    everything: bool = False,
) -> CalendarWeek:
    """The week from `monday` of `person`'s calendar, `cohort`'s, or (`everything`, HR staff)
    every cohort's (private events only where `viewer` attends), as `viewer` may see it
    (`shown_event`). With `viewer.clashes`, clashes are checked against every event of the
    week, not only the shown ones: each source's fixed queries twice; without, once and no
    clash is reported (a participant's calendar)."""
    start = _local_midnight(monday)
    end = _local_midnight(monday + dt.timedelta(days=7))
    viewer_id = viewer.person_id
    everyone = (
        calendar_events(person=None, cohort=None, start=start, end=end)
        if viewer.clashes or everything
        else []
    )
    if everything:
        shown = [e for e in everyone if not e.private or viewer_id in e.people]
    else:
        shown = calendar_events(person=person, cohort=cohort, start=start, end=end)
    clashes = find_clashes(everyone) if viewer.clashes else {}
    days = [CalendarDay(monday + dt.timedelta(days=i)) for i in range(7)]
    named: set[int] = set()
    for event in shown:
        local_start = timezone.localtime(event.starts_at).date()
        index = min(max((local_start - monday).days, 0), 6)
        seen = shown_event(event, viewer=viewer, clashes=clashes.get(event.uid, []))
        if seen.title != event.title:
            named |= event.people
        days[index].events.append(seen)
    return CalendarWeek(
        monday=monday,
        days=days,
        previous=monday - dt.timedelta(days=7),
        next=monday + dt.timedelta(days=7),
        count=len(shown),
        clash_count=sum(1 for e in shown if e.uid in clashes),
        named_people=named,
    )


# --- the feed ------------------------------------------------------------------------------------


def feed_text(person: Person) -> str:
    """`person`'s events from `FEED_DAYS_BACK` days back to `FEED_DAYS_AHEAD` ahead as a
    subscribable iCalendar text (`ics.build_feed`): the stable UIDs of the invitations, no
    attendees, a conversation titled "Samtale" with CLASS:PRIVATE and no participant name;
    each event's URL the page `person` may open (`viewer_link`: a participant's own enrolment
    page for a session, never a cohort page they may not open)."""
    now = timezone.now()
    user = person.user
    is_admin = bool(user is not None and user.is_active and user.is_staff)
    viewer = viewer_of(
        person,
        is_admin=is_admin,
        is_hr=is_admin or bool(user is not None and user.has_perm(HR_PERMISSION)),
    )
    events = calendar_events(
        person=person,
        cohort=None,
        start=now - dt.timedelta(days=FEED_DAYS_BACK),
        end=now + dt.timedelta(days=FEED_DAYS_AHEAD),
    )
    invitations = [
        ics.Invitation(
            uid=e.uid,
            sequence=e.sequence,
            summary=e.title,
            starts_at=e.starts_at,
            ends_at=e.ends_at,
            location=e.place,
            description=e.kind,
            url=absolute_url(link) if (link := viewer_link(e, viewer)) else "",
            private=e.private,
        )
        for e in events
    ]
    return ics.build_feed(invitations, name=_("Lederspor – %(name)s") % {"name": person.full_name})
