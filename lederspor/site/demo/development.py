"""Demo data for issue #3: a running Leder på spring cohort (seed 002) and a running trainee
cohort (seed 003), with conversations, learning agreements, logbook entries and the rest in every
state. Called from `lederspor.site.demo.build_demo` after the organisation and the aspirant
cohort exist; everything goes through the services, as a consultant, leader or participant
would do it, except history (an earlier, completed Leder på spring cohort) which is written
directly because the services refuse to nominate to a cohort that has ended.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from lederspor.agreements.demo import build_agreements_demo
from lederspor.agreements.models import AgreementStatus, LearningAgreement
from lederspor.agreements.services import ApprovalRole, agreement_approve, agreement_revise
from lederspor.clarification.demo import build_clarification_demo
from lederspor.clarification.models import JtiRecord, PreStartMailing
from lederspor.conversations.models import AgreedAction, Conversation, ConversationAttendee
from lederspor.conversations.services import (
    action_add,
    action_complete,
    career_save,
    conversation_cancel,
    conversation_confirm,
    conversation_mark_held,
    conversation_plan,
    record_save,
)
from lederspor.logbook.demo import build_logbook_demo
from lederspor.logbook.models import LogbookEntry
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment, Programme
from lederspor.programmes.services import (
    attendance_set,
    cohort_create,
    enrolment_approve,
    enrolment_nominate,
)
from lederspor.trainee.demo import build_trainee_demo
from lederspor.trainee.models import TraineeOutcome
from lederspor.trainee.services import take_off_create

CLARIFICATION_COHORT = "Leder på spring, efterår 2026"
CLARIFICATION_PAST_COHORT = "Leder på spring, forår 2026"
TRAINEE_COHORT = "Ledertrainees 2026–27"

CLARIFICATION_MOTIVATION = (
    "{first} tager ofte ansvar i teamet og har spurgt til, hvad et lederjob indebærer. "
    "Et afklaringsforløb vil give {him} et godt grundlag for at beslutte sig."
)
TRAINEE_MOTIVATION = (
    "{first} har gennemført lederaspirantforløbet og koordinerer allerede opgaver i teamet. "
    "Vi vil gerne kvalificere {him} til en lederstilling hos os."
)


@dataclass(frozen=True)
class DevelopmentShowcase:
    """The demo logins issue #3 adds: a Leder på spring participant, a trainee, the host of a
    career conversation and the HR consultant of the trainee cohort."""

    clarification_participant: Person
    trainee: Person
    career_host: Person
    hr_consultant: Person


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _him(person: Person) -> str:
    return "hende" if person.gender == Person.Gender.FEMALE else "ham"


def _eligible(leader: Person, taken: set[int]) -> list[Person]:
    """The staff of `leader` who are not on any programme yet, oldest employee number first."""
    return list(
        Person.objects.filter(manager=leader, is_leader=False)
        .exclude(pk__in=taken)
        .exclude(enrolments__isnull=False)
        .order_by("employee_number")
    )


def build_development_demo(
    *,
    rng: random.Random,
    today: dt.date,
    consultants: list[Person],
    showcase_leader: Person,
    leaders: list[Person],
) -> DevelopmentShowcase:
    """Build both cohorts. `consultants`: the two HR consultants (the first runs Leder på
    spring, the second the trainee cohort); `showcase_leader`: the demo leader, nearest leader
    of the showcase participant and trainee; `leaders`: other workplace leaders whose staff
    fill the cohorts and who host career conversations. Returns the new logins' persons."""
    programmes = {
        p.kind: p for p in Programme.objects.filter(kind__in=["clarification", "trainee"])
    }
    taken: set[int] = set()

    def pick(leader: Person) -> Person:
        person = _eligible(leader, taken)[0]
        taken.add(person.pk)
        return person

    # -- an earlier Leder på spring cohort, completed (history: written directly) --------------
    past = Cohort.objects.create(
        programme=programmes["clarification"],
        name=CLARIFICATION_PAST_COHORT,
        starts_on=today - dt.timedelta(days=240),
        ends_on=today - dt.timedelta(days=170),
        capacity=16,
        description="Afsluttet hold. Deltagerne har fået kursusbevis.",
    )
    past.consultants.set(consultants[:1])
    past_people = [pick(leader) for leader in leaders[:6]]
    for person in past_people:
        Enrolment.objects.create(
            cohort=past,
            person=person,
            status=Enrolment.Status.COMPLETED,
            nominated_by=person.manager,
            nominated_at=_at(past.starts_on - dt.timedelta(days=60), 9),
            motivation=CLARIFICATION_MOTIVATION.format(first=person.first_name, him=_him(person)),
            decided_by=consultants[0],
            decided_at=_at(past.starts_on - dt.timedelta(days=40), 10),
            completed_at=_at(past.ends_on, 15),
        )

    # -- the running Leder på spring cohort -----------------------------------------------------
    consultant = consultants[0]
    cohort = cohort_create(
        programme=programmes["clarification"],
        name=CLARIFICATION_COHORT,
        # five teaching days every 18 days from the day after the start: three held
        starts_on=today - dt.timedelta(days=42),
        ends_on=today + dt.timedelta(days=48),
        capacity=16,
        consultants=[consultant],
        by=consultant.user,
        description="Lederafklaringsforløb med fem undervisningsdage, JTI, netværksgrupper, "
        "karrieresamtale og lederindlæg.",
    )
    participant = pick(showcase_leader)
    members = [participant] + [pick(leader) for leader in leaders[6:17]]
    enrolments = _enrol(cohort, members, CLARIFICATION_MOTIVATION, consultant)
    build_clarification_demo(
        cohort=cohort, enrolments=enrolments, consultant=consultant, today=today
    )
    _attendance(cohort, enrolments, consultant, rng)
    career_host = leaders[-1]
    _clarification_conversations(enrolments, consultant, career_host, today)
    build_logbook_demo(enrolment=enrolments[0], today=today)

    # -- the running trainee cohort -------------------------------------------------------------
    hr_consultant = consultants[1]
    trainee_cohort = cohort_create(
        programme=programmes["trainee"],
        name=TRAINEE_COHORT,
        starts_on=today - dt.timedelta(days=120),
        ends_on=today + dt.timedelta(days=245),
        capacity=8,
        consultants=[hr_consultant],
        by=hr_consultant.user,
        description="Ledertraineeforløb: læringsaftale, byggeklodser, midtvejs- og "
        "transitionssamtale og fælles take-off.",
    )
    trainee = pick(showcase_leader)
    # the showcase trainee completed Leder på spring last spring (build_trainee_demo records it)
    trainees = [trainee, pick(leaders[20]), pick(leaders[21]), pick(leaders[23])]
    trainee_enrolments = _enrol(trainee_cohort, trainees, TRAINEE_MOTIVATION, hr_consultant)
    # a fifth, nominated and awaiting the consultant's decision
    waiting = pick(leaders[22])
    enrolment_nominate(
        cohort=trainee_cohort,
        person=waiting,
        nominated_by=waiting.manager,
        motivation=TRAINEE_MOTIVATION.format(first=waiting.first_name, him=_him(waiting)),
        by=waiting.manager.user,
    )
    build_trainee_demo(
        cohort=trainee_cohort,
        enrolments=trainee_enrolments,
        consultant=hr_consultant,
        today=today,
        clarification_cohort=past,
    )
    _trainee_conversations(trainee_enrolments, hr_consultant, today)
    take_off = _weekday(trainee_cohort.ends_on - dt.timedelta(days=30))
    take_off_create(
        cohort=trainee_cohort,
        starts_at=_at(take_off, 13),
        ends_at=_at(take_off, 16),
        place="Rådhuset, byrådssalen",
        by=hr_consultant.user,
    )
    build_agreements_demo(
        enrolments=trainee_enrolments[:3],
        by_leader=showcase_leader,
        consultant=hr_consultant,
        today=today,
    )
    _agreement_superseded(trainee_enrolments[1], hr_consultant)
    # the outcome belongs with the trainee whose transition conversation is held
    TraineeOutcome.objects.filter(enrolment=trainee_enrolments[0]).update(
        enrolment=trainee_enrolments[1]
    )
    _backdate([cohort, trainee_cohort], today)
    return DevelopmentShowcase(
        clarification_participant=participant,
        trainee=trainee,
        career_host=career_host,
        hr_consultant=hr_consultant,
    )


