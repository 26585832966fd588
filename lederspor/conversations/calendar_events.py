"""The conversations on the calendars (issue #16 §3, `programmes.extensions.calendar_sources`).

A conversation that is not cancelled is an event occupying its attendees. Its title is
"Samtale" for everyone; its attendees see "Samtale: <participant>" and the link to it
(`CalendarEvent.private`), so neither the kind nor any content reaches someone who may not
open it, nor the feed. The records of a joint start meeting (`is_joint_meeting`) are the
trainee app's one meeting event instead.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.conversations.models import Conversation, ConversationStatus
from lederspor.notifications import ics
from lederspor.people.models import Person
from lederspor.programmes.extensions import CalendarEvent
from lederspor.programmes.models import Cohort


def conversation_events(
    person: Person | None, cohort: Cohort | None, start: dt.datetime, end: dt.datetime
) -> list[CalendarEvent]:
    """The conversations overlapping [start, end) that are not cancelled (nor part of a joint
    start meeting): that `person`
    attends; of `cohort`'s participants; or all. Two queries (conversations with participant
    and cohort, their attendees). `people`: the attendees."""
    qs = (
        Conversation.objects.filter(starts_at__lt=end, ends_at__gt=start)
        .exclude(status=ConversationStatus.CANCELLED)
        .exclude(is_joint_meeting=True)
        .select_related("enrolment__person", "enrolment__cohort")
    )
    if cohort is not None:
        qs = qs.filter(enrolment__cohort=cohort)
    if person is not None:
        qs = qs.filter(attendees__person=person).distinct()
    conversations = list(qs.prefetch_related("attendees").order_by("starts_at", "pk"))
    title = _("Samtale")
    return [
        CalendarEvent(
            uid=ics.stable_uid(c),
            title=str(title),
            attendee_title=_("Samtale: %(name)s") % {"name": c.enrolment.person.full_name},
            private=True,
            starts_at=c.starts_at,
            ends_at=c.ends_at,
            kind=str(title),
            place=c.place,
            cohort_id=c.enrolment.cohort_id,
            cohort_name=c.enrolment.cohort.name,
            people=frozenset(a.person_id for a in c.attendees.all()),
            url=reverse("conversations:detail", args=[c.pk]),
            sequence=c.ics_sequence,
        )
        for c in conversations
    ]
