"""Job visits (seed 001) in the demo: a cohort of 30 leaders "in March", the demo leader among
them, paired across forvaltninger; each pair's March visit held and reflected, half of the April
visits agreed, and the wrap-up groups composed and booked, so the gate shows who still lacks a
visit.

The story (T = today): the cohort is set up at T-60, the leaders enrolled at T-55 and choose
their themes at T-50; the pairs are made at T-46 and published at the start (T-45). Each host
agrees the March visit a fortnight before it, both write their expectations three days before
and the host the intended leadership the day before; the visit is held when it ends, the guest
writes what they saw straight after, the host gathers the perceived leadership, and the pair
reflects the next day and, every second pair, agrees the April visit. The consultant books the
wrap-ups at T-10.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from itertools import zip_longest

from django.core.exceptions import ValidationError

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of
from lederspor.people.selectors import load_units, unit_of_kind
from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind
from lederspor.programmes.services import cohort_create
from lederspor.site.demo.organisation import EMAIL_DOMAIN, HR_TEAM
from lederspor.site.demo.story import Story, Thread, at
from lederspor.visits import services
from lederspor.visits.models import Boundary, JobVisit, VisitPair
from lederspor.visits.selectors import Guide, guide_for

COHORT_SIZE = 30
DAY = dt.timedelta(days=1)

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
_INTENDED = "Jeg vil give klar retning og samtidig invitere til uenighed."
_OBSERVED = "Jeg så, at du opsummerede ofte, og at to deltagere blev mere aktive."
_PERCEIVED = "Deltagerne sagde, at mødet var tydeligt, men lidt hurtigt."
_REFLECTION = {
    "0": "Det lykkedes at holde retningen; det var svært at give plads til pauser.",
    "1": "Gæsten undrede sig over, hvad der ville ske med flere åbne spørgsmål.",
    "2": "Vi blev klogere på, at intenderet og opfattet ledelse ikke altid mødes.",
}

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
    (falling back to områder), published, the March visits held and reflected, every second
    pair's April visit agreed, each step at its moment in the story of `today`.
    """
    visits = JobVisitStory(Story(today), rng, consultant=consultant, by_user=by_user)
    visits.story.play(visits.cohort(leaders, include))
    return visits.result


def build_job_visits(
    *, story: Story, rng: random.Random, consultant: Person, showcase_leader: Person
) -> Cohort:
    """The demo's job-visit cohort: 30 leaders of områder and arbejdspladser taken from the
    forvaltninger in turn (so pairs across forvaltninger are possible), `showcase_leader`
    first, with the wrap-up groups composed and booked."""
    leaders = list(
        Person.objects.filter(is_leader=True, email__endswith=f"@{EMAIL_DOMAIN}")
        .exclude(unit__name=HR_TEAM)
        # leaders of områder and arbejdspladser; the directors above them are in everyone's line
        .filter(unit__parent__parent__isnull=False)
        .order_by("employee_number")
    )
    units = load_units()
    by_department: dict[int | None, list[Person]] = {}
    for leader in leaders:
        department = unit_of_kind(leader.unit_id, OrgUnit.Kind.DEPARTMENT, units)
        by_department.setdefault(getattr(department, "pk", None), []).append(leader)
    mixed = [p for batch in zip_longest(*by_department.values()) for p in batch if p]
    visits = JobVisitStory(story, rng, consultant=consultant, by_user=login_of(consultant))
    story.play(visits.cohort(mixed, [showcase_leader]), visits.wrap_ups())
    return visits.result


