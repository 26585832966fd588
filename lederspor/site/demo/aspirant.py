"""The aspirant programme (seed 000) in the demo: the running cohort with its six network
meetings, 31 nominations (24 enrolled, five awaiting a decision, one rejected, one withdrawn),
attendance at the meetings held, practice tasks in every status with notes, round 1 of the
network groups, and next year's cohort, open for nominations.

The story (T = today, S = the cohort's start, T-61), each step through the services at its
moment (`story.py`): the cohort and its meetings are set up at T-130; the leaders nominate at
T-120 … T-95; the consultant decides at S-30 11:00; attendance is registered as each meeting
ends; tasks are proposed, agreed (T-55 at the earliest), confirmed by the host the same
afternoon where the catalogue says so (tasks 12 and 16), started on their start date, their own
steps (tasks 5, 10, 18) checked off on the way, done on their due date and followed up a week
later; one aspirant withdraws at T-40, the network groups are published the day after; next
year's cohort is opened at T-14 and the last five nominations arrive in the last three weeks.

The showcase aspirant's tasks show issue #14 §1: task 13 agreed by the chef (seed 000: "Det er
nærmeste leder og chef der har ansvaret"), tasks 6, 10 and 13 tied to a network meeting's theme
(task 6 to "Ledelse i en politisk styret organisation", as in the seed's case), and task 16
agreed and awaiting its host's confirmation. Every task is proposed before it is agreed
(`proposed_at` ≤ `agreed_at` ≤ `host_confirmed_at` ≤ `done_at`).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.catalogue.services import (
    task_assignment_agree,
    task_assignment_complete,
    task_assignment_follow_up,
    task_assignment_host_confirm,
    task_assignment_propose,
    task_assignment_start,
    task_note_add,
    task_step_set,
)
from lederspor.core.models import User
from lederspor.grouping import services as grouping
from lederspor.grouping.models import GroupingRound
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Programme, Session
from lederspor.programmes.services import (
    attendance_set,
    cohort_create,
    enrolment_approve,
    enrolment_nominate,
    enrolment_reject,
    enrolment_withdraw,
    session_create,
)
from lederspor.site.demo.aspirant_texts import (
    ASPIRANT_NOTES,
    CHEF_COMMENTS,
    HOST_NOTES,
    LEADER_NOTES,
    MEETING_OFFSETS,
    MEETINGS,
    MOTIVATIONS,
    OWN_TASK,
    STATUS_ORDER,
    TASK_DAYS,
    TASK_POOL,
    TASK_TEXTS,
)
from lederspor.site.demo.organisation import (
    FINANCE_TEAM,
    FOLLOW_WORKPLACE,
    HR_TEAM,
    SHOWCASE_WORKPLACE,
    Workplace,
    age,
    manager_of,
)
from lederspor.site.demo.story import Story, Thread, at, made

ACTIVE_COHORT = "Lederaspiranter 2026"
NEXT_COHORT = "Lederaspiranter 2027"

S = TaskAssignment.Status
DAY = dt.timedelta(days=1)

#: the tasks each demo network group gets (seed 002 §6: "Der bliver bestemte opgaver, som I skal
#: løse i netværksgrupperne"); {facilitator} names who leads the group's first meeting
DEMO_TASKS = (
    "Mellem netværksmøderne:\n"
    "1. Hver deltager tager en aktuel ledelsesudfordring fra sin praksisopgave med og får "
    "gruppens sparring (ca. 15 minutter pr. person).\n"
    "2. Kobl dagens teori til en konkret situation fra jeres hverdag, og skriv hver en kort "
    "refleksion til næste møde.\n"
    "3. Aftal, hvem der er ordstyrer og tidtager næste gang. {facilitator} starter."
)


@dataclass
class AspirantShowcase:
    """The aspirant programme's demo logins: the showcase aspirant, their leader and chef, and
    the host of one of the aspirant's tasks."""

    leader: Person
    chef: Person
    aspirant: Person
    host: Person


@dataclass
class _Nomination:
    person: Person
    workplace: Workplace
    motivation: str
    at: dt.datetime


