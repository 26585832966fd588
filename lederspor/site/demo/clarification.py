"""Leder på spring (seed 002) in the demo: last spring's completed cohort and this autumn's
running cohort — five teaching days, the mail with articles and the JTI link 14 days before the
start, JTI answered, homework set and mostly done, attendance, leader talks (with peer feedback
once the talks' day has come), the conversations with the nearest leader, the JTI feedback, the
career conversation with a host, and the participant's logbook (`logbook.py`).

The story (S = the running cohort's start, T-42): last spring's cohort is set up at T-310,
nominated at T-300, approved at T-280 and completed when it ended (T-170). This autumn's cohort
is set up at S-60 with its teaching days, mail and homework; the leaders nominate at S-45, the
consultant approves at S-30; the mail goes out at 07:00 on S-14 and the participants answer
JTI five and a half days later; the consultant forms the network groups with the grouping solver
a week before the start (seed 002 §6 "Vi sammensætter grupperne så mangfoldigt som muligt").
Attendance is registered and homework done after each teaching
day; leader talks are prepared after the fourth day; conversations are held when they end and
signed the day after.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from lederspor.clarification import services
from lederspor.clarification.mailing import mailing_deliver
from lederspor.clarification.models import PreStartMailing
from lederspor.conversations.services import career_save, conversation_cancel
from lederspor.grouping import services as grouping
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind, Session
from lederspor.programmes.services import (
    attendance_set,
    cohort_create,
    enrolment_approve,
    enrolment_complete,
    enrolment_nominate,
)
from lederspor.site.demo.clarification_texts import (
    DEMO_FEEDBACK,
    DEMO_HOMEWORK,
    DEMO_TALKS,
    MOTIVATION,
    NETWORK_GROUP_TASKS,
    TALK_DAY,
)
from lederspor.site.demo.conversations import Meeting, conversation
from lederspor.site.demo.logbook import logbook
from lederspor.site.demo.organisation import StaffPicker, manager_of
from lederspor.site.demo.story import Story, Thread, at, made, nth

CLARIFICATION_COHORT = "Leder på spring, efterår 2026"
CLARIFICATION_PAST_COHORT = "Leder på spring, forår 2026"
DAY = dt.timedelta(days=1)


def him(person: Person) -> str:
    return "hende" if person.gender == Person.Gender.FEMALE else "ham"


def _day_dates(starts_on: dt.date, ends_on: dt.date) -> list[dt.date]:
    """Five dates in the cohort's period, about every third week from the start; two or three
    lie in the past on a running cohort."""
    step = max(1, min(21, (ends_on - starts_on).days // 5))
    return [_teaching_weekday(starts_on + dt.timedelta(days=1 + step * i)) for i in range(5)]


def _teaching_weekday(day: dt.date) -> dt.date:
    """`day` moved forward to a Monday, Wednesday or Thursday outside the Christmas holiday
    (20/12–3/1): the aspirant cohort's network meetings are on Tuesdays and the same consultant
    runs both, so a teaching day never clashes with one (issue #16 §3)."""
    while (
        day.weekday() in (1, 4, 5, 6)
        or (day.month, day.day) >= (12, 20)
        or (day.month, day.day) <= (1, 3)
    ):
        day += dt.timedelta(days=1)
    return day


def build_clarification_demo(
    *, cohort: Cohort, enrolments: list[Enrolment], consultant: Person, today: dt.date
) -> None:
    """Fill a running Leder på spring `cohort` (enrolled `enrolments`, `consultant` one of its
    consultants; `today` the demo's date): the five teaching days, the mailing (sent), JTI
    answered for all but the last participant, homework with the past days' homework done by
    most, leader talks for the first three on the 5th teaching day, with feedback from two peers
    each only when that day is not after `today`. Idempotent for the teaching days and the
    mailing (kept if present)."""
    days = TeachingDays(
        Story(today), consultant, cohort.starts_on, cohort.ends_on, cohort, enrolments
    )
    days.story.play(days.setup(), days.mailing(), days.homework_done(), days.talks())


@dataclass
class ClarificationShowcase:
    """The demo logins of Leder på spring: a participant (reporting to the demo leader) and the
    host of their career conversation; and last spring's cohort, which the trainee completed."""

    participant: Person
    career_host: Person
    past_cohort: Cohort


def build_clarification(
    *,
    story: Story,
    rng: random.Random,
    consultant: Person,
    showcase_leader: Person,
    leaders: list[Person],
    picker: StaffPicker,
) -> ClarificationShowcase:
    """Both Leder på spring cohorts. `consultant` runs them; the participants are the staff of
    `showcase_leader` (the showcase participant) and of `leaders`, who host career conversations
    too. Returns the showcase logins."""
    programme = Programme.objects.get(kind=ProgrammeKind.CLARIFICATION)
    today = story.today
    past = _PastCohort(story, programme, consultant, [picker.pick(lr) for lr in leaders[:6]])
    participant = picker.pick(showcase_leader)
    members = [participant] + [picker.pick(leader) for leader in leaders[6:17]]
    days = TeachingDays(
        story, consultant, today - 42 * DAY, today + 48 * DAY, None, [], members=members
    )
    held = [day for day in days.days_on if at(day, 15, 30) < story.now]
    roll_call = [["present" if rng.random() < 0.9 else "excused" for _ in members] for _ in held]
    career_host = leaders[-1]
    story.play(
        past.thread(),
        days.create(programme),
        days.enrol(),
        days.network_groups(),
        days.mailing(),
        days.homework_done(),
        days.talks(),
        days.attendance(held, roll_call),
        *(
            conversation(story, meeting, nth(lambda: days.enrolments, i))
            for i, meeting in _meetings(story, days, consultant, career_host)
        ),
        logbook(story, lambda: days.enrolments[0], days.days_on),
    )
    return ClarificationShowcase(
        participant, career_host, made(past.cohort, "last spring's cohort")
    )


class _PastCohort:
    """Last spring's cohort: six participants, completed (so the trainee story can point to it)."""

    def __init__(
        self, story: Story, programme: Programme, consultant: Person, people: list[Person]
    ) -> None:
        self.story, self.programme, self.consultant, self.people = (
            story,
            programme,
            consultant,
            people,
        )
        self.starts_on = story.today - 240 * DAY
        self.cohort: Cohort | None = None

    def thread(self) -> Thread:
        consultant = self.consultant
        yield at(self.starts_on - 70 * DAY, 10)
        self.cohort = cohort = cohort_create(
            programme=self.programme,
            name=CLARIFICATION_PAST_COHORT,
            starts_on=self.starts_on,
            ends_on=self.starts_on + 70 * DAY,
            capacity=16,
            consultants=[consultant],
            by=login_of(consultant),
            description="Afsluttet hold. Deltagerne har fået kursusbevis.",
        )
        yield at(self.starts_on - 60 * DAY, 9)
        enrolments = [
            enrolment_nominate(
                cohort=cohort,
                person=person,
                nominated_by=manager_of(person),
                motivation=MOTIVATION.format(first=person.first_name, him=him(person)),
                by=login_of(manager_of(person)),
            )
            for person in self.people
        ]
        yield at(self.starts_on - 40 * DAY, 10)
        for enrolment in enrolments:
            enrolment_approve(enrolment=enrolment, decided_by=consultant, by=login_of(consultant))
        yield at(cohort.ends_on, 15)
        for enrolment in enrolments:
            enrolment_complete(enrolment=enrolment, by=login_of(consultant))


class TeachingDays:
    """A running cohort's programme: teaching days, mail, JTI, homework, talks, attendance.

    `cohort` and `enrolments` may be given (an existing cohort) or made by `create` and `enrol`
    (`members`, nominated by their managers) in the story.
    """

    def __init__(
        self,
        story: Story,
        consultant: Person,
        starts_on: dt.date,
        ends_on: dt.date,
        cohort: Cohort | None,
        enrolments: list[Enrolment],
        *,
        members: Sequence[Person] = (),
    ) -> None:
        self.story, self.consultant = story, consultant
        self.starts_on, self.ends_on = starts_on, ends_on
        self.cohort, self.enrolments, self.members = cohort, list(enrolments), members
        self.days_on = _day_dates(starts_on, ends_on)
        self.days: list[Session] = []

    def enrolled(self) -> list[Enrolment]:
        return [e for e in self.enrolments if e.status == Enrolment.Status.ENROLLED]

    def create(self, programme: Programme) -> Thread:
        """The consultant sets up the cohort two months before the start."""
        consultant = self.consultant
        yield at(self.starts_on - 60 * DAY, 10)
        self.cohort = cohort_create(
            programme=programme,
            name=CLARIFICATION_COHORT,
            starts_on=self.starts_on,
            ends_on=self.ends_on,
            capacity=16,
            consultants=[consultant],
            by=login_of(consultant),
            description="Lederafklaringsforløb med fem undervisningsdage, JTI, netværksgrupper, "
            "karrieresamtale og lederindlæg.",
        )
        yield from self.setup()

    def setup(self) -> Thread:
        """The five teaching days, the mail before the start and the homework of each day, set
        up together two months before the start (days and mail kept if present)."""
        by = login_of(self.consultant)
        yield at(self.starts_on - 60 * DAY, 10, 30)
        cohort = made(self.cohort, "the cohort")
        self.days = services.teaching_days(cohort) or services.teaching_days_create(
            cohort=cohort,
            dates=self.days_on,
            starts=dt.time(9),
            ends=dt.time(15, 30),
            place="Rådhuset, mødesal 2",
            by=by,
        )
        if not PreStartMailing.objects.filter(cohort=cohort).exists():
            services.mailing_create(
                cohort=cohort,
                subject=services.DEFAULT_SUBJECT,
                body=services.DEFAULT_BODY,
                jti_url="https://jti.example.dk/besvar",
                article_links=(
                    "Ledelse i en offentlig kontekst | https://artikler.example.dk/offentlig-ledelse\n"
                    "Leadership Pipeline | https://artikler.example.dk/leadership-pipeline"
                ),
                days_before=14,
                by=by,
            )
        self.homework = [
            services.homework_create(
                session=self.days[index],
                title=title,
                text=text,
                is_network_group_task=group,
                by=by,
            )
            for index, title, text, group in DEMO_HOMEWORK
        ]

    def enrol(self) -> Thread:
        """The nearest leaders nominate 45 days before the start; the consultant approves 15
        days later."""
        consultant = self.consultant
        yield at(self.starts_on - 45 * DAY, 9)
        nominated = [
            enrolment_nominate(
                cohort=made(self.cohort, "the cohort"),
                person=person,
                nominated_by=manager_of(person),
                motivation=MOTIVATION.format(first=person.first_name, him=him(person)),
                by=login_of(manager_of(person)),
            )
            for person in self.members
        ]
        yield at(self.starts_on - 30 * DAY, 11)
        self.enrolments = [
            enrolment_approve(enrolment=e, decided_by=consultant, by=login_of(consultant))
            for e in nominated
        ]

    def network_groups(self) -> Thread:
        """A week before the start the consultant forms the network groups "så mangfoldigt som
        muligt" (seed 002 §6) through the grouping services — a round composed by the solver,
        each group given its tasks, published (the members are mailed)."""
        yield at(self.starts_on - 7 * DAY, 10)
        by = login_of(self.consultant)
        cohort = made(self.cohort, "the cohort")
        rnd = grouping.grouping_round_create(cohort=cohort, by=by, seed=2026)
        rnd = grouping.grouping_round_compose(round=rnd, by=by, expected_version=rnd.version)
        for group in rnd.groups.order_by("number"):
            first = (
                group.memberships.select_related("enrolment__person")
                .order_by("enrolment__person__first_name", "enrolment__person__last_name")
                .first()
            )
            grouping.network_group_set_tasks(
                group=group,
                tasks=NETWORK_GROUP_TASKS.format(
                    facilitator=first.enrolment.person.first_name if first else "En af jer"
                ),
                by=by,
                expected_version=rnd.version,
            )
            rnd.refresh_from_db()
        grouping.grouping_round_publish(round=rnd, by=by, expected_version=rnd.version)

    def mailing(self) -> Thread:
        """The mail goes out at its time (07:00, `days_before` days before the start) to every
        participant; all but the last answer JTI five and a half days later."""
        mailing = (
            PreStartMailing.objects.filter(cohort=self.cohort).first() if self.cohort else None
        )
        days_before = mailing.days_before if mailing else 14
        sent = at(self.starts_on - days_before * DAY, 7)
        yield sent
        mailing_deliver(PreStartMailing.objects.get(cohort=self.cohort))
        yield sent + dt.timedelta(days=5, hours=12)
        for enrolment in self.enrolled()[:-1]:
            services.jti_answered_set(
                enrolment=enrolment, answered=True, by=login_of(enrolment.person)
            )

    def homework_done(self) -> Thread:
        """The homework of each teaching day held is done by all but two, three evenings after."""
        for index, day in enumerate(self.days_on):
            if at(day, 15, 30) >= self.story.now:
                break
            yield at(day + 3 * DAY, 20)
            enrolled = self.enrolled()
            for homework in self.homework:
                if homework.session_id != self.days[index].pk:
                    continue
                for enrolment in enrolled[: max(1, len(enrolled) - 2)]:
                    services.homework_mark(
                        homework=homework,
                        enrolment=enrolment,
                        done=True,
                        by=login_of(enrolment.person),
                    )

    def talks(self) -> Thread:
        """The first three prepare a leader talk after the 4th teaching day; once the talks'
        day (the 5th) has come, two peers give each talk feedback when the day ends."""
        before, talk_day = self.days_on[TALK_DAY - 1], self.days_on[TALK_DAY]
        yield at(before, 16)
        enrolled = self.enrolled()
        talks = [
            services.leader_talk_create(
                enrolment=enrolment,
                title=title,
                session=self.days[TALK_DAY],
                by=login_of(enrolment.person),
            )
            for enrolment, title in zip(enrolled[:3], DEMO_TALKS, strict=False)
        ]
        if talk_day > self.story.today:
            return  # feedback is given from the talk's day on: none while it is still ahead
        yield at(talk_day, 15, 30)
        for n, talk in enumerate(talks):
            peers = [e for e in enrolled if e.pk != talk.enrolment_id]
            for k, values in enumerate(DEMO_FEEDBACK[: len(peers)]):
                author = peers[(n + k) % len(peers)]
                services.talk_feedback_create(
                    talk=talk,
                    author=author,
                    values=values,
                    by=login_of(author.person),
                )

    def attendance(self, held: list[dt.date], roll_call: list[list[str]]) -> Thread:
        """Attendance registered as each teaching day held ends: mostly present, a few excused."""
        for index, statuses in enumerate(roll_call):
            yield at(held[index], 15, 30)
            for enrolment, status in zip(self.enrolments, statuses, strict=True):
                attendance_set(
                    session=self.days[index],
                    enrolment=enrolment,
                    status=status,
                    by=login_of(self.consultant),
                )


def _meetings(
    story: Story, days: TeachingDays, consultant: Person, host: Person
) -> list[tuple[int, Meeting]]:
    """(index of the enrolment, conversation). The showcase participant: the conversation with
    the leader before the start (signed), the JTI feedback on the second teaching day (signed),
    the career conversation with `host` (planned, with the participant's points of curiosity)
    and the closing conversation (planned). The second: a held record awaiting confirmation.
    The third: a conversation never registered as held (the reminder goes out) and a cancelled
    career conversation."""
    today, start = story.today, days.starts_on
    first, second, third = days.members[:3]
    career = Meeting(
        "career",
        today + 5 * DAY,
        10,
        f"{host.unit.name}, {host.full_name}s kontor",
        organiser=first,
        planned=at(today - 10 * DAY, 10),
        attendees=[(first, "participant"), (host, "host")],
    )
    career.then.append(
        (
            at(today - DAY, 19),
            lambda c: career_save(
                conversation=c,
                confidentiality_addressed=False,
                curiosity_points="Hvordan du har fundet din egen måde at være leder på, og hvad "
                "du gjorde det første år.",
                expected_version=c.version,
                by=login_of(first),
            ),
        )
    )
    cancelled = Meeting(
        "career",
        today + 9 * DAY,
        13,
        "Rådhuset",
        organiser=third,
        planned=at(today - 10 * DAY, 11),
        attendees=[(third, "participant"), (host, "host")],
    )
    cancelled.then.append(
        (
            at(today - 2 * DAY, 15),
            lambda c: conversation_cancel(
                conversation=c, expected_version=c.version, by=login_of(third)
            ),
        )
    )
    before = Meeting(
        "leader_before",
        start - 12 * DAY,
        14,
        "Lederens kontor",
        organiser=first,
        planned=at(start - 20 * DAY, 10),
        answers={
            "drive": "Jeg bliver glad, når et team lykkes, og jeg vil gerne have indflydelse på, "
            "hvordan vi organiserer arbejdet.",
            "occupies": "Hvordan man skaber retning i en travl hverdag med mange dagsordener.",
            "strengths": "Struktur, overblik og at jeg er god til at lytte.",
            "challenges": "At sige fra og at tage upopulære beslutninger.",
            "seen": "Min leder har set, at kollegerne søger mig, når noget skal koordineres.",
            "course_goals": "At blive afklaret om jeg vil søge et lederjob inden for to år.",
            "personal_goals": "Tydelighed og autoritet, når jeg står foran en gruppe.",
            "leader_support": "Koordinering af et tværgående projekt i foråret.",
        },
        notes="God samtale. Vi tager udgangspunkt i læringsmålene igen ved den opfølgende samtale.",
        actions=(
            ("Bed om at lede næste teammøde", first, start + 20 * DAY, True),
            ("Find en vært til karrieresamtalen", first, start + 30 * DAY, False),
        ),
    )
    # seed 002 §5: the individual feedback is part of the second teaching day
    jti = Meeting(
        "jti_feedback",
        days.days_on[1],
        13,
        "Rådhuset, lokale 3",
        organiser=consultant,
        planned=at(start - 10 * DAY, 10),
        answers={
            "preferences": "Jeg genkender især præferencen for struktur og planlægning.",
            "development": "At give plads til det uforudsete og til andres måde at gøre tingene på.",
            "next": "Jeg vil øve mig i at lede møder uden fast dagsorden.",
        },
    )
    after = Meeting(
        "leader_after",
        days.ends_on + 7 * DAY,
        9,
        "Lederens kontor",
        organiser=first,
        planned=at(today - 9 * DAY, 10),
    )
    held = Meeting(
        "leader_before",
        start - 10 * DAY,
        9,
        "Mødelokalet",
        organiser=second,
        planned=at(start - 20 * DAY, 11),
        answers={
            "drive": "Jeg vil gerne gøre en forskel for flere end mine egne borgere.",
            "course_goals": "At finde ud af, om jeg trives med ansvaret for andre.",
        },
        sign=False,
    )
    not_held = Meeting(
        "leader_before",
        start - 8 * DAY,
        13,
        "Lederens kontor",
        organiser=third,
        planned=at(start - 20 * DAY, 12),
    )
    return [
        (0, before),
        (0, jti),
        (0, career),
        (0, after),
        (1, held),
        (2, not_held),
        (2, cancelled),
    ]
