"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for sessions, visits and conversations.

An event keeps one stable UID for its whole life (`stable_uid`: the object's model and primary
key at `settings.LEDERSPOR_CALENDAR_UID_DOMAIN`, never this machine's name); each change re-sends
it with METHOD:REQUEST and a higher SEQUENCE, and a cancellation sends METHOD:CANCEL with
STATUS:CANCELLED, so the recipient's calendar updates the one entry instead of adding new ones.
Every attendee is asked to answer (RSVP=TRUE, PARTSTAT=NEEDS-ACTION); a private event (a
conversation) carries CLASS:PRIVATE so a shared calendar shows it as busy only. The text is
UTF-8; `notifications.tasks.build_message` sends it as such (issue #14 §2). A meeting that has
ended is not sent at all (`has_ended`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import parseaddr

from django.conf import settings
from django.db import models
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

PRODID = "-//Lederspor//lederspor//DA"
REQUEST = "REQUEST"
CANCEL = "CANCEL"


@dataclass(frozen=True)
class Invitation:
    """What a calendar entry says.

    `uid`: stable identifier, e.g. `stable_uid(visit)`. `sequence`: revision number ≥ 0, bumped
    on every change. `starts_at`/`ends_at`: aware datetimes. `attendees`: (name, e-mail) pairs.
    `private`: CLASS:PRIVATE (conversations: others who see the calendar see only "busy").
    """

    uid: str
    sequence: int
    summary: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    attendees: Sequence[tuple[str, str]] = ()
    private: bool = False


def uid_domain() -> str:
    """The right-hand side of every UID: settings.LEDERSPOR_CALENDAR_UID_DOMAIN (default
    "lederspor"). Not the host name nor SITE_URL, which may change when the server moves: a
    changed UID would make calendars add a second entry instead of updating the first."""
    return str(getattr(settings, "LEDERSPOR_CALENDAR_UID_DOMAIN", "") or "lederspor")


def stable_uid(obj: models.Model) -> str:
    """A UID that never changes for a saved model instance: "<app.model>-<pk>@<uid_domain()>",
    e.g. "conversations.conversation-12@lederspor". Raises ValueError for an unsaved one."""
    if obj.pk is None:
        raise ValueError("an unsaved object has no stable UID")
    return f"{obj._meta.label_lower}-{obj.pk}@{uid_domain()}"


def has_ended(ends_at: dt.datetime) -> bool:
    """Whether a meeting ending at `ends_at` (aware) is over: no invitation or cancellation is
    sent for it (a conversation recorded after it was held, a session in the past)."""
    return ends_at <= timezone.now()


def calendar_has_ended(text: str) -> bool:
    """Whether every event in the iCalendar `text` (from `build_ics`) has ended (`has_ended` of
    its DTEND, or DTSTART without one). False for text without events. Raises ValueError for
    text that is not iCalendar."""
    ends = []
    for event in Calendar.from_ical(text).walk("VEVENT"):
        end = event.decoded("dtend") if "dtend" in event else event.decoded("dtstart")
        if not isinstance(end, dt.datetime):  # an all-day event ends at the end of its date
            end = timezone.make_aware(dt.datetime.combine(end, dt.time.max))
        ends.append(end)
    return bool(ends) and all(has_ended(end) for end in ends)


def build_ics(invitation: Invitation, *, method: str = REQUEST) -> str:
    """Return the iCalendar text of one event with `method` REQUEST or CANCEL.

    Times are written in UTC. ORGANIZER is Lederspor's sender address
    (settings.DEFAULT_FROM_EMAIL); every attendee has CN, ROLE=REQ-PARTICIPANT,
    PARTSTAT=NEEDS-ACTION and RSVP=TRUE. Raises ValueError for another method or an end before
    the start.
    """
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"method must be REQUEST or CANCEL, got {method!r}")
    if invitation.ends_at < invitation.starts_at:
        raise ValueError("an event cannot end before it starts")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
    cal.add_component(_vevent(invitation, cancelled=method == CANCEL))
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")


def _vevent(invitation: Invitation, *, cancelled: bool) -> Event:
    """The VEVENT of `invitation` (times in UTC; STATUS CANCELLED or CONFIRMED)."""
    event = Event()
    event.add("uid", invitation.uid)
    event.add("sequence", invitation.sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    event.add("dtstart", invitation.starts_at.astimezone(dt.UTC))
    event.add("dtend", invitation.ends_at.astimezone(dt.UTC))
    event.add("summary", invitation.summary)
    if invitation.location:
        event.add("location", invitation.location)
    if invitation.description:
        event.add("description", invitation.description)
    if invitation.url:
        event.add("url", invitation.url)
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["cn"] = vText("Lederspor")
    event.add("organizer", organizer)
    for name, email in invitation.attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = vText(name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = vText("NEEDS-ACTION")
        attendee.params["rsvp"] = vText("TRUE")
        event.add("attendee", attendee, encode=False)
    if invitation.private:
        event.add("class", "PRIVATE")
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def build_feed(invitations: Sequence[Invitation], *, name: str) -> str:
    """Return a subscribable calendar (issue #16 §3: the iCalendar feed Outlook polls): one
    VEVENT per invitation (no ATTENDEE lines are expected; times in UTC), METHOD:PUBLISH and
    the calendar's display `name` (X-WR-CALNAME). Raises ValueError for an event that ends
    before it starts."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for invitation in invitations:
        if invitation.ends_at < invitation.starts_at:
            raise ValueError("an event cannot end before it starts")
        cal.add_component(_vevent(invitation, cancelled=False))
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
