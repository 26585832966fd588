"""The trainee programme (seed 003) in the demo: the running cohort "Ledertrainees 2026–27" with
four trainees and a fifth nominated, the prerequisite (the showcase trainee completed Leder på
spring last spring, the others took a personality test — one still lacks the feedback), the
start conversations, ongoing meetings, the midway and transition conversations, the take-off,
effect answers, the outcome and the learning agreements (`agreements.py`).

The story (S = the start, T-120): the consultant sets up the cohort and the take-off at S-60;
the leaders nominate at S-45 and the consultant approves at S-30; the personality tests are
taken from S-29 with feedback nine days later; the consultant chooses start part 1 as one
joint meeting at S-12 and plans it at S-10 for the three trainees who meet the prerequisite
(one invitation to all of them and their leaders); it is held at S+3 and part 2 at S+12, where the learning agreement is drafted; the first two answer the first
phase's effects two days later; the second trainee's transition conversation is held three days
ago and the outcome ("’Lederparat’ ledertrainee", with its date) recorded that afternoon; a
fifth leader nominated five days ago. The first two trainees are on the running aspirant
cohort (the fixed building block links to it); the other two are not, and their pages warn.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Phase, Programme, ProgrammeKind
from lederspor.programmes.services import (
    cohort_create,
    enrolment_approve,
    enrolment_complete,
    enrolment_nominate,
)
from lederspor.site.demo.agreements import AgreementStory, superseded
from lederspor.site.demo.aspirant import ACTIVE_COHORT
from lederspor.site.demo.conversations import Meeting, conversation, weekday
from lederspor.site.demo.organisation import StaffPicker, manager_of
from lederspor.site.demo.story import Story, Thread, at, nth
from lederspor.trainee.models import (
    JointMeetingStatus,
    JointStartMeeting,
    Outcome,
    PersonalityTest,
    Respondent,
    TraineeOutcome,
)
from lederspor.trainee.services import (
    cohort_options_set,
    effect_answers_save,
    joint_start_meeting_held,
    joint_start_meeting_plan,
    outcome_create,
    outcome_update,
    personality_test_create,
    personality_test_update,
    take_off_create,
)

TRAINEE_COHORT = "Ledertrainees 2026–27"
TRAINEE_MOTIVATION = (
    "{first} har gennemført lederaspirantforløbet og koordinerer allerede opgaver i teamet. "
    "Vi vil gerne kvalificere {him} til en lederstilling hos os."
)
DAY = dt.timedelta(days=1)

#: (trainee rating, leader rating, trainee comment) per effect of the first phase (Opstart)
FIRST_PHASE_ANSWERS = [
    (4, 4, "Persontesten og feedbacken gav mig et klart billede af mine styrker."),
    (5, 4, "Vi har afstemt forventninger og skrevet dem ind i læringsaftalen."),
]


def _him(person: Person) -> str:
    return "hende" if person.gender == Person.Gender.FEMALE else "ham"


def _his(person: Person) -> str:
    return "hendes" if person.gender == Person.Gender.FEMALE else "hans"


def build_trainee_demo(
    *,
    cohort: Cohort,
    enrolments: list[Enrolment],
    consultant: Person,
    today: dt.date,
    clarification_cohort: Cohort | None = None,
) -> None:
    """Personality tests, effect answers and one outcome for `enrolments` on trainee `cohort`.

    - The first trainee: exempt by an enrolment on `clarification_cohort` if given (nominated,
      approved and completed through the services), else a test with `consultant`'s feedback.
    - The others: a test with feedback, except the last one (when there are three or more),
      whose feedback is still missing ("Mangler: …" on the path).
    - The first two: trainee and leader answers to the first phase's effects.
    - The first: outcome "’Lederparat’ ledertrainee".
    Idempotent per enrolment.
    """
    story = Story(today)
    records = TraineeRecords(
        story,
        consultant,
        cohort,
        lambda: enrolments,
        len(enrolments),
        clarification_cohort,
        first=enrolments[0].person if enrolments else None,
    )
    story.play(*records.threads(outcome_for=0, outcome_at=at(today, 10)))


class TraineeRecords:
    """The prerequisite, effect answers and outcome of a trainee cohort's participants;
    `enrolments()` gives them (`count` of them) once they exist."""

    def __init__(
        self,
        story: Story,
        consultant: Person,
        cohort: Cohort,
        enrolments: Callable[[], list[Enrolment]],
        count: int,
        clarification_cohort: Cohort | None,
        first: Person | None = None,
    ) -> None:
        self.story, self.consultant, self.cohort = story, consultant, cohort
        #: the first trainee, exempt by `clarification_cohort` (known before the enrolments)
        self.first = first
        self.enrolments, self.count = enrolments, count
        self.clarification_cohort = clarification_cohort

    def threads(self, *, outcome_for: int, outcome_at: dt.datetime) -> list[Thread]:
        if not self.count:
            return []
        tested = range(1 if self.clarification_cohort else 0, self.count)
        return [
            *([self._exemption()] if self.clarification_cohort else []),
            *(self._test(i) for i in tested),
            self._effects(),
            self._outcome(outcome_for, outcome_at),
        ]

    def _exemption(self) -> Thread:
        """The first trainee on the Leder på spring cohort: nominated two months before its
        start, approved 20 days later, completed when it ended."""
        lps, person = self.clarification_cohort, self.first
        if lps is None or person is None:  # `threads` asks for it only with both
            return
        yield at(lps.starts_on - 60 * DAY, 9)
        if Enrolment.objects.filter(cohort=lps, person=person).exists():
            return
        consultant = lps.consultants.first() or self.consultant
        enrolment = enrolment_nominate(
            cohort=lps,
            person=person,
            nominated_by=manager_of(person),
            motivation="Indstillet til Leder på spring",
            by=login_of(manager_of(person)),
        )
        yield at(lps.starts_on - 40 * DAY, 10)
        enrolment_approve(enrolment=enrolment, decided_by=consultant, by=login_of(consultant))
        yield at(lps.ends_on, 15)
        enrolment_complete(enrolment=enrolment, by=login_of(consultant))

    def _test(self, i: int) -> Thread:
        """Trainee `i`'s personality test, taken a month before the start and recorded by the
        consultant with the feedback nine days later (the last of three or more still lacks
        the feedback: recorded the day it was taken)."""
        start = self.cohort.starts_on
        missing_feedback = self.count >= 3 and i == self.count - 1
        n = i - 1 if self.clarification_cohort else i  # as numbered among those tested
        taken_on = start - dt.timedelta(days=30 - n)
        feedback_on = None if missing_feedback else start - dt.timedelta(days=21 - n)
        yield at(feedback_on or taken_on, 15)
        enrolment = self.enrolments()[i]
        feedback_by = None if missing_feedback else self.consultant
        note = "" if missing_feedback else "Feedback givet på et individuelt møde."
        consultant, by = self.consultant, login_of(self.consultant)
        test = PersonalityTest.objects.filter(enrolment=enrolment).first()
        if test is None:
            personality_test_create(
                enrolment=enrolment,
                taken_on=taken_on,
                feedback_given_on=feedback_on,
                feedback_by=feedback_by,
                note=note,
                recorded_by=consultant,
                by=by,
            )
        else:
            personality_test_update(
                test=test,
                expected_version=test.version,
                taken_on=taken_on,
                feedback_given_on=feedback_on,
                feedback_by=feedback_by,
                note=note,
                recorded_by=consultant,
                by=by,
            )

    def _effects(self) -> Thread:
        """The first two answer the first phase's effects two weeks after the start; their
        leaders the day after."""
        start = self.cohort.starts_on
        phase = None
        for moment, respondent in (
            (at(start + 14 * DAY, 19), Respondent.TRAINEE),
            (at(start + 15 * DAY, 10), Respondent.LEADER),
        ):
            yield moment
            phase = phase or (
                Phase.objects.filter(programme_id=self.cohort.programme_id)
                .order_by("order")
                .first()
            )
            if phase is None:
                return
            for enrolment in self.enrolments()[:2]:
                person = enrolment.person if respondent == Respondent.TRAINEE else None
                person = person or manager_of(enrolment.person)
                answers = [
                    {
                        "phase": phase,
                        "effect_index": index,
                        "rating": trainee if respondent == Respondent.TRAINEE else leader,
                        "comment": comment if respondent == Respondent.TRAINEE else "",
                    }
                    for index, (trainee, leader, comment) in enumerate(
                        FIRST_PHASE_ANSWERS[: len(phase.effects)]
                    )
                ]
                effect_answers_save(
                    enrolment=enrolment,
                    respondent=respondent,
                    answers=answers,
                    person=person,
                    by=login_of(person),
                )

    def _outcome(self, index: int, moment: dt.datetime) -> Thread:
        """The consultant records trainee `index` as ready for a leader job."""
        yield moment
        enrolment = self.enrolments()[index]
        note = "Klar til at søge sin første lederstilling."
        consultant, by = self.consultant, login_of(self.consultant)
        existing = TraineeOutcome.objects.filter(enrolment=enrolment).first()
        decided_on = timezone.localdate(moment)
        if existing is None:
            outcome_create(
                enrolment=enrolment,
                outcome=Outcome.LEADER_READY,
                decided_on=decided_on,
                note=note,
                recorded_by=consultant,
                by=by,
            )
        else:
            outcome_update(
                trainee_outcome=existing,
                expected_version=existing.version,
                outcome=Outcome.LEADER_READY,
                decided_on=decided_on,
                note=note,
                recorded_by=consultant,
                by=by,
            )


@dataclass
class TraineeShowcase:
    """The trainee programme's demo login: the showcase trainee (reports to the demo leader)."""

    trainee: Person


