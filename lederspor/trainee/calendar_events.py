"""The trainee cohort's joint start meeting on the calendars (issue #16 §3,
`programmes.extensions.calendar_sources`; seed 003: start part 1 as one joint meeting).

The meeting is one event occupying every attendee of its trainees' start part 1 records; those
records (conversations with `is_joint_meeting`) are left out of the conversations source, so
the meeting is not counted as a dozen conversations in one room.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.conversations.models import ConversationAttendee
from lederspor.notifications import ics
from lederspor.people.models import Person
from lederspor.programmes.extensions import CalendarEvent
from lederspor.programmes.models import Cohort
from lederspor.trainee.models import JointStartMeeting


def joint_start_events(
    person: Person | None, cohort: Cohort | None, start: dt.datetime, end: dt.datetime
) -> list[CalendarEvent]:
    """The joint start meetings overlapping [start, end): that `person` attends or consults
    the cohort of; of `cohort`; or all. Three queries (meetings with cohort, the cohorts'
    consultants, the attendees of their conversations)."""
    qs = JointStartMeeting.objects.filter(starts_at__lt=end, ends_at__gt=start).select_related(
        "cohort"
    )
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if person is not None:
        attending = ConversationAttendee.objects.filter(person=person).values("conversation_id")
        qs = qs.filter(cohort__consultants=person) | qs.filter(conversations__in=attending)
        qs = qs.distinct()
    meetings = list(
        qs.prefetch_related(
            "cohort__consultants",
            Prefetch(
                "conversations__attendees",
                queryset=ConversationAttendee.objects.only("conversation_id", "person_id"),
            ),
        ).order_by("starts_at", "pk")
    )
    title = _("Fælles opstartsmøde")
    events = []
    for m in meetings:
        people = {c.pk for c in m.cohort.consultants.all()}
        people |= {a.person_id for c in m.conversations.all() for a in c.attendees.all()}
        events.append(
            CalendarEvent(
                uid=ics.stable_uid(m),
                title=f"{m.cohort.name}: {title}",
                starts_at=m.starts_at,
                ends_at=m.ends_at,
                kind=str(title),
                place=m.place,
                cohort_id=m.cohort_id,
                cohort_name=m.cohort.name,
                people=frozenset(people),
                manage_url=reverse("trainee:joint_start", args=[m.cohort_id]),
                sequence=m.ics_sequence,
            )
        )
    return events
