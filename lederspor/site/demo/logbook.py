"""The logbook (issue #3) in the demo: the Leder på spring participant's notes on the teaching
days, the JTI feedback, the career conversation and the homework — some private, two shared with
the nearest leader, one with the network group — each written through `entry_create` at 20:00 on
the day it is dated (so a shared entry is shared that evening).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from lederspor.conversations.models import ConversationKind
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.selectors import conversation_choices, session_choices
from lederspor.logbook.services import entry_create
from lederspor.programmes.models import Enrolment, Session
from lederspor.site.demo.story import Story, Thread, at

#: (days before `today`, teaching day number or None, title, text, visibility, conversation kind)
ENTRIES: tuple[tuple[int, int | None, str, str, str, str], ...] = (
    (
        40,
        1,
        "Mit ledelsesrum",
        "Første undervisningsdag om ledelse i en kommunal kontekst. Det slog mig, hvor mange "
        "bundlinjer vi faktisk arbejder med – også i min egen afdeling. Jeg vil prøve at tegne "
        "mit eget ledelsesrum: hvad bestemmer jeg allerede i dag, og hvad ville ændre sig?",
        Visibility.LEADER,
        "",
    ),
    (
        33,
        2,
        "Tilbagemelding på JTI",
        "Min profil peger på, at jeg henter energi i samarbejde og gerne vil have overblik, før "
        "jeg beslutter. Udviklingsområde: at tage en beslutning, før alt er på plads. "
        "Biografisk værksted var overraskende stærkt – jeg vil tænke mere over det.",
        Visibility.PRIVATE,
        "",
    ),
    (
        26,
        3,
        "Hjemmeopgave: autoritet i praksis",
        "Jeg har observeret, hvordan jeg selv tager ordet på personalemøder. Jeg trækker mig, "
        "når der er uenighed. Næste gang vil jeg prøve at samle op og foreslå en beslutning.",
        Visibility.NETWORK_GROUP,
        "",
    ),
    (
        6,
        None,
        "Forberedelse til karrieresamtalen",
        "Min vært har sagt ja. Jeg vil starte med at tale om fortroligheden, og så vil jeg "
        "nævne, at jeg er særligt nysgerrig på, hvordan man bevarer relationen til de tidligere "
        "kolleger, når man bliver leder.",
        Visibility.PRIVATE,
        ConversationKind.CAREER,
    ),
    (
        1,
        3,
        "Mødeledelse – at lande en beslutning",
        "På tredje undervisningsdag arbejdede vi med autoritet og mødeledelse. Jeg kan se, at "
        "vores personalemøder ofte slutter uden en klar beslutning. Det vil jeg gerne tale med "
        "min leder om – måske kan jeg lede et punkt på næste møde.",
        Visibility.LEADER,
        "",
    ),
    (
        5,
        None,
        "Forberedelse af lederindlægget",
        "Mit indlæg handler om at lede forandringer i hverdagen. Jeg øver mig i at starte med "
        "budskabet og holde det under fem minutter.",
        Visibility.PRIVATE,
        "",
    ),
)


def build_logbook_demo(*, enrolment: Enrolment, today: dt.date) -> None:
    """Write six entries in `enrolment`'s logbook, dated up to 40 days before `today` and linked
    to the cohort's teaching days (n-th teaching day by time) and the participant's career
    conversation where those exist. Does nothing if the logbook already has entries."""
    days = [
        timezone.localdate(s.starts_at)
        for s in session_choices(enrolment=enrolment).filter(kind=Session.Kind.TEACHING_DAY)
    ]
    story = Story(today)
    story.play(logbook(story, lambda: enrolment, days))


def logbook(story: Story, enrolment: Callable[[], Enrolment], days: list[dt.date]) -> Thread:
    """The entries of `ENTRIES` in the order they are written. `days`: the dates of the cohort's
    teaching days in order; an entry about a teaching day is dated that day, unless the day has
    not come yet (then it links none: nobody writes about a day that has not happened)."""
    today = story.today
    entries = []
    for n, (days_before, day, title, text, visibility, kind) in enumerate(ENTRIES):
        linked = day if day and day <= len(days) and days[day - 1] <= today else None
        written_on = days[linked - 1] if linked else today - dt.timedelta(days=days_before)
        entries.append((written_on, n, linked, title, text, visibility, kind))
    entries.sort(key=lambda e: (e[0], e[1]))
    for written_on, n, linked, title, text, visibility, kind in entries:
        yield at(written_on, 20)
        participant = enrolment()
        if n == entries[0][1] and LogbookEntry.objects.filter(enrolment=participant).exists():
            return
        user = participant.person.user
        if user is None:  # the entries are the participant's own: without a login they write none
            return
        teaching_days = session_choices(enrolment=participant).filter(
            kind=Session.Kind.TEACHING_DAY
        )
        conversations = {c.kind: c for c in conversation_choices(enrolment=participant)}
        entry_create(
            enrolment=participant,
            title=title,
            text=text,
            written_on=written_on,
            visibility=visibility,
            session=teaching_days[linked - 1] if linked else None,
            conversation=conversations.get(kind) if kind else None,
            by=user,
        )
