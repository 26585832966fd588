"""The job visits' joint wrap-ups on the calendars (issue #16 §3,
`programmes.extensions.calendar_sources`; seed 001: "Fælles opsamling mellem 2 besøgspar.
Bookes og faciliteres af ledelseskonsulenter").

A booked wrap-up group (with a time) is an event occupying its facilitating consultants (the
cohort's consultants while none are chosen); its pairs' members see it on their own calendar.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.notifications import ics
from lederspor.people.models import Person
from lederspor.programmes.extensions import CalendarEvent
from lederspor.programmes.models import Cohort
from lederspor.visits.models import WrapUpGroup


def wrap_up_events(
    person: Person | None, cohort: Cohort | None, start: dt.datetime, end: dt.datetime
) -> list[CalendarEvent]:
    """The booked wrap-ups overlapping [start, end): that `person` facilitates, consults the
    cohort of, or is a member of (published pairs); of `cohort`; or all. Three queries (the
    groups with their cohort, their consultants, the cohorts' consultants)."""
    qs = WrapUpGroup.objects.filter(
        starts_at__isnull=False, ends_at__isnull=False, starts_at__lt=end, ends_at__gt=start
    ).select_related("cohort")
    if cohort is not None:
        qs = qs.filter(cohort=cohort)
    if person is not None:
        qs = qs.filter(
            Q(consultants=person)
            | Q(cohort__consultants=person)
            | Q(pairs__members=person, pairs__published_at__isnull=False)
        ).distinct()
    groups = list(
        qs.prefetch_related("consultants", "cohort__consultants").order_by("starts_at", "pk")
    )
    events = []
    for g in groups:
        if g.starts_at is None or g.ends_at is None:  # filtered out above; for the type checker
            continue
        consultants = list(g.consultants.all()) or list(g.cohort.consultants.all())
        events.append(
            CalendarEvent(
                uid=ics.stable_uid(g),
                title=_("%(cohort)s: fælles opsamling %(n)s")
                % {"cohort": g.cohort.name, "n": g.number},
                starts_at=g.starts_at,
                ends_at=g.ends_at,
                kind=str(_("Fælles opsamling (jobbesøg)")),
                place=g.place,
                cohort_id=g.cohort_id,
                cohort_name=g.cohort.name,
                people=frozenset(c.pk for c in consultants),
                manage_url=reverse("visits:wrap_up_detail", args=[g.pk]),
                sequence=g.ics_sequence,
            )
        )
    return events