def build_trainee(
    *,
    story: Story,
    consultant: Person,
    showcase_leader: Person,
    leaders: list[Person],
    picker: StaffPicker,
    clarification_cohort: Cohort,
) -> TraineeShowcase:
    """The running trainee cohort, run by `consultant` (see the module docstring). The showcase
    trainee reports to `showcase_leader` and completed `clarification_cohort`."""
    today = story.today
    trainee = picker.pick(showcase_leader)
    trainees = [
        trainee,
        picker.pick(leaders[20]),
        picker.pick(leaders[21]),
        picker.pick(leaders[23]),
    ]
    waiting = picker.pick(leaders[22])
    cohort = _TraineeCohort(story, consultant, trainees, waiting)
    records = TraineeRecords(
        story, consultant, cohort.plan, lambda: cohort.enrolments, 4, clarification_cohort, trainee
    )
    meetings = _meetings(story, cohort.plan.starts_on, consultant, trainees)
    agreements = AgreementStory(story, by_leader=showcase_leader, consultant=consultant)
    part2 = [m for i, m in meetings if m.kind == "start_part2"]
    drafted = [part2[0].ends_at, part2[1].ends_at, at(weekday(today - 6 * DAY), 10)]
    story.play(
        cohort.create(),
        cohort.enrol(),
        _joint_start(consultant, lambda: cohort.plan, cohort.plan.starts_on),
        _aspirant_enrolments(lambda: cohort.enrolments[:2], story.today),
        # the outcome belongs with the trainee whose transition conversation is held
        *records.threads(outcome_for=1, outcome_at=at(weekday(today - 3 * DAY), 14)),
        *(conversation(story, m, nth(lambda: cohort.enrolments, i)) for i, m in meetings),
        *(agreements.thread(i, nth(lambda: cohort.enrolments, i), drafted[i]) for i in range(3)),
        # the second trainee's agreement gets a second version once the blocks are recorded
        superseded(lambda: cohort.enrolments[1], consultant, at(today - DAY, 17)),
    )
    return TraineeShowcase(trainee)