def _attendance(
    cohort: Cohort, enrolments: list[Enrolment], consultant: Person, rng: random.Random
) -> None:
    """Attendance at the teaching days already held: mostly present, a few excused."""
    now = timezone.now()
    for session in cohort.sessions.filter(ends_at__lt=now):
        for enrolment in enrolments:
            status = "present" if rng.random() < 0.9 else "excused"
            attendance_set(session=session, enrolment=enrolment, status=status, by=consultant.user)


def _backdate(cohorts: list[Cohort], today: dt.date) -> None:
    """The services stamp every change with the wall clock, so a demo built today would say
    that a conversation held in September was confirmed today. Move those stamps to when the
    story has them happen: held when it ended, confirmed and signed the day after, actions done
    before their due date, the 14-day mail sent 14 days before the start, JTI answered a week
    before the second teaching day, agreements approved in the days after start part 2, shared
    logbook entries shared on the day they were written."""
    conversations = Conversation.objects.filter(enrolment__cohort__in=cohorts)
    for c in conversations.exclude(held_at=None):
        ended = c.ends_at
        Conversation.objects.filter(pk=c.pk).update(
            held_at=ended, signed_at=(ended + dt.timedelta(days=1)) if c.signed_at else None
        )
        ConversationAttendee.objects.filter(conversation=c).exclude(confirmed_at=None).update(
            confirmed_at=ended + dt.timedelta(days=1)
        )
        for action in AgreedAction.objects.filter(conversation=c).exclude(done_at=None):
            done_on = max(min(action.due_on or today, today), timezone.localdate(ended))
            AgreedAction.objects.filter(pk=action.pk).update(done_at=_at(done_on, 12))
    for mailing in PreStartMailing.objects.filter(cohort__in=cohorts).exclude(sent_at=None):
        sent = _at(mailing.cohort.starts_on - dt.timedelta(days=mailing.days_before), 7)
        PreStartMailing.objects.filter(pk=mailing.pk).update(sent_at=sent, scheduled_for=sent)
        JtiRecord.objects.filter(enrolment__cohort=mailing.cohort).update(
            answered_at=sent + dt.timedelta(days=5, hours=12)
        )
    for entry in LogbookEntry.objects.filter(enrolment__cohort__in=cohorts).exclude(shared_at=None):
        LogbookEntry.objects.filter(pk=entry.pk).update(shared_at=_at(entry.written_on, 20))
    for agreement in LearningAgreement.objects.filter(enrolment__cohort__in=cohorts):
        start = agreement.conversation.ends_at if agreement.conversation_id else None
        if agreement.number == 1 and start is not None:
            stamps = {
                f"{role}_approved_at": start + dt.timedelta(days=2 + i)
                for i, role in enumerate(("trainee", "leader", "consultant"))
                if getattr(agreement, f"{role}_approved_at")
            }
            if agreement.locked_at:
                stamps["locked_at"] = max(stamps.values())
            LearningAgreement.objects.filter(pk=agreement.pk).update(**stamps)


