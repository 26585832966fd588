"""The visual overview of 'Leder på spring' that the participant guide promises (seed 002 §1: "I
guiden vil du herunder finde en visuel oversigt over uddannelsens elementer: de enkelte
undervisningsdage og de læringsunderstøttende tiltag, hjemmeopgaver, JTI, samtalerne med din
nærmeste leder og møderne i netværksgruppen."): one participant's course as a dated list of
steps, each done, next or ahead, shown on their programme page.

A conversation is dated and linked only for a viewer who may open it
(`conversations.access.visible_q`); for anyone else it stands at its place in the course
without a date or a state.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification.mailing import send_time
from lederspor.clarification.selectors import HomeworkRow, Steps
from lederspor.conversations.access import visible_q
from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.people.models import Person
from lederspor.programmes.models import Attendance, Enrolment, Session

#: seed 002 §5: teaching days 3 and 4 open with work in the network group ("Dagen indledes med
#: netværksgruppe arbejde …", "Dagen indledes med netværksgruppearbejde …")
NETWORK_GROUP_DAYS = (3, 4)
#: seed 002 §5: the individual JTI feedback is part of teaching day 2 ("Dig som leder")
JTI_DAY = 2
#: seed 002 §5: each participant delivers a leader talk on teaching day 5
TALK_DAY = 5
#: the conversations of the course, in the order the guide tells them (§2, §4, §7)
CONVERSATION_KINDS = (
    ConversationKind.LEADER_BEFORE,
    ConversationKind.CAREER,
    ConversationKind.LEADER_AFTER,
)


class Kind(StrEnum):
    """What a step of the timeline is."""

    MAILING = "mailing"
    JTI = "jti"
    TEACHING_DAY = "teaching_day"
    NETWORK_MEETING = "network_meeting"
    CERTIFICATE = "certificate"
    LEADER_BEFORE = ConversationKind.LEADER_BEFORE.value
    CAREER = ConversationKind.CAREER.value
    LEADER_AFTER = ConversationKind.LEADER_AFTER.value


class State(StrEnum):
    """A step's state: done, the next one to come, ahead, or unknown to this viewer."""

    DONE = "done"
    NEXT = "next"
    AHEAD = "ahead"
    UNKNOWN = "unknown"


@dataclass
class TimelineStep:
    """One step: `on` its local date (None when the viewer may not know it), `sort_on` the date
    it is ordered by, `number` the teaching day's number 1–5, `theme`, `url` of the
    conversation (only for a viewer who may open it), `attendance` (an `Attendance.Status`
    value or "" when not registered or not shown), and for a teaching day its `homework`, the
    network group's name (days 3–4), the JTI feedback's time (day 2) and the leader talk's
    title (day 5)."""

    kind: Kind
    sort_on: dt.date
    on: dt.date | None = None
    state: State = State.AHEAD
    number: int = 0
    theme: str = ""
    url: str = ""
    attendance: str = ""
    homework: list[HomeworkRow] = field(default_factory=list)
    group_name: str = ""
    jti_at: dt.datetime | None = None
    talk_title: str = ""


def _done(step: TimelineStep, done: bool) -> TimelineStep:
    step.state = State.DONE if done else State.AHEAD
    return step


def _conversations(
    enrolment: Enrolment, viewer: Person | None
) -> dict[str, tuple[Conversation, bool]]:
    """The newest not cancelled conversation per kind of `CONVERSATION_KINDS`, with whether the
    viewer may open it. One query."""
    visible = (
        Exists(Conversation.objects.filter(visible_q(viewer), pk=OuterRef("pk")))
        if viewer is not None
        else None
    )
    rows = Conversation.objects.filter(enrolment=enrolment, kind__in=CONVERSATION_KINDS).exclude(
        status=ConversationStatus.CANCELLED
    )
    if visible is not None:
        rows = rows.annotate(visible=visible)
    found: dict[str, tuple[Conversation, bool]] = {}
    for c in rows.order_by("starts_at", "pk"):
        found[c.kind] = (c, bool(getattr(c, "visible", False)))
    return found


