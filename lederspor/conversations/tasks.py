"""Reminders for conversations and agreed actions (issue #3 §6), run by `lederspor worker`.

CONTRACT: the conversation services call these after saving, inside their transaction. Being
built.
"""

from __future__ import annotations

from lederspor.conversations.models import AgreedAction, Conversation


def conversation_reminders_schedule(conversation: Conversation) -> None:
    """Enqueue the "not held by its date" reminder for `conversation` (call after planning or
    rescheduling)."""


def action_reminder_schedule(action: AgreedAction) -> None:
    """Enqueue the due-date reminder for `action` (call after creating it or moving its date)."""
