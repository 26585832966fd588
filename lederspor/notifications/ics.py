"""iCalendar invitations (RFC 5545 / iTIP RFC 5546) for sessions, visits and conversations.

An event keeps one stable UID for its whole life; each change re-sends it with METHOD:REQUEST
and a higher SEQUENCE, and a cancellation sends METHOD:CANCEL with STATUS:CANCELLED, so the
recipient's calendar updates the one entry instead of adding new ones.
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


def stable_uid(obj: models.Model) -> str:
    """A UID that never changes for a model instance: "<app.model>-<pk>@<host>"."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "lederspor"
    return f"{obj._meta.label_lower}-{obj.pk}@{host}"


def build_ics(invitation: Invitation, *, method: str = REQUEST) -> str:
    """Return the iCalendar text of one event with `method` REQUEST or CANCEL.

    Times are written in UTC. Raises ValueError for another method or an end before the start.
    """
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"method must be REQUEST or CANCEL, got {method!r}")
    if invitation.ends_at < invitation.starts_at:
        raise ValueError("an event cannot end before it starts")
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", method)
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
        event.add("attendee", attendee, encode=False)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical.decode("utf-8")