def _joint_start(consultant: Person, cohort: Callable[[], Cohort], start: dt.date) -> Thread:
    """Start part 1 as one joint meeting (seed 003: "Denne samtale kan i stedet være et fælles
    møde for alle ledertrainees og deres ledere"): the consultant chooses it at S-12, plans it at
    S-10 for S+3 (the three trainees who meet the prerequisite are invited; the fourth still
    lacks the feedback) and marks it held after it."""
    by = login_of(consultant)
    yield at(start - 12 * DAY, 9)
    cohort_options_set(cohort=cohort(), joint_start_part1=True, by=by)
    yield at(start - 10 * DAY, 10)
    meeting = JointStartMeeting.objects.filter(cohort=cohort()).first()
    if meeting is None:
        meeting = joint_start_meeting_plan(
            cohort=cohort(),
            starts_at=at(start + 3 * DAY, 9),
            ends_at=at(start + 3 * DAY, 11),
            place="Rådhuset, mødesal 1",
            by=by,
        )
    yield at(start + 3 * DAY, 11)  # marked held when it ends, like every demo conversation
    meeting.refresh_from_db()
    if meeting.status == JointMeetingStatus.PLANNED:
        joint_start_meeting_held(meeting=meeting, by=by)


def _aspirant_enrolments(trainees: Callable[[], list[Enrolment]], today: dt.date) -> Thread:
    """The fixed building block (seed 003: "Deltagelse i Aarhus Kommunes lederaspirantforløb er
    en fast del af forløbet"): the first two trainees are nominated to the running aspirant
    cohort 100 days ago and approved with its other nominations, a month before its start; the
    other two are not (their pages warn)."""
    yield at(today - 100 * DAY, 9)
    cohort = Cohort.objects.get(name=ACTIVE_COHORT)
    consultant = cohort.consultants.order_by("pk").first()
    nominated = []
    for enrolment in trainees():
        person = enrolment.person
        if Enrolment.objects.filter(cohort=cohort, person=person).exists():
            continue
        nominated.append(
            enrolment_nominate(
                cohort=cohort,
                person=person,
                nominated_by=manager_of(person),
                motivation="Lederaspirantforløbet er en fast byggeklods i "
                f"{_his(person)} ledertraineeforløb.",
                by=login_of(manager_of(person)),
            )
        )
    # decided with the aspirant cohort's own nominations, a month before its start
    yield at(cohort.starts_on - 30 * DAY, 11)
    if consultant is not None:
        for e in nominated:
            enrolment_approve(enrolment=e, decided_by=consultant, by=login_of(consultant))


