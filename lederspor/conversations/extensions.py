"""This feature's extension points, for the features above it (docs/architecture.md).

- `planning_checks` — rules another programme adds to planning a conversation: each check
  may refuse `conversation_plan` with a ValidationError (e.g. the trainee's prerequisite before
  the start conversations, seed 003).
- `conversation_sections` — what another feature shows beside a conversation's questions on
  its page and on the private preparation page (e.g. the logbook entries shared with the
  nearest leader, seed 002 §7).

Entries name the conversation kinds they apply to (`kinds`, `ConversationKind` values).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest

from lederspor.conversations.models import Conversation
from lederspor.core.registry import Registry
from lederspor.programmes.models import Enrolment


@dataclass(frozen=True)
class PlanningCheck:
    """`check(enrolment)` raises ValidationError (a Danish message) when a conversation of one
    of `kinds` may not be planned for `enrolment` yet; it runs inside `conversation_plan`."""

    key: str
    order: int
    kinds: frozenset[str]
    check: Callable[[Enrolment], None]


planning_checks: Registry[PlanningCheck] = Registry("conversations.planning_checks")


def run_planning_checks(*, enrolment: Enrolment, kind: str) -> None:
    """Run every planning check for conversation `kind`. Raises the first ValidationError."""
    for entry in planning_checks:
        if kind in entry.kinds:
            entry.check(enrolment)


@dataclass(frozen=True)
class ConversationSection:
    """`render(request, conversation)` returns HTML shown beside the questions of a
    conversation of one of `kinds` (on its page and the preparation page), or "" for none.
    It is called only for a viewer who may open the conversation."""

    key: str
    order: int
    kinds: frozenset[str]
    render: Callable[[HttpRequest, Conversation], str]


conversation_sections: Registry[ConversationSection] = Registry(
    "conversations.conversation_sections"
)


def render_conversation_sections(request: HttpRequest, conversation: Conversation) -> list[str]:
    """The rendered sections for `conversation`, in registry order, empty ones left out."""
    return [
        html
        for entry in conversation_sections
        if conversation.kind in entry.kinds and (html := entry.render(request, conversation))
    ]
