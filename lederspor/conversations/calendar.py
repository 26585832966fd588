"""Calendar invitations for conversations (issue #3 §6): METHOD:REQUEST with a stable UID and
SEQUENCE bumped on change, METHOD:CANCEL on cancellation.

CONTRACT: the conversation services call `conversation_invite` after planning, rescheduling or
cancelling, inside their transaction. Being built.
"""

from __future__ import annotations

from lederspor.conversations.models import Conversation


def conversation_invite(conversation: Conversation, *, method: str = "REQUEST") -> None:
    """Queue an e-mail with the .ics for `conversation` to every attendee (REQUEST or CANCEL,
    with `conversation.ics_sequence` as SEQUENCE). Call after saving the conversation."""
