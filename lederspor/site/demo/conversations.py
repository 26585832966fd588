"""Conversations in the demo stories (Leder på spring and trainee cohorts): a conversation is
put in the calendar, held (the record written and the agreed actions added when it ends),
confirmed by every attendee the day after (signed), and its done actions are ticked off by their
due date. One thread per conversation (`conversation`), through the conversation services.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from lederspor.conversations.models import AgreedAction, Conversation
from lederspor.conversations.services import (
    action_add,
    action_complete,
    conversation_confirm,
    conversation_mark_held,
    conversation_plan,
    record_save,
)
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Enrolment
from lederspor.site.demo.story import Story, Thread, at, made

DAY = dt.timedelta(days=1)


def weekday(day: dt.date) -> dt.date:
    """`day`, or the Monday after it when it falls on a weekend."""
    return day + dt.timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)


@dataclass
class Meeting:
    """One conversation of a participant's story.

    It takes place on `day` (moved off a weekend) from `hour` for an hour; `organiser` puts it
    in the calendar at `planned`. With `answers` it is held (record, `notes` and `actions`:
    (text, owner, due date, done)) and, if `sign`, confirmed by every attendee the day after.
    `then`: further steps on the conversation, (moment, step).
    """

    kind: str
    day: dt.date
    hour: int
    place: str
    organiser: Person
    planned: dt.datetime
    answers: dict[str, str] | None = None
    notes: str = ""
    actions: tuple[tuple[str, Person, dt.date | None, bool], ...] = ()
    sign: bool = True
    attendees: list[tuple[Person, str]] | None = None
    is_joint_meeting: bool = False
    then: list[tuple[dt.datetime, Callable[[Conversation], object]]] = field(default_factory=list)

    @property
    def starts_at(self) -> dt.datetime:
        return at(weekday(self.day), self.hour)

    @property
    def ends_at(self) -> dt.datetime:
        return at(weekday(self.day), self.hour + 1)


def conversation(story: Story, meeting: Meeting, enrolment: Callable[[], Enrolment]) -> Thread:
    """The thread of `meeting` for the enrolment `enrolment()` returns (looked up when the
    conversation is planned, so it may be created earlier in the same story)."""
    ended = meeting.ends_at
    # (moment, step, the action's index for "done" or the further step for "then")
    steps: list[tuple[dt.datetime, str, int | Callable[[Conversation], object] | None]] = [
        (meeting.planned, "plan", None)
    ]
    if meeting.answers is not None:
        steps.append((ended, "hold", None))
        if meeting.sign:
            steps.append((ended + DAY, "sign", None))
        for n, (_text, _owner, due_on, done) in enumerate(meeting.actions):
            if done:  # done on its due date (at the latest today), never before it was agreed
                done_on = max(min(due_on or story.today, story.today), ended.date())
                steps.append((max(at(done_on, 12), ended), "done", n))
    steps += [(moment, "then", step) for moment, step in meeting.then]
    c: Conversation | None = None
    actions: list[AgreedAction] = []
    for moment, step, arg in sorted(steps, key=lambda s: s[0]):
        yield moment
        if step == "plan":
            c = conversation_plan(
                enrolment=enrolment(),
                kind=meeting.kind,
                starts_at=meeting.starts_at,
                ends_at=ended,
                place=meeting.place,
                by=login_of(meeting.organiser),
                attendees=meeting.attendees,
                is_joint_meeting=meeting.is_joint_meeting,
            )
        elif step == "hold":
            c, actions = _hold(made(c, "the conversation"), meeting)
        elif step == "sign":
            signed = made(c, "the conversation")
            for attendee in signed.attendees.select_related("person__user"):
                signed = conversation_confirm(
                    conversation=signed,
                    attendee=attendee,
                    expected_version=signed.version,
                    by=login_of(attendee.person),
                )
            c = signed
        elif step == "done" and isinstance(arg, int):
            action_complete(action=actions[arg], by=login_of(meeting.actions[arg][1]))
        elif step == "then" and callable(arg):
            held = made(c, "the conversation")
            held.refresh_from_db()
            arg(held)


def _hold(c: Conversation, meeting: Meeting) -> tuple[Conversation, list[AgreedAction]]:
    """Record the answers and notes, add the agreed actions and mark the conversation held."""
    by = login_of(meeting.organiser)
    c = record_save(
        conversation=c,
        answers=meeting.answers or {},
        notes=meeting.notes,
        expected_version=c.version,
        by=by,
    )
    actions = [
        action_add(conversation=c, text=text, owner=owner, due_on=due_on, by=by)
        for text, owner, due_on, _done in meeting.actions
    ]
    c.refresh_from_db()  # each agreed action bumped the version
    return conversation_mark_held(conversation=c, expected_version=c.version, by=by), actions