def _agreement_superseded(enrolment: Enrolment, consultant: Person) -> None:
    """The second trainee's agreement gets a second version, approved by all three, so the
    first shows as superseded (erstattet) in the history: every agreement state is in the demo."""
    current = LearningAgreement.objects.get(enrolment=enrolment, status=AgreementStatus.APPROVED)
    trainee, leader = enrolment.person, enrolment.person.manager
    draft = agreement_revise(agreement=current, user=leader.user)
    for role, person in (
        (ApprovalRole.TRAINEE, trainee),
        (ApprovalRole.LEADER, leader),
        (ApprovalRole.CONSULTANT, consultant),
    ):
        draft.refresh_from_db()
        draft = agreement_approve(
            agreement=draft,
            role=role,
            person=person,
            user=person.user,
            expected_version=draft.version,
        )


def _enrol(
    cohort: Cohort, people: list[Person], motivation: str, consultant: Person
) -> list[Enrolment]:
    """Nominate each person by their manager and approve them; returns the enrolments."""
    enrolments = []
    for person in people:
        enrolment = enrolment_nominate(
            cohort=cohort,
            person=person,
            nominated_by=person.manager,
            motivation=motivation.format(first=person.first_name, him=_him(person)),
            by=person.manager.user,
        )
        enrolments.append(
            enrolment_approve(enrolment=enrolment, decided_by=consultant, by=consultant.user)
        )
    # the nominations and decisions happened before the cohort started
    Enrolment.objects.filter(pk__in=[e.pk for e in enrolments]).update(
        nominated_at=_at(cohort.starts_on - dt.timedelta(days=45), 9),
        decided_at=_at(cohort.starts_on - dt.timedelta(days=30), 11),
    )
    for enrolment in enrolments:
        enrolment.refresh_from_db()
    return enrolments


def _weekday(day: dt.date) -> dt.date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