@dataclass
class _TaskPlan:
    index: int  # of the nomination, hence the enrolment
    aspirant: Person
    number: int | None
    status: str
    proposer: Person
    host: Person | None
    starts_on: dt.date
    due_on: dt.date
    #: (author, text, days before today)
    notes: list[tuple[Person, str, int]] = field(default_factory=list)
    #: who agrees, if not the other party of the nearest leader and the aspirant (the chef)
    agreer: Person | None = None
    #: the network meeting (index in the cohort's meetings) whose theme the task ties to
    meeting: int | None = None


def meeting_day(day: dt.date) -> dt.date:
    """The first Tuesday on or after `day` outside the Christmas and summer holidays."""
    day += dt.timedelta(days=(1 - day.weekday()) % 7)
    while day.month == 7 or (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3):
        day += dt.timedelta(days=7)
    return day


def build_demo_groups(*, cohort: Cohort, by_user: User, seed: int = 2026) -> GroupingRound:
    """Create, compose and publish round 1 of network groups for `cohort` with Danish tasks.

    Members get the usual e-mail (queued for the worker). Deterministic for a seed but for the
    solver's time limit (the same seed gives the same start; 24 participants converge fast).
    Returns the published round.
    """
    rnd = grouping.grouping_round_create(cohort=cohort, by=by_user, seed=seed)
    rnd = grouping.grouping_round_compose(round=rnd, by=by_user, expected_version=rnd.version)
    for group in rnd.groups.order_by("number"):
        first = (
            group.memberships.select_related("enrolment__person")
            .order_by("enrolment__person__first_name", "enrolment__person__last_name")
            .first()
        )
        facilitator = first.enrolment.person.first_name if first else "En af jer"
        grouping.network_group_set_tasks(
            group=group,
            tasks=DEMO_TASKS.format(facilitator=facilitator),
            by=by_user,
            expected_version=rnd.version,
        )
        rnd.refresh_from_db()
    return grouping.grouping_round_publish(round=rnd, by=by_user, expected_version=rnd.version)


