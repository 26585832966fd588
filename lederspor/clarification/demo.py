"""Demo data for 'Leder på spring' (seed 002): a running cohort with its five teaching days,
the pre-start mailing sent, JTI answered by most, homework set and partly done, and leader talks
for the first three participants, with peer feedback only once the talks' day (the 5th teaching
day) has come.

Built through the services, as a consultant and the participants would build it. The lead's
demo build calls `build_clarification_demo`; it completes one enrolment and handles the
conversations itself.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lederspor.clarification import services
from lederspor.clarification.mailing import mailing_deliver
from lederspor.clarification.models import PreStartMailing
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Session

#: index of the teaching day the leader talks are delivered on (the 5th, seed 002 §5)
TALK_DAY = 4

#: homework per teaching day (index of the day, title, text, solved in the network group); the
#: talk is prepared as homework from the teaching day before it
DEMO_HOMEWORK = (
    (
        0,
        "Mit ledelsesrum",
        "Beskriv dit ledelsesrum, som du ser det i dag: hvem bestemmer "
        "hvad, og hvor har du selv indflydelse?",
        False,
    ),
    (
        0,
        "Læs artiklerne",
        "Læs artiklerne fra mailen før kursusstart, og noter tre spørgsmål til netværksgruppen.",
        True,
    ),
    (1, "Min biografi", "Gør din personlige biografi færdig fra det biografiske værksted.", False),
    (
        2,
        "Et dilemma fra min hverdag",
        "Tag et dilemma med, som netværksgruppen kan arbejde med på 3. undervisningsdag.",
        True,
    ),
    (
        TALK_DAY - 1,
        "Forbered dit lederindlæg",
        f"Forbered et lederindlæg på 5 minutter til {TALK_DAY + 1}. undervisningsdag.",
        False,
    ),
)

DEMO_TALKS = (
    "Når vi ændrer vagtplanen",
    "Hvorfor vi holder morgenmøde",
    "Vores nye dokumentationspraksis",
)

DEMO_FEEDBACK = (
    {
        "impact_feedback": "Du stod roligt og holdt øjenkontakt med hele rummet.",
        "impact_feedforward": "Slut af med én tydelig pointe, vi kan huske.",
        "delivery_feedback": "Dit eksempel fra hverdagen gjorde det konkret.",
        "delivery_feedforward": "Brug en pause, før du kommer til pointen.",
        "overall_feedback": "Et klart og velforberedt indlæg.",
        "overall_feedforward": "",
    },
    {
        "impact_feedback": "Stemmen bar godt, også bagerst i lokalet.",
        "impact_feedforward": "Tal lidt langsommere i starten.",
        "delivery_feedback": "God rød tråd fra problem til løsning.",
        "delivery_feedforward": "Færre ord på slides – fortæl i stedet.",
        "overall_feedback": "",
        "overall_feedforward": "Inddrag tilhørerne med et spørgsmål.",
    },
)


def _day_dates(cohort: Cohort) -> list[dt.date]:
    """Five dates in the cohort's period, about every third week from the start; two or three
    lie in the past on a running cohort."""
    span = (cohort.ends_on - cohort.starts_on).days
    step = max(1, min(21, span // 5))
    return [_teaching_weekday(cohort.starts_on + dt.timedelta(days=1 + step * i)) for i in range(5)]


def _teaching_weekday(day: dt.date) -> dt.date:
    """`day` moved forward to a Monday–Thursday outside the Christmas holiday (20/12–3/1)."""
    while day.weekday() > 3 or (day.month, day.day) >= (12, 20) or (day.month, day.day) <= (1, 3):
        day += dt.timedelta(days=1)
    return day


def build_clarification_demo(
    *, cohort: Cohort, enrolments: list[Enrolment], consultant: Person, today: dt.date
) -> None:
    """Fill a running Leder på spring `cohort` (enrolled `enrolments`, `consultant` one of its
    consultants; `today` the demo's date): the five teaching days, the mailing (sent), JTI
    answered for all but the last participant, homework with the past days' homework done by
    most, leader talks for the first three on the 5th teaching day, with feedback from two peers
    each only when that day is not after `today` (and not after the real date, which the service
    checks). Idempotent for the
    teaching days and the mailing (kept if present)."""
    by = login_of(consultant)
    days = services.teaching_days(cohort)
    if not days:
        days = services.teaching_days_create(
            cohort=cohort,
            dates=_day_dates(cohort),
            starts=dt.time(9),
            ends=dt.time(15, 30),
            place="Rådhuset, mødesal 2",
            by=by,
        )
    mailing = PreStartMailing.objects.filter(cohort=cohort).first()
    if mailing is None:
        mailing = services.mailing_create(
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
    mailing_deliver(mailing)

    enrolled = [e for e in enrolments if e.status == Enrolment.Status.ENROLLED]
    for enrolment in enrolled[:-1]:
        services.jti_answered_set(enrolment=enrolment, answered=True, by=login_of(enrolment.person))

    now = timezone.now()
    past_days: set[int] = {s.pk for s in days if s.ends_at < now}
    for index, title, text, group in DEMO_HOMEWORK:
        session: Session = days[index]
        homework = services.homework_create(
            session=session, title=title, text=text, is_network_group_task=group, by=by
        )
        if session.pk in past_days:
            for enrolment in enrolled[: max(1, len(enrolled) - 2)]:
                services.homework_mark(
                    homework=homework, enrolment=enrolment, done=True, by=login_of(enrolment.person)
                )

    talk_day = days[TALK_DAY]
    # feedback is given from the talk's day on: none while the day is still ahead
    talk_held = timezone.localdate(talk_day.starts_at) <= min(today, timezone.localdate())
    for n, (enrolment, title) in enumerate(zip(enrolled[:3], DEMO_TALKS, strict=False)):
        talk = services.leader_talk_create(
            enrolment=enrolment, title=title, session=talk_day, by=login_of(enrolment.person)
        )
        if not talk_held:
            continue
        peers = [e for e in enrolled if e.pk != enrolment.pk]
        for k, values in enumerate(DEMO_FEEDBACK):
            if len(peers) <= k:
                break
            author = peers[(n + k) % len(peers)]
            services.talk_feedback_create(
                talk=talk,
                author=author,
                values=values,
                by=login_of(author.person),
            )