class _TraineeCohort:
    def __init__(
        self, story: Story, consultant: Person, trainees: list[Person], waiting: Person
    ) -> None:
        self.story, self.consultant, self.trainees, self.waiting = (
            story,
            consultant,
            trainees,
            waiting,
        )
        today = story.today
        programme = Programme.objects.get(kind=ProgrammeKind.TRAINEE)
        #: the cohort's dates (an unsaved Cohort) until `create` has made it
        self.plan = Cohort(
            programme=programme,
            name=TRAINEE_COHORT,
            starts_on=today - 120 * DAY,
            ends_on=today + 245 * DAY,
            capacity=8,
        )
        self.enrolments: list[Enrolment] = []

    def create(self) -> Thread:
        plan, consultant = self.plan, self.consultant
        yield at(plan.starts_on - 60 * DAY, 10)
        self.plan = cohort_create(
            programme=plan.programme,
            name=plan.name,
            starts_on=plan.starts_on,
            ends_on=plan.ends_on,
            capacity=plan.capacity,
            consultants=[consultant],
            by=login_of(consultant),
            description="Ledertraineeforløb: læringsaftale, byggeklodser, midtvejs- og "
            "transitionssamtale og fælles take-off.",
        )
        take_off = weekday(plan.ends_on - 30 * DAY)
        take_off_create(
            cohort=self.plan,
            starts_at=at(take_off, 13),
            ends_at=at(take_off, 16),
            place="Rådhuset, byrådssalen",
            by=login_of(consultant),
        )

    def enrol(self) -> Thread:
        """Nominated by their managers 45 days before the start and approved 15 days later; a
        fifth nominated five days ago, awaiting the consultant's decision."""
        consultant, start = self.consultant, self.plan.starts_on
        yield at(start - 45 * DAY, 9)
        nominated = [self._nominate(person) for person in self.trainees]
        yield at(start - 30 * DAY, 11)
        self.enrolments = [
            enrolment_approve(enrolment=e, decided_by=consultant, by=login_of(consultant))
            for e in nominated
        ]
        yield at(self.story.today - 5 * DAY, 9)
        self._nominate(self.waiting)

    def _nominate(self, person: Person) -> Enrolment:
        return enrolment_nominate(
            cohort=self.plan,
            person=person,
            nominated_by=manager_of(person),
            motivation=TRAINEE_MOTIVATION.format(first=person.first_name, him=_him(person)),
            by=login_of(manager_of(person)),
        )