def _plan(enrolment: Enrolment, kind: str, day: dt.date, hour: int, place: str, by, **kw):
    day = _weekday(day)
    return conversation_plan(
        enrolment=enrolment,
        kind=kind,
        starts_at=_at(day, hour),
        ends_at=_at(day, hour + 1),
        place=place,
        by=by,
        **kw,
    )


def _hold(
    conversation: Conversation,
    answers: dict[str, str],
    notes: str = "",
    *,
    actions: tuple = (),
    sign: bool = True,
) -> Conversation:
    """Record `answers` (by question id) and `notes`, add `actions` ((text, owner, due_on,
    done)), mark the conversation held and, if `sign`, let every attendee confirm it."""
    organiser = conversation.organiser
    by = organiser.user if organiser else conversation.attendees.first().person.user
    c = record_save(
        conversation=conversation,
        answers=answers,
        notes=notes,
        expected_version=conversation.version,
        by=by,
    )
    for text, owner, due_on, done in actions:
        action = action_add(conversation=c, text=text, owner=owner, due_on=due_on, by=by)
        if done:
            action_complete(action=action, by=owner.user)
    c = conversation_mark_held(conversation=c, by=by)
    if sign:
        for attendee in c.attendees.select_related("person__user"):
            c = conversation_confirm(conversation=c, attendee=attendee, by=attendee.person.user)
    return c


