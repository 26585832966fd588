"""Writes for conversations (issue #3 §1). One transaction and one audit row per change.

CONTRACT used by other apps (clarification: JTI feedback booking; trainee: personality-test
feedback): `conversation_plan` below. Its signature is fixed; the body is being built.
"""

from __future__ import annotations

import datetime as dt

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations.models import Conversation
from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment


def conversation_plan(
    *,
    enrolment: Enrolment,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    place: str = "",
    attendees: list[tuple[Person, str]] | None = None,
    task_assignment: TaskAssignment | None = None,
    is_joint_meeting: bool = False,
) -> Conversation:
    """Plan a conversation of `kind` (a `ConversationKind` value) for `enrolment` from the
    newest version of its template, invite the attendees (e-mail with .ics, via the worker) and
    schedule its reminders. `attendees`: (person, `AttendeeRole` value) pairs; None means the
    template's roles filled from the relations (participant, their manager, the cohort's first
    consultant). Raises ValidationError (Danish message) on bad times or a missing host."""
    raise NotImplementedError