def _meetings(
    story: Story, start: dt.date, consultant: Person, trainees: list[Person]
) -> list[tuple[int, Meeting]]:
    """(index of the enrolment, conversation); start part 1 is the joint meeting
    (`_joint_start`). The showcase trainee: start part 2 signed, two ongoing meetings, the midway conversation held with an action
    overdue, the next ongoing meeting planned. The second trainee: start signed and the
    transition conversation signed with feedback on the programme. The third: part 2
    planned. The fourth lacks the personality test feedback, so no start conversation
    can be planned yet."""
    today = story.today
    first, second, third = trainees[:3]
    meetings: list[tuple[int, Meeting]] = []
    meetings += [
        (
            i,
            Meeting(
                "start_part2",
                start + 12 * DAY,
                10 + 3 * i,  # one after the other: the consultant may join both (issue #16 §3)
                "Lederens kontor",
                organiser=person,
                planned=at(start + 4 * DAY, 10),
                answers={
                    "trainee_expects": "Reelle ledelsesopgaver og sparring hver anden uge.",
                    "leader_expects": "At traineen tager initiativ og skriver logbog.",
                    "commitment": "Faste møder hver anden torsdag; lederen rydder tid til sparring.",
                    "planning": "Først følge lederen, så sidemandsoplæring, til sidst et projekt.",
                    "agreement": "Kommunikation, tydelighed og personaleledelse i praksis.",
                },
            ),
        )
        for i, person in enumerate((first, second))
    ]
    meetings.append(
        (
            2,
            Meeting(
                "start_part2",
                today + 4 * DAY,
                10,
                "Lederens kontor",
                organiser=third,
                planned=at(today - 7 * DAY, 10),
            ),
        )
    )
    for weeks in (6, 10):
        day = start + dt.timedelta(weeks=weeks)
        meeting = Meeting(
            "ongoing",
            day,
            14,
            "Lederens kontor",
            organiser=first,
            planned=at(day - 14 * DAY, 10),
            answers={
                "learning": "At forberede et personalemøde med en klar beslutning på dagsordenen.",
                "experience": "Det gik bedre, da jeg sendte dagsordenen ud i god tid.",
                "feedback": "Lederen foreslog at afslutte hvert punkt med, hvem der gør hvad.",
                "complexity": "Næste gang leder jeg hele mødet selv.",
            },
        )
        meetings.append((0, meeting))
    midway = Meeting(
        "midway",
        today - 6 * DAY,
        13,
        "Rådhuset, lokale 2",
        organiser=consultant,
        planned=at(today - 20 * DAY, 10),
        answers={
            "goals": "Godt på vej med tydelighed; personaleledelse mangler praksis.",
            "blocks": "Følge lederen og sidemandsoplæring er gennemført.",
            "practice": "Fra at observere til at lede møder selv – passende stigning.",
            "network": "Netværk med to andre trainees fra andre magistratsafdelinger.",
            "adjust": "Vi tilføjer et praktikforløb i en anden afdeling.",
        },
        actions=(
            ("Aftal praktik i en anden afdeling", manager_of(first), today - DAY, False),
            ("Skriv logbog efter hvert ledermøde", first, today + 30 * DAY, False),
        ),
        sign=False,
    )
    next_meeting = Meeting(
        "ongoing",
        today + 10 * DAY,
        14,
        "Lederens kontor",
        organiser=first,
        planned=midway.ends_at + dt.timedelta(hours=1),
    )
    transition = Meeting(
        "transition",
        today - 3 * DAY,
        10,
        "Rådhuset, lokale 2",
        organiser=consultant,
        planned=at(today - 17 * DAY, 10),
        answers={
            "effect": "Traineen leder nu teammøder og har ansvar for vagtplanen.",
            "learning": "At beslutte og kommunikere beslutningen tydeligt.",
            "results": "Et gennemført projekt om ny mødestruktur i afdelingen.",
            "next_step": "Søger stillingen som afdelingsleder, der slås op i januar.",
            "feedback_trainee": "Byggeklodserne var gode; midtvejssamtalen kunne ligge tidligere.",
            "feedback_leader": "Mere sparring mellem lederne af trainees på tværs ville hjælpe.",
        },
    )
    return [*meetings, (0, midway), (0, next_meeting), (1, transition)]
