"""Job visits (seed 001) in the demo: a cohort of 30 leaders that ran February to May (seed
001's calendar, `visits.schedule`), the demo leader among them, paired across forvaltninger.

The cohort is the latest February → May that is over on the story's `today` (this year's once
June has come, else last year's), so every step lies in the story's past. Its story: the cohort
is set up in early January, the leaders are enrolled and choose their themes in January; the
pairs are made at the end of January and published (the pairing mail) on the first working day
of February. Each pair's first visit falls in March and its second in April: the host agrees
time and place a fortnight before (and the pair the time and place of the joint reflection,
half an hour after the visit, somewhere else), both write their expectations three days before
and the host the intended leadership the day before; the visit is held when it ends, the guest
writes what they saw straight after, the host gathers the perceived leadership, and the pair
reflects the next day. Every fourth pair never gets its April visit agreed: the consultant
composes the wrap-up groups in April and books them in May (two per working day, at 9 and at
13, each group in a room of its own), the pairs still missing a visit are reminded two weeks
before their wrap-up, and the gate shows them. One pair asks to reopen its reflected March
visit and the consultant reopens it.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from itertools import zip_longest

from django.core.exceptions import ValidationError
from django.utils import timezone

from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.people.selectors import OrgRole, load_units, unit_in_role
from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind
from lederspor.programmes.services import cohort_create
from lederspor.site.demo.organisation import EMAIL_DOMAIN, HR_TEAM
from lederspor.site.demo.story import Story, Thread, at
from lederspor.visits import reminders, services
from lederspor.visits.models import Boundary, JobVisit, VisitPair, WrapUpGroup
from lederspor.visits.selectors import Guide, guide_for
from lederspor.visits.tasks import REMIND_DAYS_BEFORE

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

#: the rooms of the wrap-ups: each group of a day gets its own
_WRAP_UP_ROOMS = ["Rådhuset, mødelokale 2", "Rådhuset, mødelokale 3", "Kulturhuset, lokale 1.4"]
_WRAP_UP_NOTES = (
    "Parrene delte, hvad de blev klogere på. Fælles tema: forskellen på intenderet og opfattet "
    "ledelse."
)

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


def cohort_year(today: dt.date) -> int:
    """The year of the demo's job-visit cohort on `today`: the latest February → May that is
    over (this year's from June, else last year's), so the whole calendar lies in the past."""
    return today.year if today >= dt.date(today.year, 6, 1) else today.year - 1


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
        department = unit_in_role(leader.unit_id, OrgRole.DEPARTMENT, units)
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

    @property
    def year(self) -> int:
        """The year of the cohort (`cohort_year`)."""
        return cohort_year(self.story.today)

    def cohort(self, leaders: Sequence[Person], include: Sequence[Person]) -> Thread:
        """Set up, enrol, pair and publish; then one thread per pair (`_pair`)."""
        rng, by, year = self.rng, self.by_user, self.year
        yield at(working_day(dt.date(year, 1, 5)), 10)
        programme = Programme.objects.get(kind=ProgrammeKind.JOB_VISIT)
        guide = guide_for(programme=programme)
        cohort = self._cohort = cohort_create(
            programme=programme,
            name=f"Jobbesøg {year}",
            starts_on=dt.date(year, 2, 1),
            ends_on=dt.date(year, 5, 31),
            capacity=COHORT_SIZE,
            consultants=[self.consultant],
            by=by,
            description="Jobbesøg mellem to makkere på tværs af forvaltninger, februar til maj.",
        )
        yield at(working_day(dt.date(year, 1, 12)), 10)
        services.job_visit_enrol(
            cohort=cohort, persons=_pick(leaders, include), decided_by=self.consultant, by=by
        )
        yield at(working_day(dt.date(year, 1, 19)), 12)
        for enrolment in Enrolment.objects.filter(cohort=cohort).select_related("person__user"):
            services.enrolment_set_themes(
                enrolment=enrolment,
                themes=rng.sample(guide.themes, 2),
                by=login_of(enrolment.person),
            )
        yield at(working_day(dt.date(year, 1, 29), backward=True), 10)
        try:
            services.pairing_make(cohort=cohort, boundary=Boundary.DEPARTMENT, by=by)
        except ValidationError:
            services.pairing_make(cohort=cohort, boundary=Boundary.AREA, by=by)
        yield at(working_day(dt.date(year, 2, 1)), 9)
        services.pairs_publish(cohort=cohort, by=by)
        for index, pair in enumerate(cohort.visit_pairs.order_by("number")):
            self._pair(pair, guide, second_visit=index % 4 != 3, reopen=index == 1)

    def _pair(self, pair: VisitPair, guide: Guide, *, second_visit: bool, reopen: bool) -> None:
        """Spawn one pair's threads: the first visit in March, the second (`second_visit`) in
        April, each from planning to reflection (`_visit`); `reopen`: the pair asks in May to
        reopen the first visit and the consultant reopens it the day after (`_reopen`). The
        random draws are made here, pair by pair."""
        year, rng = self.year, self.rng
        visits = list(pair.visits.select_related("host__user").order_by("id"))
        for visit, month in zip(visits, (3, 4, 4), strict=False):
            if month == 4 and not second_visit:
                break
            day = working_day(dt.date(year, month, 2 + rng.randint(0, 24)))
            starts_at = at(day, 9 + rng.randint(0, 4))
            activity = rng.choice(_ACTIVITIES)
            themes = rng.sample(guide.themes, rng.randint(1, 2))
            place = rng.choice(_PLACES)
            guest = next(v.host for v in visits if v.host_id != visit.host_id)
            self.story.spawn(self._visit(visit, guest, guide, starts_at, activity, themes, place))
        if reopen:
            self.story.spawn(self._reopen(visits[0], visits[1].host))

    def _reopen(self, visit: JobVisit, asker: Person) -> Thread:
        """`asker` asks to reopen the reflected `visit` in May; the consultant reopens it."""
        year = self.year
        yield at(working_day(dt.date(year, 5, 4)), 11)
        visit.refresh_from_db()
        services.visit_reopen_request(
            visit=visit, person=asker, by=login_of(asker), expected_version=visit.version
        )
        yield at(working_day(dt.date(year, 5, 5)), 9)
        services.visit_reopen(visit=visit, by=login_of(self.consultant))

    def _visit(
        self,
        visit: JobVisit,
        guest: Person,
        guide: Guide,
        starts_at: dt.datetime,
        activity: str,
        themes: list[str],
        place: str,
    ) -> Thread:
        """One visit from planning to the reflection marked done (see the module)."""
        host, day = visit.host, timezone.localdate(starts_at)
        ends_at = starts_at + dt.timedelta(hours=2)

        def write(
            v: JobVisit, section: str, value: str | dict[str, str], person: Person
        ) -> JobVisit:
            return services.visit_write(
                visit=v,
                section=section,
                value=value,
                person=person,
                by=login_of(person),
                expected_version=v.version,
            )

        yield at(day - 14 * DAY, 10)
        visit = services.visit_plan(
            visit=visit,
            person=host,
            by=login_of(host),
            expected_version=visit.version,
            activity=activity,
            themes=themes,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place,
        )
        reflection_at = ends_at + dt.timedelta(minutes=30)
        visit = services.visit_reflection_plan(
            visit=visit,
            person=guest,
            by=login_of(guest),
            expected_version=visit.version,
            starts_at=reflection_at,
            ends_at=reflection_at + dt.timedelta(hours=1),
            place="Kantinen ved siden af",
        )
        yield at(day - 3 * DAY, 15)
        answers = {str(i): a for i, a in enumerate(_ANSWERS[: len(guide.questions)])}
        visit = write(visit, "expectations", answers, host)
        yield at(day - DAY, 15)
        visit = write(visit, "intended", _INTENDED, host)
        yield ends_at
        visit = services.visit_mark_held(
            visit=visit, person=host, by=login_of(host), expected_version=visit.version
        )
        yield ends_at + dt.timedelta(minutes=30)
        visit = write(visit, "observed", _OBSERVED, guest)
        yield ends_at + dt.timedelta(hours=20)
        visit = write(visit, "perceived", _PERCEIVED, host)
        yield ends_at + DAY
        visit = write(visit, "reflection", _REFLECTION, host)
        services.visit_mark_reflected(
            visit=visit, person=host, by=login_of(host), expected_version=visit.version
        )

    def wrap_ups(self) -> Thread:
        """The consultant composes the wrap-up groups (two pairs each) in April and books them
        in May: two groups a working day, at 9 and at 13, each in a room of its own (never two
        groups in one room at one hour). Two weeks before each wrap-up, the pairs still missing
        a visit are reminded; after it the consultant writes a short note."""
        year, consultant = self.year, self.consultant
        yield at(working_day(dt.date(year, 4, 8)), 10)
        groups = services.wrap_up_compose(cohort=self.result, by=login_of(consultant))
        yield at(working_day(dt.date(year, 4, 9)), 10)
        day, booked = working_day(dt.date(year, 5, 11)), []
        for number, group in enumerate(groups):
            if number and number % 2 == 0:
                day = working_day(day + DAY)
            start = at(day, 9 if number % 2 == 0 else 13)
            end = start + dt.timedelta(hours=2, minutes=30)
            booked.append((group.pk, start, end))
            services.wrap_up_book(
                group=group,
                expected_version=group.version,
                starts_at=start,
                ends_at=end,
                place=_WRAP_UP_ROOMS[number % len(_WRAP_UP_ROOMS)],
                consultants=[consultant],
                by=login_of(consultant),
            )
        for group_id, start, _end in booked:
            yield at(timezone.localdate(start) - REMIND_DAYS_BEFORE * DAY, 7)
            reminders.missing_visits_remind(group_id=group_id, starts_at=start.isoformat())
        for group_id, _start, end in booked:
            yield end + dt.timedelta(hours=1)
            group = WrapUpGroup.objects.get(pk=group_id)
            services.wrap_up_notes_save(
                group=group,
                expected_version=group.version,
                notes=_WRAP_UP_NOTES,
                by=login_of(consultant),
            )
