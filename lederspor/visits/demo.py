"""Demo data for job visits (seed 001): a cohort "in March" for `lederspor demo`.

The integrator calls `build_demo_job_visits` from core/demo.py with leaders from different
forvaltninger; pairs are published, each pair's March visit is held and reflected, the April
visit is planned (half of them with an agreed time).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils import timezone

from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind
from lederspor.visits import services
from lederspor.visits.models import Boundary, JobVisit
from lederspor.visits.selectors import guide_for

COHORT_SIZE = 30

_ACTIVITIES = [
    "Møde i den strategiske styregruppe om fælles om nye løsninger",
    "Arbejdsgruppemøde, hvor jeg leder en grænsekrydsende opgave om rekruttering",
    "Dialogmøde med borgere og medarbejdere om værdi for og med borgerne",
    "Ledermøde i området om prioritering af budgettet",
]
_PLACES = ["Rådhuset, mødelokale 3", "Kulturhuset, lokale 2.1", "Områdekontoret", "Sundhedshuset"]
_ANSWERS = [
    "Formålet er at træffe beslutning om næste skridt; deltagerne er styregruppen.",
    "Som kollega fra en anden forvaltning, der er på jobbesøg for at lære.",
    "Jeg skal holde retningen og få alle perspektiver frem; mit læringsfokus er at lytte mere.",
    "Læg mærke til, hvordan deltagerne reagerer, når jeg opsummerer.",
    "Hvordan vi skaber ejerskab på tværs af faggrænser.",
    "Vi taler åbent sammen før og efter og holder os til rollerne.",
]


#: (month, day) that are not working days in Aarhus Kommune although they fall on a weekday
_CLOSED_DAYS = {(12, 24), (12, 25), (12, 26), (12, 31), (1, 1)}


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday, not 24–26 December, 31 December or 1 January."""
    return day.weekday() < 5 and (day.month, day.day) not in _CLOSED_DAYS


def working_day(day: dt.date, *, backward: bool = False) -> dt.date:
    """`day` if it is a working day, else the next one (the previous one with `backward`), so
    demo visits and wrap-ups never land on a weekend or a Christmas/New Year holiday."""
    step = dt.timedelta(days=-1 if backward else 1)
    while not is_working_day(day):
        day += step
    return day


def _pick(leaders: Sequence[Person], include: Sequence[Person]) -> list[Person]:
    chosen: list[Person] = []
    seen: set[int] = set()
    for person in [*include, *leaders]:
        if person.pk not in seen and person.is_leader:
            chosen.append(person)
            seen.add(person.pk)
        if len(chosen) == COHORT_SIZE:
            break
    return chosen


def build_demo_job_visits(
    *,
    today: dt.date,
    rng: random.Random,
    leaders: Sequence[Person],
    consultant: Person,
    by_user: User,
    include: Sequence[Person] = (),
) -> Cohort:
    """Create a job-visit cohort of up to 30 leaders (those in `include` first) "in March".

    Needs the programme content loaded (`load_programmes`). Pairs are made across forvaltninger
    (falling back to områder), published, the March visits held and reflected; the April visits
    planned. No e-mails are left queued for the visits themselves (written directly as demo
    data); the partner mails of publishing are queued like in real use.
    """
    programme = Programme.objects.get(kind=ProgrammeKind.JOB_VISIT)
    guide = guide_for(programme=programme)
    people = _pick(leaders, include)
    cohort = Cohort.objects.create(
        programme=programme,
        name=f"Jobbesøg {today.year}",
        starts_on=today - dt.timedelta(days=45),
        ends_on=today + dt.timedelta(days=90),
        capacity=COHORT_SIZE,
        description="Jobbesøg mellem to makkere på tværs af forvaltninger.",
    )
    cohort.consultants.add(consultant)
    services.job_visit_enrol(cohort=cohort, persons=people, decided_by=consultant, by=by_user)
    for enrolment in Enrolment.objects.filter(cohort=cohort):
        enrolment.leadership_themes = rng.sample(guide.themes, 2)
        enrolment.save(update_fields=["leadership_themes", "updated_at"])
    try:
        services.pairing_make(cohort=cohort, boundary=Boundary.DEPARTMENT, by=by_user)
    except ValidationError:
        services.pairing_make(cohort=cohort, boundary=Boundary.AREA, by=by_user)
    services.pairs_publish(cohort=cohort, by=by_user)

    tz = timezone.get_current_timezone()
    now = timezone.now()
    for index, pair in enumerate(cohort.visit_pairs.order_by("number")):
        visits = list(pair.visits.order_by("id"))
        march = visits[0]
        # backward keeps the held visit in the past
        day = working_day(today - dt.timedelta(days=rng.randint(3, 20)), backward=True)
        start = dt.datetime.combine(day, dt.time(9 + rng.randint(0, 4), 0), tzinfo=tz)
        march.activity = rng.choice(_ACTIVITIES)
        march.themes = rng.sample(guide.themes, rng.randint(1, 2))
        march.starts_at, march.ends_at = start, start + dt.timedelta(hours=2)
        march.place = rng.choice(_PLACES)
        march.expectations = {str(i): a for i, a in enumerate(_ANSWERS[: len(guide.questions)])}
        march.intended = "Jeg vil give klar retning og samtidig invitere til uenighed."
        march.observed = "Jeg så, at du opsummerede ofte, og at to deltagere blev mere aktive."
        march.perceived = "Deltagerne sagde, at mødet var tydeligt, men lidt hurtigt."
        march.reflection = {
            "0": "Det lykkedes at holde retningen; det var svært at give plads til pauser.",
            "1": "Gæsten undrede sig over, hvad der ville ske med flere åbne spørgsmål.",
            "2": "Vi blev klogere på, at intenderet og opfattet ledelse ikke altid mødes.",
        }
        march.status = JobVisit.Status.REFLECTED
        march.held_at = march.ends_at
        march.reflected_at = min(now, march.ends_at + dt.timedelta(days=1))
        march.save()
        for extra in visits[1:]:
            if index % 2 == 0:
                when = dt.datetime.combine(
                    working_day(today + dt.timedelta(days=rng.randint(14, 40))),
                    dt.time(13, 0),
                    tzinfo=tz,
                )
                extra.activity = rng.choice(_ACTIVITIES)
                extra.themes = rng.sample(guide.themes, 1)
                extra.starts_at, extra.ends_at = when, when + dt.timedelta(hours=2)
                extra.place = rng.choice(_PLACES)
                extra.status = JobVisit.Status.SCHEDULED
                extra.save()
    return cohort