class AspirantStory:
    """Plans the aspirant programme with the build's random generator (always in the same
    order, so a seed gives the same people and tasks) and then plays it (`Story.play`)."""

    def __init__(
        self,
        story: Story,
        rng: random.Random,
        consultants: list[Person],
        catalogue: dict[int, PracticeTask],
        by_name: dict[str, Workplace],
        seed: int,
    ) -> None:
        self.story, self.rng, self.catalogue, self.by_name = story, rng, catalogue, by_name
        self.today = story.today
        self.start = self.today - dt.timedelta(days=61)
        self.seed = seed
        self.consultant = consultants[0]
        self.consultants = consultants
        self.chiefs = sorted(
            {manager_of(w.leader) for w in by_name.values()}, key=lambda p: p.email
        )
        self.economists = [
            p
            for p in by_name[FINANCE_TEAM].staff
            if p.job_title in ("Økonomikonsulent", "Controller")
        ]
        self.cohort: Cohort | None = None
        self.enrolments: dict[int, Enrolment] = {}

    def build(self, programme: Programme, workplaces: list[Workplace]) -> AspirantShowcase:
        """Plan and play the programme's story; returns the showcase logins."""
        nominations = self._nominations(self._candidates(workplaces))
        meetings = [meeting_day(self.start + dt.timedelta(days=d)) for d in MEETING_OFFSETS]
        held = [day for day in meetings if at(day, 16) < at(self.today, 12)]
        roll_call = [[self._attendance_status() for _ in range(24)] for _day in held]
        showcase, tasks = self._tasks(nominations[:24])
        self.story.play(
            self._cohorts(programme, meetings),
            self._enrolments(nominations),
            self._attendance(held, roll_call),
            *(self._task(plan) for plan in tasks),
            self._network_groups(),
        )
        return showcase

    # -- planning (the random draws, in the order they have always been made) ------------------

    def _candidates(self, workplaces: list[Workplace]) -> list[tuple[Person, Workplace]]:
        """31 aspirants-to-be: the showcase teacher first, then one per random workplace."""
        pool = [w for w in workplaces if w.unit.name not in (HR_TEAM, FINANCE_TEAM)]
        showcase = self.by_name[SHOWCASE_WORKPLACE]
        others = [w for w in pool if w is not showcase]
        self.rng.shuffle(others)
        chosen = []
        for wp in [showcase, *others[:30]]:
            eligible = [
                p
                for p in wp.staff
                if 27 <= age(p, self.today) <= 50
                and p.employed_since
                and (self.today - p.employed_since).days >= 730
                and p.profession == wp.profile.staff[0][1]
            ] or wp.staff
            chosen.append((self.rng.choice(eligible), wp))
        return chosen

    def _nominations(self, candidates: list[tuple[Person, Workplace]]) -> list[_Nomination]:
        """The motivation and moment of each nomination: the first 25 and the rejected one three
        to four months ago, the five awaiting a decision in the last three weeks."""
        rng, nominations = self.rng, []
        for i, (person, wp) in enumerate(candidates):
            female = person.gender == Person.Gender.FEMALE
            motivation = rng.choice(MOTIVATIONS).format(
                first=person.first_name,
                he="Hun" if female else "Han",
                him="hende" if female else "ham",
                wp=wp.unit.name,
            )
            days_ago = rng.randint(3, 20) if 25 <= i < 30 else rng.randint(95, 120)
            moment = at(self.today - dt.timedelta(days=days_ago), 9 + i % 7, 5 * (i % 12))
            nominations.append(_Nomination(person, wp, motivation, moment))
        return nominations

    def _attendance_status(self) -> str:
        roll = self.rng.random()
        return "present" if roll < 0.86 else "excused" if roll < 0.95 else "absent"

    def _tasks(self, enrolled: list[_Nomination]) -> tuple[AspirantShowcase, list[_TaskPlan]]:
        """Tasks in every status: five for the showcase aspirant, 1–3 for the next 16, one awaiting
        its host for the next two, none for the last 5 (empty states are part of the demo)."""
        rng = self.rng
        aspirant = enrolled[0].person
        leader = manager_of(aspirant)
        host = rng.choice(self.economists)
        follow_host = self.by_name[FOLLOW_WORKPLACE].leader
        interviewee = next(c for c in self.chiefs if c.pk != leader.manager_id)
        plans = []
        chef = manager_of(leader)
        for number, status, proposer, task_host, agreer, meeting in (
            (10, S.FOLLOWED_UP, leader, None, None, 0),
            (6, S.DONE, aspirant, interviewee, None, 1),
            (13, S.IN_PROGRESS, aspirant, host, chef, 4),
            (16, S.AWAITING_HOST, leader, follow_host, None, None),
            (1, S.PROPOSED, aspirant, None, None, None),
        ):
            plan = self._task_plan(0, aspirant, number, status, proposer, task_host)
            plan.agreer, plan.meeting = agreer, meeting
            if status == S.FOLLOWED_UP:
                plan.notes += [
                    (aspirant, ASPIRANT_NOTES[1], 30),
                    (manager_of(leader), CHEF_COMMENTS[0], 14),
                ]
            if task_host is host:
                plan.notes += [(host, HOST_NOTES[0], 10), (aspirant, ASPIRANT_NOTES[3], 5)]
            plans.append(plan)

        for i, nomination in enumerate(enrolled[1:17], start=1):
            person = nomination.person
            for k, pooled in enumerate(rng.sample(TASK_POOL, 1 + i % 3)):
                status = STATUS_ORDER[(i + k) % len(STATUS_ORDER)]
                proposer = manager_of(person) if rng.random() < 0.6 else person
                task_host = self._host_for(pooled, person)
                plan = self._task_plan(i, person, pooled, status, proposer, task_host)
                started = STATUS_ORDER.index(status) >= STATUS_ORDER.index(S.IN_PROGRESS)
                if started and rng.random() < 0.6:
                    plan.notes.append((person, rng.choice(ASPIRANT_NOTES), 8))
                if status == S.AGREED and rng.random() < 0.5:
                    plan.notes.append((manager_of(person), rng.choice(LEADER_NOTES), 4))
                if status in (S.DONE, S.FOLLOWED_UP) and rng.random() < 0.4:
                    plan.notes.append(
                        (manager_of(manager_of(person)), rng.choice(CHEF_COMMENTS), 3)
                    )
                if task_host and started and rng.random() < 0.5:
                    plan.notes.append((task_host, rng.choice(HOST_NOTES), 6))
                plans.append(plan)
        plans += self._awaiting_hosts(enrolled)
        showcase = AspirantShowcase(
            leader=leader, chef=manager_of(leader), aspirant=aspirant, host=host
        )
        return showcase, plans

    def _awaiting_hosts(self, enrolled: list[_Nomination]) -> list[_TaskPlan]:
        """Tasks 12 and 16 of the 18th and 19th aspirant, agreed with their leader and awaiting
        the confirmation of a leader from another workplace (seed 000: the task owner and the
        person followed agree time and resources). Planned without random draws (the build's
        later draws stay as they were), on an agreed task's dates."""
        start_days, due_days = TASK_DAYS[S.AGREED]
        leaders = sorted((w.leader for w in self.by_name.values()), key=lambda p: p.email)
        plans = []
        for index, number in ((17, 12), (18, 16)):
            person = enrolled[index].person
            host = next(p for p in leaders if p.unit_id != person.unit_id)
            plans.append(
                _TaskPlan(
                    index=index,
                    aspirant=person,
                    number=number,
                    status=S.AWAITING_HOST,
                    proposer=manager_of(person),
                    host=host,
                    starts_on=self.today + dt.timedelta(days=start_days + index % 3),
                    due_on=self.today + dt.timedelta(days=due_days + index % 3),
                )
            )
        return plans

    def _host_for(self, number: int | None, person: Person) -> Person | None:
        """A host from another workplace for the tasks that need one (interview, økonomi …)."""
        rng = self.rng
        if number == 6:
            chef_id = manager_of(person).manager_id
            return rng.choice([c for c in self.chiefs if c.pk != chef_id])
        if number == 13:
            return rng.choice(self.economists)
        if number in (16, 17):
            leaders = [w.leader for w in self.by_name.values() if w.unit.pk != person.unit_id]
            return rng.choice(leaders)
        return None

    def _task_plan(
        self,
        index: int,
        aspirant: Person,
        number: int | None,
        status: TaskAssignment.Status,
        proposer: Person,
        host: Person | None,
    ) -> _TaskPlan:
        """A task whose dates follow how far it has come (`TASK_DAYS`, ± 4 days; a task
        awaiting its host has an agreed task's dates)."""
        start_days, due_days = TASK_DAYS[S.AGREED if status == S.AWAITING_HOST else status]
        jitter = self.rng.randint(-4, 4)
        return _TaskPlan(
            index=index,
            aspirant=aspirant,
            number=number,
            status=status,
            proposer=proposer,
            host=host,
            starts_on=self.today + dt.timedelta(days=start_days + jitter),
            due_on=self.today + dt.timedelta(days=due_days + jitter),
        )

    # -- the story ---------------------------------------------------------------------------

    def _cohorts(self, programme: Programme, meetings: list[dt.date]) -> Thread:
        """The running cohort and its six meetings, set up before the nominations; next year's
        cohort two weeks ago."""
        today, by = self.today, login_of(self.consultant)
        yield at(today - dt.timedelta(days=130), 10)
        self.cohort = cohort_create(
            programme=programme,
            name=ACTIVE_COHORT,
            starts_on=self.start,
            ends_on=today + dt.timedelta(days=183),
            capacity=26,
            consultants=self.consultants,
            by=by,
            description="Lederaspirantforløb for medarbejdere, der overvejer et første job som "
            "leder. Seks netværksmøder og ledelsesopgaver i egen praksis.",
        )
        for (theme, place), day in zip(MEETINGS, meetings, strict=True):
            session_create(
                cohort=self.cohort,
                kind=Session.Kind.NETWORK_MEETING,
                theme=theme,
                starts_at=at(day, 13),
                ends_at=at(day, 16),
                place=place,
                by=by,
            )
        yield at(today - dt.timedelta(days=14), 10)
        cohort_create(
            programme=programme,
            name=NEXT_COHORT,
            starts_on=today + dt.timedelta(days=91),
            ends_on=today + dt.timedelta(days=91 + 240),
            capacity=26,
            consultants=self.consultants,
            by=by,
            nomination_deadline=today + dt.timedelta(days=42),
            description="Næste hold af lederaspiranter. Nærmeste leder indstiller med en kort "
            "begrundelse inden fristen.",
        )

    def _enrolments(self, nominations: list[_Nomination]) -> Thread:
        """Nominations at their moments; the first 25 approved and the 31st rejected a month
        before the start; the 25th withdraws 40 days ago."""
        consultant = self.consultant
        decided = at(self.start - dt.timedelta(days=30), 11)
        steps = [(n.at, "nominate", i) for i, n in enumerate(nominations)]
        steps += [(decided, "approve", i) for i in range(25)]
        steps += [(decided, "reject", 30), (at(self.today - 40 * DAY, 10), "withdraw", 24)]
        for moment, step, i in sorted(steps, key=lambda s: s[0]):
            yield moment
            if step == "nominate":
                n = nominations[i]
                self.enrolments[i] = enrolment_nominate(
                    cohort=made(self.cohort, "the cohort"),
                    person=n.person,
                    nominated_by=n.workplace.leader,
                    motivation=n.motivation,
                    by=login_of(n.workplace.leader),
                )
            elif step == "approve":
                enrolment_approve(
                    enrolment=self.enrolments[i], decided_by=consultant, by=login_of(consultant)
                )
            elif step == "reject":
                first_name = nominations[i].person.first_name
                enrolment_reject(
                    enrolment=self.enrolments[i],
                    decided_by=consultant,
                    by=login_of(consultant),
                    reason=f"Vi vurderer, at {first_name} får mest ud af forløbet efter et år "
                    f"mere i den nuværende stilling. Indstil gerne igen til {NEXT_COHORT}.",
                )
            else:
                enrolment_withdraw(
                    enrolment=self.enrolments[i],
                    by=login_of(consultant),
                    reason="Har fået nyt job i en anden kommune og stopper derfor i forløbet.",
                )

    def _attendance(self, held: list[dt.date], roll_call: list[list[str]]) -> Thread:
        """Attendance registered as each meeting held ends: mostly present, a few absent or
        excused."""
        for day, statuses in zip(held, roll_call, strict=True):
            yield at(day, 16)
            session = made(self.cohort, "the cohort").sessions.get(starts_at=at(day, 13))
            for i, status in enumerate(statuses):
                attendance_set(
                    session=session,
                    enrolment=self.enrolments[i],
                    status=status,
                    by=login_of(self.consultant),
                )

    def _task(self, plan: _TaskPlan) -> Thread:
        """One practice task from proposal to its status, and its notes, each at its moment:
        proposed, agreed (by the other party or `plan.agreer`), confirmed by the host the same
        afternoon when the catalogue asks for it (a task `AWAITING_HOST` stops before), started,
        its own steps checked off (the first on the start date at noon, all on the due date at
        noon), done and followed up."""
        today = self.today
        awaiting = plan.status == S.AWAITING_HOST
        level = STATUS_ORDER.index(S.AGREED if awaiting else plan.status)
        proposed_on = max(min(plan.starts_on - 12 * DAY, today), today - 57 * DAY)
        proposed = at(proposed_on, 10)
        agreed_on = min(max(plan.starts_on - 10 * DAY, today - 55 * DAY), today)
        held_on = min(plan.due_on + 7 * DAY, today)
        Step = tuple[dt.datetime, str, tuple[Person, str] | None]
        states: list[Step] = [
            (proposed, "propose", None),
            (at(agreed_on, 14), "agree", None),
            (at(plan.starts_on, 8), "start", None),
            (at(plan.due_on, 15), "complete", None),
            (at(held_on, 15), "follow_up", None),
        ]
        steps = states[: level + 1]
        catalogue_task = self.catalogue.get(plan.number) if plan.number else None
        confirms = bool(catalogue_task and catalogue_task.host_confirms and plan.host)
        if not awaiting and level >= 1 and confirms:
            steps.append((at(agreed_on, 16), "confirm", None))
        if catalogue_task and catalogue_task.steps and level >= 2:
            steps.append((at(plan.starts_on, 12), "first_step", None))
            if level >= 3:
                steps.append((at(plan.due_on, 12), "all_steps", None))
        steps += [
            (max(at(today - days_ago * DAY, 12), proposed + dt.timedelta(hours=1)), "note", (a, t))
            for a, t, days_ago in plan.notes
        ]
        aspirant, leader = plan.aspirant, manager_of(plan.aspirant)
        other = plan.agreer or (aspirant if plan.proposer.pk == leader.pk else leader)
        current: TaskAssignment | None = None
        for moment, step, note in sorted(steps, key=lambda s: s[0]):
            yield moment
            if step == "propose":
                current = self._propose(plan)
                continue
            assignment = made(current, "the task (proposed first)")
            if step == "agree":
                current = task_assignment_agree(
                    assignment=assignment, expected_version=assignment.version, by=login_of(other)
                )
            elif step == "confirm":
                current = task_assignment_host_confirm(
                    assignment=assignment,
                    expected_version=assignment.version,
                    by=login_of(made(plan.host, "the host")),
                )
            elif step == "start":
                current = task_assignment_start(
                    assignment=assignment,
                    expected_version=assignment.version,
                    by=login_of(aspirant),
                )
            elif step in ("first_step", "all_steps"):
                own_steps = list(assignment.steps.order_by("order"))
                for own in own_steps[:1] if step == "first_step" else own_steps:
                    task_step_set(step=own, done=True, by=login_of(aspirant))
            elif step == "complete":
                current = task_assignment_complete(
                    assignment=assignment,
                    expected_version=assignment.version,
                    by=login_of(aspirant),
                )
            elif step == "follow_up":
                observations, points = self._texts(plan.number)[3:]
                current = task_assignment_follow_up(
                    assignment=assignment,
                    expected_version=assignment.version,
                    by=login_of(leader),
                    held_on=held_on,
                    observations=observations,
                    learning_points=points,
                )
            else:
                author, text = made(note, "the note")
                task_note_add(assignment=assignment, author=author, text=text, by=login_of(author))

    def _texts(self, number: int | None) -> tuple[str, str, str, str, str]:
        if number is None:
            return OWN_TASK[1:]
        return TASK_TEXTS[number]

    def _propose(self, plan: _TaskPlan) -> TaskAssignment:
        scope, resources, goal, _observations, _points = self._texts(plan.number)
        return task_assignment_propose(
            enrolment=self.enrolments[plan.index],
            proposed_by=plan.proposer,
            by=login_of(plan.proposer),
            catalogue_task=None if plan.number is None else self.catalogue[plan.number],
            title=OWN_TASK[0] if plan.number is None else "",
            scope=scope.format(wp=plan.aspirant.unit.name),
            resources=resources,
            learning_goal=goal,
            host=plan.host,
            starts_on=plan.starts_on,
            due_on=plan.due_on,
            session=self._meeting(plan.meeting),
        )

    def _meeting(self, index: int | None) -> Session | None:
        """The cohort's network meeting number `index` (0-based, by start), or None."""
        if index is None:
            return None
        meetings = made(self.cohort, "the cohort").sessions.filter(
            kind=Session.Kind.NETWORK_MEETING
        )
        return meetings.order_by("starts_at")[index]

    def _network_groups(self) -> Thread:
        """Round 1 of the network groups, composed and published the day after the withdrawal,
        before the second meeting (the 24 who remain)."""
        yield at(self.today - 39 * DAY, 10)
        build_demo_groups(
            cohort=made(self.cohort, "the cohort"),
            by_user=login_of(self.consultant),
            seed=self.seed,
        )