def enrolment_timeline(
    *,
    enrolment: Enrolment,
    viewer: Person | None,
    steps: Steps,
    sessions: list[Session],
    show_attendance: bool,
) -> list[TimelineStep]:
    """The participant's course in date order (see the module docstring).

    `steps`: `selectors.enrolment_steps` for the same viewer (mail, JTI, homework, talk,
    network group); `sessions`: the cohort's sessions by start time (`EnrolmentPage.sessions`);
    `show_attendance`: the viewer may see the participant's registered attendance. A step
    without a date of its own is placed where the guide puts it (the conversation before the
    course just before the start, the career conversation before teaching day 4, the closing
    conversation after the end). The first step not done that the viewer knows of is NEXT.
    Two queries (conversations, attendance)."""
    cohort = enrolment.cohort
    # the enrolment annotated by `selectors.annotated_enrolments` (mail, JTI, talk, group)
    state: Any = steps.state
    days = [s for s in sessions if s.kind == Session.Kind.TEACHING_DAY]
    day_on = [timezone.localdate(s.starts_at) for s in days]
    attendance = (
        dict(
            Attendance.objects.filter(enrolment=enrolment, session__in=days).values_list(
                "session_id", "status"
            )
        )
        if show_attendance and days
        else {}
    )
    result: list[TimelineStep] = []

    mail_on = (
        timezone.localdate(send_time(steps.mailing))
        if steps.mailing
        else cohort.starts_on - dt.timedelta(days=14)
    )
    result.append(
        _done(TimelineStep(Kind.MAILING, sort_on=mail_on, on=mail_on), bool(state.mail_received))
    )
    jti_on = timezone.localdate(state.jti_answered_at) if state.jti_answered_at else None
    result.append(
        _done(
            TimelineStep(
                Kind.JTI, sort_on=jti_on or cohort.starts_on - dt.timedelta(days=1), on=jti_on
            ),
            bool(state.jti_answered_at),
        )
    )

    homework_by_day: dict[int, list[HomeworkRow]] = {}
    for row in steps.homework:
        homework_by_day.setdefault(row.homework.session_id, []).append(row)
    for number, (day, on) in enumerate(zip(days, day_on, strict=True), start=1):
        step = TimelineStep(
            Kind.TEACHING_DAY,
            sort_on=on,
            on=on,
            number=number,
            theme=day.theme,
            attendance=attendance.get(day.pk, ""),
            homework=homework_by_day.get(day.pk, []),
        )
        if number in NETWORK_GROUP_DAYS:
            step.group_name = state.group_name or ""
        if number == JTI_DAY and state.jti_conversation_id and state.jti_conversation_visible:
            step.jti_at = state.jti_conversation_at
        if number == TALK_DAY:
            step.talk_title = state.talk_title or ""
        result.append(_done(step, day.ends_at <= timezone.now()))
    for meeting in (s for s in sessions if s.kind == Session.Kind.NETWORK_MEETING):
        on = timezone.localdate(meeting.starts_at)
        step = TimelineStep(Kind.NETWORK_MEETING, sort_on=on, on=on, theme=meeting.theme)
        result.append(_done(step, meeting.ends_at <= timezone.now()))

    fallback = {
        ConversationKind.LEADER_BEFORE: cohort.starts_on - dt.timedelta(days=1),
        ConversationKind.CAREER: (
            day_on[3] - dt.timedelta(days=1) if len(day_on) > 3 else cohort.starts_on
        ),
        ConversationKind.LEADER_AFTER: cohort.ends_on + dt.timedelta(days=1),
    }
    found = _conversations(enrolment, viewer)
    for kind in CONVERSATION_KINDS:
        c, visible = found.get(kind, (None, False))
        step = TimelineStep(Kind(kind.value), sort_on=fallback[kind])
        if c is not None and visible:
            step.on = step.sort_on = timezone.localdate(c.starts_at)
            step.url = reverse("conversations:detail", args=[c.pk])
            _done(step, c.status in (ConversationStatus.HELD, ConversationStatus.SIGNED))
        elif c is None and _would_attend(viewer, enrolment, kind):
            step.state = State.AHEAD  # not planned yet: the participant takes the initiative (§2)
        else:
            step.state = State.UNKNOWN  # planned or not: not this viewer's to know
        result.append(step)

    result.append(
        _done(
            TimelineStep(Kind.CERTIFICATE, sort_on=cohort.ends_on, on=cohort.ends_on),
            enrolment.status == Enrolment.Status.COMPLETED,
        )
    )
    result.sort(key=lambda s: s.sort_on)
    for step in result:
        if step.state == State.AHEAD:
            step.state = State.NEXT
            break
    return result


def _would_attend(viewer: Person | None, enrolment: Enrolment, kind: str) -> bool:
    """True when `viewer` is one the conversation of `kind` would be held with: the
    participant, or their nearest leader for the conversations with the leader."""
    if viewer is None:
        return False
    if viewer.pk == enrolment.person_id:
        return True
    return kind != ConversationKind.CAREER and viewer.pk == enrolment.person.manager_id