def _clarification_conversations(
    enrolments: list[Enrolment], consultant: Person, host: Person, today: dt.date
) -> None:
    """The showcase participant: the conversation with the leader before the start (signed),
    the JTI feedback (signed), the career conversation with `host` (planned, with the
    participant's points of curiosity) and the closing conversation (planned). Others show a
    held record awaiting confirmation, a conversation not registered as held, a cancellation."""
    first = enrolments[0]
    person = first.person
    start = first.cohort.starts_on
    before = _plan(
        first, "leader_before", start - dt.timedelta(days=12), 14, "Lederens kontor", person.user
    )
    _hold(
        before,
        {
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
        "God samtale. Vi tager udgangspunkt i læringsmålene igen ved den opfølgende samtale.",
        actions=(
            ("Bed om at lede næste teammøde", person, start + dt.timedelta(days=20), True),
            ("Find en vært til karrieresamtalen", person, start + dt.timedelta(days=30), False),
        ),
    )
    # seed 002 §5: the individual feedback is part of the second teaching day
    day_two = first.cohort.sessions.filter(kind="teaching_day").order_by("starts_at")[1]
    jti = _plan(
        first,
        "jti_feedback",
        timezone.localdate(day_two.starts_at),
        13,
        "Rådhuset, lokale 3",
        consultant.user,
    )
    _hold(
        jti,
        {
            "preferences": "Jeg genkender især præferencen for struktur og planlægning.",
            "development": "At give plads til det uforudsete og til andres måde at gøre tingene på.",
            "next": "Jeg vil øve mig i at lede møder uden fast dagsorden.",
        },
    )
    career = _plan(
        first,
        "career",
        today + dt.timedelta(days=5),
        10,
        f"{host.unit.name}, {host.full_name}s kontor",
        person.user,
        attendees=[(person, "participant"), (host, "host")],
    )
    career_save(
        conversation=career,
        confidentiality_addressed=False,
        curiosity_points="Hvordan du har fundet din egen måde at være leder på, og hvad du "
        "gjorde det første år.",
        expected_version=career.version,
        by=person.user,
    )
    _plan(
        first,
        "leader_after",
        first.cohort.ends_on + dt.timedelta(days=7),
        9,
        "Lederens kontor",
        person.user,
    )

    second = enrolments[1]
    held = _plan(
        second, "leader_before", start - dt.timedelta(days=10), 9, "Mødelokalet", second.person.user
    )
    _hold(
        held,
        {
            "drive": "Jeg vil gerne gøre en forskel for flere end mine egne borgere.",
            "course_goals": "At finde ud af, om jeg trives med ansvaret for andre.",
        },
        sign=False,
    )
    third = enrolments[2]
    # planned before the start and never registered as held: the reminder goes out
    _plan(
        third,
        "leader_before",
        start - dt.timedelta(days=8),
        13,
        "Lederens kontor",
        third.person.user,
    )
    cancelled = _plan(
        third,
        "career",
        today + dt.timedelta(days=9),
        13,
        "Rådhuset",
        third.person.user,
        attendees=[(third.person, "participant"), (host, "host")],
    )
    conversation_cancel(conversation=cancelled, by=third.person.user)


def _trainee_conversations(enrolments: list[Enrolment], consultant: Person, today: dt.date) -> None:
    """The showcase trainee: start parts 1 (a joint meeting) and 2 signed, two ongoing meetings,
    the midway conversation held with an action overdue, the next ongoing meeting planned.
    The second trainee: start signed and the transition conversation signed with feedback on
    the programme. The third: part 1 signed, part 2 planned. The fourth lacks the personality
    test feedback, so no start conversation can be planned yet."""
    start = enrolments[0].cohort.starts_on
    first, second, third = enrolments[:3]
    for enrolment in (first, second, third):
        part1 = _plan(
            enrolment,
            "start_part1",
            start + dt.timedelta(days=3),
            9,
            "Rådhuset, mødesal 1",
            consultant.user,
            is_joint_meeting=True,
        )
        _hold(
            part1,
            {
                "introduction": "HR-konsulenten gennemgik faser, byggeklodser og samtaler.",
                "motivation": "Lyst til at tage ansvar for fagligheden i et større team.",
                "strengths": "Styrke: relationer og faglig tyngde. Svaghed: uddelegering.",
                "frame": "Vi holder anden del inden for to uger og tager læringsaftalen med.",
            },
        )
    for enrolment in (first, second):
        part2 = _plan(
            enrolment,
            "start_part2",
            start + dt.timedelta(days=12),
            10,
            "Lederens kontor",
            enrolment.person.user,
        )
        _hold(
            part2,
            {
                "trainee_expects": "Reelle ledelsesopgaver og sparring hver anden uge.",
                "leader_expects": "At traineen tager initiativ og skriver logbog.",
                "commitment": "Faste møder hver anden torsdag; lederen rydder tid til sparring.",
                "planning": "Først følge lederen, så sidemandsoplæring, til sidst et projekt.",
                "agreement": "Kommunikation, tydelighed og personaleledelse i praksis.",
            },
        )
    _plan(
        third, "start_part2", today + dt.timedelta(days=4), 10, "Lederens kontor", third.person.user
    )

    person = first.person
    for weeks in (6, 10):
        meeting = _plan(
            first, "ongoing", start + dt.timedelta(weeks=weeks), 14, "Lederens kontor", person.user
        )
        _hold(
            meeting,
            {
                "learning": "At forberede et personalemøde med en klar beslutning på dagsordenen.",
                "experience": "Det gik bedre, da jeg sendte dagsordenen ud i god tid.",
                "feedback": "Lederen foreslog at afslutte hvert punkt med, hvem der gør hvad.",
                "complexity": "Næste gang leder jeg hele mødet selv.",
            },
        )
    midway = _plan(
        first, "midway", today - dt.timedelta(days=6), 13, "Rådhuset, lokale 2", consultant.user
    )
    _hold(
        midway,
        {
            "goals": "Godt på vej med tydelighed; personaleledelse mangler praksis.",
            "blocks": "Følge lederen og sidemandsoplæring er gennemført.",
            "practice": "Fra at observere til at lede møder selv – passende stigning.",
            "network": "Netværk med to andre trainees fra andre magistratsafdelinger.",
            "adjust": "Vi tilføjer et praktikforløb i en anden afdeling.",
        },
        actions=(
            (
                "Aftal praktik i en anden afdeling",
                first.person.manager,
                today - dt.timedelta(days=1),
                False,
            ),
            ("Skriv logbog efter hvert ledermøde", person, today + dt.timedelta(days=30), False),
        ),
        sign=False,
    )
    _plan(first, "ongoing", today + dt.timedelta(days=10), 14, "Lederens kontor", person.user)

    transition = _plan(
        second,
        "transition",
        today - dt.timedelta(days=3),
        10,
        "Rådhuset, lokale 2",
        consultant.user,
    )
    _hold(
        transition,
        {
            "effect": "Traineen leder nu teammøder og har ansvar for vagtplanen.",
            "learning": "At beslutte og kommunikere beslutningen tydeligt.",
            "results": "Et gennemført projekt om ny mødestruktur i afdelingen.",
            "next_step": "Søger stillingen som afdelingsleder, der slås op i januar.",
            "feedback_trainee": "Byggeklodserne var gode; midtvejssamtalen kunne ligge tidligere.",
            "feedback_leader": "Mere sparring mellem lederne af trainees på tværs ville hjælpe.",
        },
    )