class JobVisitStory:
    """The threads of one job-visit cohort's story (see the module docstring)."""

    def __init__(
        self, story: Story, rng: random.Random, *, consultant: Person, by_user: User
    ) -> None:
        self.story, self.rng, self.consultant, self.by_user = story, rng, consultant, by_user
        self._cohort: Cohort | None = None

    @property
    def result(self) -> Cohort:
        if self._cohort is None:
            raise RuntimeError("the story has not been played")
        return self._cohort

    def cohort(self, leaders: Sequence[Person], include: Sequence[Person]) -> Thread:
        """Set up, enrol, pair and publish; then one thread per pair (`_pair`)."""
        today, rng, by = self.story.today, self.rng, self.by_user
        yield at(today - 60 * DAY, 10)
        programme = Programme.objects.get(kind=ProgrammeKind.JOB_VISIT)
        guide = guide_for(programme=programme)
        cohort = self._cohort = cohort_create(
            programme=programme,
            name=f"Jobbesøg {today.year}",
            starts_on=today - 45 * DAY,
            ends_on=today + 90 * DAY,
            capacity=COHORT_SIZE,
            consultants=[self.consultant],
            by=by,
            description="Jobbesøg mellem to makkere på tværs af forvaltninger.",
        )
        yield at(today - 55 * DAY, 10)
        services.job_visit_enrol(
            cohort=cohort, persons=_pick(leaders, include), decided_by=self.consultant, by=by
        )
        yield at(today - 50 * DAY, 12)
        for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("person__user"):
            services.enrolment_set_themes(
                enrolment=enrolment,
                themes=rng.sample(guide.themes, 2),
                by=login_of(enrolment.person),
            )
        yield at(today - 46 * DAY, 10)
        try:
            services.pairing_make(cohort=cohort, boundary=Boundary.DEPARTMENT, by=by)
        except ValidationError:
            services.pairing_make(cohort=cohort, boundary=Boundary.AREA, by=by)
        yield at(today - 45 * DAY, 9)
        services.pairs_publish(cohort=cohort, by=by)
        for index, pair in enumerate(cohort.visit_pairs.order_by("number")):
            self.story.spawn(self._pair(pair, guide, agree_april=index % 2 == 0))

    def _pair(self, pair: VisitPair, guide: Guide, *, agree_april: bool) -> Thread:
        """One pair's March visit from planning to reflection, then maybe the April visit.
        The random draws are made when the thread is spawned, pair by pair."""
        today, rng = self.story.today, self.rng
        # backward keeps the held visit in the past
        day = working_day(today - dt.timedelta(days=rng.randint(3, 20)), backward=True)
        starts_at = at(day, 9 + rng.randint(0, 4))
        ends_at = starts_at + dt.timedelta(hours=2)
        activity = rng.choice(_ACTIVITIES)
        themes = rng.sample(guide.themes, rng.randint(1, 2))
        place = rng.choice(_PLACES)
        visits = list(pair.visits.select_related("host__user").order_by("id"))
        april = []
        for extra in visits[1:] if agree_april else ():
            april_day = working_day(today + dt.timedelta(days=rng.randint(14, 40)))
            april_activity = rng.choice(_ACTIVITIES)
            april_themes = rng.sample(guide.themes, 1)
            april.append(
                (extra, april_activity, april_themes, at(april_day, 13), rng.choice(_PLACES))
            )
        march, host = visits[0], visits[0].host
        guest = next(v.host for v in visits if v.host_id != host.pk)

        def write(
            visit: JobVisit, section: str, value: str | dict[str, str], person: Person
        ) -> JobVisit:
            return services.visit_write(
                visit=visit,
                section=section,
                value=value,
                person=person,
                by=login_of(person),
                expected_version=visit.version,
            )

        yield at(day - 14 * DAY, 10)
        march = services.visit_plan(
            visit=march,
            person=host,
            by=login_of(host),
            expected_version=march.version,
            activity=activity,
            themes=themes,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
        )
        yield at(day - 3 * DAY, 15)
        answers = {str(i): a for i, a in enumerate(_ANSWERS[: len(guide.questions)])}
        march = write(march, "expectations", answers, host)
        yield at(day - DAY, 15)
        march = write(march, "intended", _INTENDED, host)
        yield ends_at
        march = services.visit_mark_held(
            visit=march, person=host, by=login_of(host), expected_version=march.version
        )
        yield ends_at + dt.timedelta(minutes=30)
        march = write(march, "observed", _OBSERVED, guest)
        yield ends_at + dt.timedelta(hours=20)
        march = write(march, "perceived", _PERCEIVED, host)
        yield ends_at + DAY
        march = write(march, "reflection", _REFLECTION, host)
        services.visit_mark_reflected(
            visit=march, person=host, by=login_of(host), expected_version=march.version
        )
        if april:
            yield ends_at + DAY + dt.timedelta(hours=1)
        for extra, extra_activity, extra_themes, when, extra_place in april:
            services.visit_plan(
                visit=extra,
                person=extra.host,
                by=login_of(extra.host),
                expected_version=extra.version,
                activity=extra_activity,
                themes=extra_themes,
                starts_at=when,
                ends_at=when + dt.timedelta(hours=2),
                place=extra_place,
            )

    def wrap_ups(self) -> Thread:
        """The consultant composes the wrap-up groups (two pairs each) and books them eight
        weeks from today, on working days."""
        today, consultant = self.story.today, self.consultant
        yield at(today - 10 * DAY, 10)
        for number, group in enumerate(
            services.wrap_up_compose(cohort=self.result, by=login_of(consultant))
        ):
            day = working_day(today + dt.timedelta(days=56 + number % 3))
            start = at(day, 9 + 3 * (number % 2))
            services.wrap_up_book(
                group=group,
                expected_version=group.version,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2, minutes=30),
                place="Rådhuset, mødelokale 2",
                consultants=[consultant],
                by=login_of(consultant),
            )
