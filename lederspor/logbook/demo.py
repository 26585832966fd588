"""Demo logbook for a Leder på spring participant (seed 002): notes on the teaching days, the
JTI feedback, the career conversation and the homework — some private, two shared with the
nearest leader, one with the network group — written through the services as the participant
would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.conversations.models import ConversationKind
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.selectors import conversation_choices, session_choices
from lederspor.logbook.services import entry_create
from lederspor.programmes.models import Enrolment, Session

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
    if LogbookEntry.objects.filter(enrolment=enrolment).exists():
        return
    teaching_days = list(
        session_choices(enrolment=enrolment).filter(kind=Session.Kind.TEACHING_DAY)
    )
    conversations = {c.kind: c for c in conversation_choices(enrolment=enrolment)}
    user = enrolment.person.user
    if user is None:  # the entries are the participant's own: without a login they write none
        return
    for days_before, day, title, text, visibility, kind in ENTRIES:
        session = teaching_days[day - 1] if day and day <= len(teaching_days) else None
        written_on = today - dt.timedelta(days=days_before)
        if session is not None and timezone.localdate(session.starts_at) <= today:
            written_on = timezone.localdate(session.starts_at)
        else:  # nobody writes about a teaching day that has not happened yet
            session = None
        entry_create(
            enrolment=enrolment,
            title=title,
            text=text,
            written_on=written_on,
            visibility=visibility,
            session=session,
            conversation=conversations.get(kind) if kind else None,
            by=user,
        )
