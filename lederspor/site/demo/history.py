"""Three earlier years in the demo (issue #13 §5): one completed cohort of each programme per year,
and the organisation changing over time, so the reports and "who became a leader" show curves.

For each of the three years before the running cohorts (`YEARS`), one cohort of each programme
at the same time of year as this year's, already completed:

- aspirants (seed 000): 20 nominated, 16 approved (one withdraws half-way), three rejected and
  one withdrawn by their leader before the decision; six network meetings with attendance;
- job visits (seed 001): 12 leaders enrolled directly, paired across forvaltninger, both visits
  of each pair held and reflected, the wrap-up groups booked before the end; four more leaders
  nominated by their chefs and not enrolled;
- Leder på spring (seed 002): 16 nominated, 12 approved, five teaching days with attendance;
- trainees (seed 003): 10 nominated, 6 approved; the take-off with attendance, the effects of
  each phase answered by the trainee and the leader, and the outcome at the end (some "i
  lederjob", most "lederparat", one not yet);
- and at three workplaces a competence plan (seed 004) evaluated ("Nåede vi de ønskede
  gevinster …").

The organisation over time: `build_demo` records who leads when the story begins (a baseline,
`people.leadership.record_leadership_changes`). After each cohort's end some of those who
completed it — more trainees and aspirants, fewer from Leder på spring — and some of those
nominated but not enrolled become team leaders (*teamleder*, `is_leader`, with three colleagues
moved to them), 3–30 months later; two of them step back later. The job-visit participants
lead already. Each change happens at its day; the monthly organisation import sees it on the
first of the next month (`record_leadership_changes(on=…, source="demo")`), at most once a month.

Persons are picked among staff with no enrolment at all, outside the showcase workplaces, so the
running cohorts and the demo logins stay as they are. All randomness comes from a generator of
its own (`random.Random(f"history-{seed}")`), so the running cohorts draw the same as before.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from lederspor.competence.models import PlanStatus
from lederspor.competence.services import plan_evaluate, plan_status_set
from lederspor.core.models import User
from lederspor.people.leadership import SOURCE_DEMO, record_leadership_changes
from lederspor.people.models import OrgUnit, Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Phase, Programme, ProgrammeKind, Session
from lederspor.programmes.services import (
    attendance_set,
    cohort_create,
    enrolment_approve,
    enrolment_complete,
    enrolment_nominate,
    enrolment_reject,
    enrolment_withdraw,
    session_create,
)
from lederspor.site.demo.aspirant import build_demo_groups, meeting_day
from lederspor.site.demo.aspirant_texts import MEETING_OFFSETS, MEETINGS
from lederspor.site.demo.clarification import _day_dates
from lederspor.site.demo.competence import _from_example
from lederspor.site.demo.conversations import weekday
from lederspor.site.demo.job_visits import cohort_year, working_day
from lederspor.site.demo.organisation import (
    CARE_WORKPLACE,
    EMAIL_DOMAIN,
    FINANCE_TEAM,
    FOLLOW_WORKPLACE,
    HR_TEAM,
    SHOWCASE_WORKPLACE,
    age,
    manager_of,
)
from lederspor.site.demo.story import Story, Thread, at, made
from lederspor.trainee.models import Outcome, Respondent, rated_effects
from lederspor.trainee.services import effect_answers_save, outcome_create, take_off_create
from lederspor.visits import services as visits
from lederspor.visits.models import Boundary, JobVisit
from lederspor.visits.selectors import guide_for

#: how many earlier years the demo tells (one completed cohort of each programme per year)
YEARS = 3
DAY = dt.timedelta(days=1)
#: the workplaces whose people the running cohorts and the demo logins show: left alone
_KEEP = (HR_TEAM, FINANCE_TEAM, SHOWCASE_WORKPLACE, FOLLOW_WORKPLACE, CARE_WORKPLACE)

_MOTIVATION = {
    ProgrammeKind.ASPIRANT: "{first} tager ansvar i teamet og overvejer ledelse. Forløbet kan "
    "give {him} et realistisk billede af lederjobbet.",
    ProgrammeKind.JOB_VISIT: "{first} vil gerne se sin egen ledelse udefra og lære af en "
    "kollega i en anden forvaltning.",
    ProgrammeKind.CLARIFICATION: "{first} er nysgerrig på ledelse og har brug for at afklare, "
    "om lederjobbet er det rigtige for {him}.",
    ProgrammeKind.TRAINEE: "{first} er klar til at prøve ledelse af i praksis. Vi vil gerne "
    "kvalificere {him} til en lederstilling.",
}
_REJECTIONS = (
    "Holdet er fuldt. Indstil gerne igen til næste års hold.",
    "Vi vurderer, at {first} får mest ud af forløbet efter et år mere i stillingen.",
    "Forløbet passer bedre til {first}, når den nye organisering er på plads.",
)
_WITHDRAWALS = (
    "Har sagt ja til en opgave i en anden afdeling og har ikke tid i år.",
    "Orlov i forløbets periode.",
)
_MID_WITHDRAWAL = "Har fået nyt job uden for kommunen og stopper i forløbet."
_TEAM_TITLES = ("Teamleder", "Afdelingsleder", "Souschef", "Teamkoordinator med personaleansvar")
_OUTCOME_NOTES = {
    Outcome.IN_LEADER_JOB: "Har fået en stilling som teamleder.",
    Outcome.LEADER_READY: "Klar til at søge sin første lederstilling.",
    Outcome.NOT_YET: "Vil gerne have mere erfaring med faglig koordinering først.",
}
#: the share of those who completed who later become a leader, and the span in months
_BECOME = {
    ProgrammeKind.ASPIRANT: (0.45, 3, 30),
    ProgrammeKind.CLARIFICATION: (0.35, 3, 30),
    ProgrammeKind.TRAINEE: (0.5, 2, 20),
}
#: the share of those nominated but not enrolled who become a leader anyway
_BECOME_NOT_ENROLLED = 0.18


def _him(person: Person) -> str:
    return "hende" if person.gender == Person.Gender.FEMALE else "ham"


@dataclass
class _Plan:
    """One past cohort: its programme, name and dates, who is nominated and what happens."""

    kind: ProgrammeKind
    name: str
    starts_on: dt.date
    ends_on: dt.date
    capacity: int
    #: nominated and approved, completed unless in `mid_withdrawn`
    approved: list[Person]
    rejected: list[Person] = field(default_factory=list)
    withdrawn: list[Person] = field(default_factory=list)
    mid_withdrawn: list[Person] = field(default_factory=list)
    #: the trainee outcome per approved person (trainees only)
    outcomes: dict[int, str] = field(default_factory=dict)
    cohort: Cohort | None = None
    enrolments: dict[int, Enrolment] = field(default_factory=dict)

    @property
    def completed(self) -> list[Person]:
        gone = {p.pk for p in self.mid_withdrawn}
        return [p for p in self.approved if p.pk not in gone]


@dataclass(frozen=True)
class _SessionPlan:
    kind: str
    theme: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str


@dataclass(order=True)
class _OrgChange:
    day: dt.date
    order: int
    person: Person = field(compare=False)
    become: bool = field(compare=False)


@dataclass
class History:
    """What `build_history` made: the past cohorts by programme kind (oldest first) and how
    many leadership changes the organisation went through."""

    cohorts: dict[str, list[Cohort]]
    became: int
    stopped: int


def build_history(*, story: Story, seed: int, consultants: list[Person]) -> History:
    """Play the three earlier years (see the module docstring) in `story`, after the running
    cohorts have been built. Needs the programme content and the competence examples loaded and
    the baseline of leadership changes recorded when the story began."""
    return _History(story, random.Random(f"history-{seed}"), consultants).build()


class _History:
    def __init__(self, story: Story, rng: random.Random, consultants: list[Person]) -> None:
        self.story, self.rng, self.today = story, rng, story.today
        self.consultant, self.trainee_consultant = consultants[0], consultants[-1]
        self.consultants = consultants
        self.programmes = {p.kind: p for p in Programme.objects.all()}
        staff = list(
            Person.objects.filter(
                is_leader=False,
                is_active=True,
                enrolments__isnull=True,
                unit__kind=OrgUnit.Kind.WORKPLACE,
                manager__is_leader=True,
                email__endswith=f"@{EMAIL_DOMAIN}",
            )
            .exclude(unit__name__in=_KEEP)
            .select_related("manager", "unit")
            .order_by("employee_number")
        )
        rng.shuffle(staff)
        self.free = staff  # participants are taken from the front
        self.taken: set[int] = set()
        self.leaders = list(
            Person.objects.filter(
                is_leader=True,
                is_active=True,
                unit__kind__in=(OrgUnit.Kind.AREA, OrgUnit.Kind.WORKPLACE),
                email__endswith=f"@{EMAIL_DOMAIN}",
            )
            .exclude(unit__name__in=(HR_TEAM,))
            .select_related("manager", "unit")
            .order_by("employee_number")
        )
        rng.shuffle(self.leaders)
        # job visits: those nominated but not enrolled are on no cohort now (a nomination needs
        # that); those enrolled may be on this year's cohort too (the consultant enrols them)
        busy = set(
            Enrolment.objects.filter(person__in=self.leaders).values_list("person_id", flat=True)
        )
        self.jv_nominees = [p for p in self.leaders if p.pk not in busy][: 4 * YEARS]
        nominees = {p.pk for p in self.jv_nominees}
        self.jv_leaders = [p for p in self.leaders if p.pk not in nominees]

    # -- planning ----------------------------------------------------------------------------

    def _take(self, n: int, *, fits: Callable[[Person], bool] = lambda p: True) -> list[Person]:
        chosen: list[Person] = []
        for person in self.free:
            if len(chosen) == n:
                break
            if person.pk not in self.taken and fits(person):
                chosen.append(person)
                self.taken.add(person.pk)
        return chosen

    def _plans(self, k: int) -> list[_Plan]:
        """Year `k` before this one (1 = last year): a cohort per programme at this year's time."""
        today, shift = self.today, dt.timedelta(days=365 * k)
        rng = self.rng

        def candidates(n: int) -> list[Person]:
            return self._take(n, fits=lambda p: 26 <= age(p, today) - k <= 56)

        aspirants = candidates(20)
        asp_start = today - 61 * DAY - shift
        clar = candidates(16)
        clar_start = today - 42 * DAY - shift
        season = "forår" if clar_start.month < 7 else "efterår"
        trainees = candidates(10)
        trainee_start = today - 120 * DAY - shift
        outcomes = [Outcome.IN_LEADER_JOB, Outcome.IN_LEADER_JOB, Outcome.LEADER_READY]
        outcomes += [Outcome.LEADER_READY, Outcome.LEADER_READY, Outcome.NOT_YET]
        rng.shuffle(outcomes)
        # job visits run February → May (seed 001), k springs before the story's own cohort
        jv_start = dt.date(cohort_year(today) - k, 2, 1)
        jv_leaders = self.jv_leaders[(k - 1) * 12 : k * 12]
        jv_nominees = self.jv_nominees[(k - 1) * 4 : k * 4]
        return [
            _Plan(
                ProgrammeKind.ASPIRANT,
                f"Lederaspiranter {asp_start.year}",
                asp_start,
                asp_start + 244 * DAY,
                18,
                aspirants[:16],
                rejected=aspirants[16:19],
                withdrawn=aspirants[19:],
                mid_withdrawn=[aspirants[rng.randrange(16)]],
            ),
            _Plan(
                ProgrammeKind.JOB_VISIT,
                f"Jobbesøg {jv_start.year}",
                jv_start,
                dt.date(jv_start.year, 5, 31),
                12,
                jv_leaders,
                rejected=jv_nominees[:3],
                withdrawn=jv_nominees[3:],
            ),
            _Plan(
                ProgrammeKind.CLARIFICATION,
                f"Leder på spring, {season} {clar_start.year}",
                clar_start,
                clar_start + 90 * DAY,
                12,
                clar[:12],
                rejected=clar[12:15],
                withdrawn=clar[15:],
            ),
            _Plan(
                ProgrammeKind.TRAINEE,
                f"Ledertrainees {trainee_start.year}–{str(trainee_start.year + 1)[-2:]}",
                trainee_start,
                trainee_start + 365 * DAY,
                8,
                trainees[:6],
                rejected=trainees[6:9],
                withdrawn=trainees[9:],
                outcomes={p.pk: o for p, o in zip(trainees[:6], outcomes, strict=True)},
            ),
        ]

    def _org_changes(self, plans: list[_Plan]) -> list[_OrgChange]:
        """Who becomes a leader when, after each cohort's end (only days before today), and two
        who step back 8–12 months later."""
        rng, changes = self.rng, []

        def later(day: dt.date, low: int, high: int) -> dt.date:
            return day + dt.timedelta(days=rng.randint(low * 30, high * 30))

        for plan in plans:
            if plan.kind == ProgrammeKind.JOB_VISIT:
                continue  # leaders already (recorded at the baseline)
            share, low, high = _BECOME[plan.kind]
            for person in plan.completed:
                outcome = plan.outcomes.get(person.pk)
                if outcome == Outcome.IN_LEADER_JOB:
                    day = later(plan.ends_on, 1, 3)
                elif outcome == Outcome.NOT_YET or rng.random() >= share:
                    continue
                else:
                    day = later(plan.ends_on, low, high)
                changes.append((day, person))
            for person in [*plan.rejected, *plan.withdrawn]:
                if rng.random() < _BECOME_NOT_ENROLLED:
                    changes.append((later(plan.starts_on, 6, 30), person))
        past = sorted((c for c in changes if c[0] < self.today), key=lambda c: c[0])
        result = [_OrgChange(day, i, person, True) for i, (day, person) in enumerate(past)]
        stepping_back = [c for c in result if c.day < self.today - 400 * DAY][:2]
        for change in stepping_back:
            back = later(change.day, 8, 12)
            result.append(_OrgChange(back, len(result), change.person, False))
        return sorted(result)

    # -- the story ---------------------------------------------------------------------------

    def build(self) -> History:
        plans = [plan for k in range(YEARS, 0, -1) for plan in self._plans(k)]
        changes = self._org_changes(plans)
        self.story.play(
            *(self._cohort(plan) for plan in plans),
            *(self._competence(k) for k in range(YEARS, 0, -1)),
            self._organisation(changes),
        )
        cohorts: dict[str, list[Cohort]] = defaultdict(list)
        for plan in plans:
            cohorts[plan.kind].append(made(plan.cohort, "the cohort"))
        became = sum(1 for c in changes if c.become)
        return History(dict(cohorts), became=became, stopped=len(changes) - became)

    def _cohort(self, plan: _Plan) -> Thread:
        """Set up, nominate, decide, hold the sessions, complete (and the programme's own steps)."""
        consultant = self.trainee_consultant if plan.kind == ProgrammeKind.TRAINEE else None
        consultant = consultant or self.consultant
        by = login_of(consultant)
        start = plan.starts_on
        setup = 130 if plan.kind == ProgrammeKind.ASPIRANT else 60
        yield at(start - setup * DAY, 10)
        plan.cohort = cohort = cohort_create(
            programme=self.programmes[plan.kind],
            name=plan.name,
            starts_on=start,
            ends_on=plan.ends_on,
            capacity=plan.capacity,
            consultants=[consultant],
            by=by,
            description="Afsluttet hold.",
        )
        sessions = self._sessions(plan)
        not_enrolled = [*plan.rejected, *plan.withdrawn]
        if plan.kind == ProgrammeKind.JOB_VISIT:
            nominated = not_enrolled  # the consultant enrols the others directly (seed 001)
        else:
            nominated = [*plan.approved, *not_enrolled]
        yield at(start - (setup - 15) * DAY, 9)
        for person in nominated:
            leader = manager_of(person)
            plan.enrolments[person.pk] = enrolment_nominate(
                cohort=cohort,
                person=person,
                nominated_by=leader,
                motivation=_MOTIVATION[plan.kind].format(first=person.first_name, him=_him(person)),
                by=login_of(leader),
            )
        yield at(start - 35 * DAY, 9)
        for person in plan.withdrawn:
            enrolment_withdraw(
                enrolment=plan.enrolments[person.pk],
                by=login_of(manager_of(person)),
                reason=self.rng.choice(_WITHDRAWALS),
            )
        yield at(start - 30 * DAY, 11)
        if plan.kind == ProgrammeKind.JOB_VISIT:
            for enrolment in visits.job_visit_enrol(
                cohort=cohort, persons=plan.approved, decided_by=consultant, by=by
            ):
                plan.enrolments[enrolment.person_id] = enrolment
        else:
            for person in plan.approved:
                enrolment_approve(
                    enrolment=plan.enrolments[person.pk], decided_by=consultant, by=by
                )
        for person in plan.rejected:
            enrolment_reject(
                enrolment=plan.enrolments[person.pk],
                decided_by=consultant,
                by=by,
                reason=self.rng.choice(_REJECTIONS).format(first=person.first_name),
            )
        if plan.kind in (ProgrammeKind.ASPIRANT, ProgrammeKind.CLARIFICATION):
            # the network groups of seeds 000 and 002, so the diversity report has rounds
            yield at(start - 20 * DAY, 10)
            build_demo_groups(cohort=cohort, by_user=by, seed=start.year)
        if plan.kind == ProgrammeKind.JOB_VISIT:
            yield from self._visits(plan, cohort, consultant)
        elif plan.kind == ProgrammeKind.TRAINEE:
            self.story.spawn(self._effects(plan))
        for person in plan.mid_withdrawn:
            self.story.spawn(self._withdraw_mid(plan, person, by))
        for session in sessions:
            self.story.spawn(self._attendance(plan, session, by))
        yield at(plan.ends_on, 15)
        for person in plan.completed:
            enrolment_complete(enrolment=plan.enrolments[person.pk], by=by)
        if plan.outcomes:
            yield at(plan.ends_on, 16)
            for person in plan.completed:
                outcome = plan.outcomes[person.pk]
                outcome_create(
                    enrolment=plan.enrolments[person.pk],
                    outcome=outcome,
                    note=_OUTCOME_NOTES[Outcome(outcome)],
                    recorded_by=consultant,
                    by=by,
                )

    def _sessions(self, plan: _Plan) -> list[_SessionPlan]:
        """The cohort's sessions: six network meetings, five teaching days or the take-off."""
        if plan.kind == ProgrammeKind.ASPIRANT:
            days = [meeting_day(plan.starts_on + dt.timedelta(days=d)) for d in MEETING_OFFSETS]
            return [
                _SessionPlan(Session.Kind.NETWORK_MEETING, theme, at(day, 13), at(day, 16), place)
                for (theme, place), day in zip(MEETINGS, days, strict=True)
            ]
        if plan.kind == ProgrammeKind.CLARIFICATION:
            days = _day_dates(plan.starts_on, plan.ends_on)
            return [
                _SessionPlan(
                    Session.Kind.TEACHING_DAY,
                    f"Undervisningsdag {number}",
                    at(day, 9),
                    at(day, 15, 30),
                    "Rådhuset, mødesal 1",
                )
                for number, day in enumerate(days, start=1)
            ]
        if plan.kind == ProgrammeKind.TRAINEE:
            day = weekday(plan.ends_on - 30 * DAY)
            place = "Rådhuset, byrådssalen"
            return [_SessionPlan(Session.Kind.TAKE_OFF, "", at(day, 13), at(day, 16), place)]
        return []

    def _attendance(self, plan: _Plan, session: _SessionPlan, by: User) -> Thread:
        """The session entered as it ends, with who attended: mostly present, some excused or
        absent. (Entered afterwards, as the consultant kept these years: no invitations.)"""
        statuses = []
        for _person in plan.approved:
            roll = self.rng.random()
            statuses.append("present" if roll < 0.85 else "excused" if roll < 0.94 else "absent")
        yield session.ends_at
        cohort = made(plan.cohort, "the cohort")
        if session.kind == Session.Kind.TAKE_OFF:
            row = take_off_create(
                cohort=cohort,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                place=session.place,
                by=by,
            )
        else:
            row = session_create(
                cohort=cohort,
                kind=session.kind,
                theme=session.theme,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                place=session.place,
                by=by,
            )
        seated = set(
            Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED).values_list(
                "person_id", flat=True
            )
        )
        for person, status in zip(plan.approved, statuses, strict=True):
            if person.pk in seated:
                attendance_set(
                    session=row, enrolment=plan.enrolments[person.pk], status=status, by=by
                )

    def _withdraw_mid(self, plan: _Plan, person: Person, by: User) -> Thread:
        yield at(plan.starts_on + 70 * DAY, 10)
        enrolment_withdraw(
            enrolment=plan.enrolments[person.pk],
            by=by,
            reason=_MID_WITHDRAWAL,
        )

    def _effects(self, plan: _Plan) -> Thread:
        """Each phase's effects answered by every trainee and, the day after, their leader,
        once the phase is reached (a month in, half-way, and just before the end)."""
        rng, start, length = self.rng, plan.starts_on, (plan.ends_on - plan.starts_on).days
        moments = [start + 30 * DAY, start + (length // 2) * DAY, plan.ends_on - 12 * DAY]
        ratings = {
            (p.pk, order, respondent): [
                min(5, max(1, round(rng.gauss(3.9, 0.8)))) for _ in range(6)
            ]
            for p in plan.approved
            for order in (1, 2, 3)
            for respondent in (Respondent.TRAINEE, Respondent.LEADER)
        }
        for order, day in enumerate(moments, start=1):
            for respondent, moment in (
                (Respondent.TRAINEE, at(day, 19)),
                (Respondent.LEADER, at(day + DAY, 10)),
            ):
                yield moment
                phase = Phase.objects.filter(
                    programme_id=made(plan.cohort, "the cohort").programme_id, order=order
                ).first()
                if phase is None or not phase.effects:
                    continue
                for person in plan.approved:
                    enrolment = plan.enrolments[person.pk]
                    enrolment.refresh_from_db(fields=["status"])
                    if enrolment.status not in Enrolment.SEATED:
                        continue
                    who = person if respondent == Respondent.TRAINEE else manager_of(person)
                    # the outcome ("i lederjob / lederparat") is recorded, never rated
                    answers = [
                        {"phase": phase, "effect_index": index, "rating": rating, "comment": ""}
                        for (index, _text), rating in zip(
                            rated_effects(phase.effects),
                            ratings[(person.pk, order, respondent)],
                            strict=False,
                        )
                    ]
                    effect_answers_save(
                        enrolment=enrolment,
                        respondent=respondent,
                        answers=answers,
                        person=who,
                        by=login_of(who),
                    )

    def _visits(self, plan: _Plan, cohort: Cohort, consultant: Person) -> Iterator[dt.datetime]:
        """Pairs made the day before the start and published at the start; each pair's two visits
        held and reflected within the first ten weeks; the wrap-ups booked before the end."""
        by, rng = login_of(consultant), self.rng
        guide = guide_for(programme=cohort.programme)
        yield at(plan.starts_on - DAY, 10)
        try:
            visits.pairing_make(cohort=cohort, boundary=Boundary.DEPARTMENT, by=by)
        except ValidationError:
            visits.pairing_make(cohort=cohort, boundary=Boundary.AREA, by=by)
        yield at(plan.starts_on, 9)
        visits.pairs_publish(cohort=cohort, by=by)
        for pair in cohort.visit_pairs.order_by("number"):
            for number, visit in enumerate(pair.visits.select_related("host__user").order_by("id")):
                day = working_day(
                    plan.starts_on + dt.timedelta(days=20 + 30 * number + rng.randint(0, 20))
                )
                self.story.spawn(self._visit(visit, day, rng.choice(guide.themes)))
        wrap_up = working_day(plan.starts_on + 100 * DAY)
        yield at(wrap_up - 21 * DAY, 10)
        for number, group in enumerate(visits.wrap_up_compose(cohort=cohort, by=by)):
            start = at(wrap_up + dt.timedelta(days=number % 3), 9 + 3 * (number % 2))
            visits.wrap_up_book(
                group=group,
                expected_version=group.version,
                starts_at=start,
                ends_at=start + dt.timedelta(hours=2, minutes=30),
                place="Rådhuset, mødelokale 2",
                consultants=[consultant],
                by=by,
            )

    def _visit(self, visit: JobVisit, day: dt.date, theme: str) -> Thread:
        """One visit planned a fortnight before, held, and reflected the day after."""
        host = visit.host
        starts_at = at(day, 10)
        ends_at = starts_at + dt.timedelta(hours=2)
        yield at(day - 14 * DAY, 10)
        visit = visits.visit_plan(
            visit=visit,
            person=host,
            by=login_of(host),
            expected_version=visit.version,
            activity="Ledermøde om prioritering af opgaverne",
            themes=[theme],
            starts_at=starts_at,
            ends_at=ends_at,
            place="Værtens arbejdsplads",
        )
        yield ends_at
        visit = visits.visit_mark_held(
            visit=visit, person=host, by=login_of(host), expected_version=visit.version
        )
        yield ends_at + DAY
        visit = visits.visit_write(
            visit=visit,
            section="reflection",
            value={"0": "Vi så, hvordan den samme beslutning kan ledes på to måder."},
            person=host,
            by=login_of(host),
            expected_version=visit.version,
        )
        visits.visit_mark_reflected(
            visit=visit, person=host, by=login_of(host), expected_version=visit.version
        )

    def _competence(self, k: int) -> Thread:
        """A competence plan at a workplace, copied from an example, in training a year and a
        bit before, in everyday use two months later and evaluated after another 40 days."""
        leaders = [
            p
            for p in self.leaders
            if p.unit.kind == OrgUnit.Kind.WORKPLACE and p.unit.name not in _KEEP
        ]
        leader = leaders[-k]
        number, title = (
            (1, "Stuegang uden sygeplejerske"),
            (2, "Ny mødestruktur"),
            (4, "Digital dokumentation"),
        )[k - 1]
        answers = (("yes", "yes"), ("partly", "yes"), ("no", "partly"))[k - 1]
        # evaluated (100 days after the start) 10 days more than k years ago, whatever the hour
        start = self.today - dt.timedelta(days=365 * k + 110)
        by = login_of(leader)
        yield at(start - 14 * DAY, 10)
        plan = _from_example(number, title, leader.unit, leader, start)
        yield at(start, 8)
        plan = plan_status_set(
            plan=plan, status=PlanStatus.TRAINING, expected_version=plan.version, by=by
        )
        yield at(start + 61 * DAY, 8)
        plan = plan_status_set(
            plan=plan, status=PlanStatus.EVERYDAY, expected_version=plan.version, by=by
        )
        yield at(start + 100 * DAY, 14)
        plan_evaluate(
            plan=plan,
            core_task_realised=answers[0],
            organisation_realised=answers[1],
            note="Evalueret på personalemødet.",
            expected_version=plan.version,
            by=by,
        )

    def _organisation(self, changes: list[_OrgChange]) -> Thread:
        """Each change at its day; the monthly import records them on the first of the next
        month (today at the latest)."""
        rng = self.rng
        free_by_leader: dict[int, list[Person]] = defaultdict(list)
        for person in self.free:
            if person.pk not in self.taken and person.manager_id is not None:
                free_by_leader[person.manager_id].append(person)
        moved: dict[int, list[Person]] = {}
        titles: dict[int, str] = {}
        pending: dt.date | None = None
        for change in changes:
            seen_on = min((change.day.replace(day=1) + 32 * DAY).replace(day=1), self.today)
            if pending is not None and seen_on != pending:
                yield at(pending, 6)
                record_leadership_changes(on=pending, source=SOURCE_DEMO)
            pending = seen_on
            yield at(change.day, 8)
            person = Person.objects.get(pk=change.person.pk)
            if change.become:
                colleagues = free_by_leader[person.manager_id or 0][:3]
                del free_by_leader[person.manager_id or 0][:3]
                moved[person.pk] = colleagues
                titles[person.pk] = person.job_title
                person.is_leader = True
                person.job_title = rng.choice(_TEAM_TITLES)
                person.save(update_fields=["is_leader", "job_title", "updated_at"])
                for colleague in colleagues:
                    colleague.manager = person
                    colleague.save(update_fields=["manager", "updated_at"])
            else:
                for colleague in moved.pop(person.pk, []):
                    colleague.manager_id = person.manager_id
                    colleague.save(update_fields=["manager", "updated_at"])
                person.is_leader = False
                person.job_title = titles.get(person.pk, person.job_title)
                person.save(update_fields=["is_leader", "job_title", "updated_at"])
        if pending is not None:
            yield at(pending, 6)
            record_leadership_changes(on=pending, source=SOURCE_DEMO)
