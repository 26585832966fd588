"""Write audit rows. Every service that changes state calls `audit_record` inside its transaction.

An action is a member of an `AuditAction` enum, never a free string: each app lists what its
services record in `<app>/audit.py` (e.g. `programmes.audit.ProgrammeAction.ENROLMENT_APPROVE`,
stored as "enrolment.approve"), so a typo is an import error and every action can be listed.
"""

from enum import StrEnum
from typing import Any

from django.db import models

from lederspor.core.models import AuditEvent, User


class AuditAction(StrEnum):
    """Base of every app's audit actions: `"<entity>.<verb>"` values stored in AuditEvent.action.

    Subclass it in `<app>/audit.py` (an enum with members can not be subclassed further). The
    members compare equal to their strings, so queries and tests may use either.
    """


def audit_record(
    *,
    actor: User | None,
    action: AuditAction,
    obj: models.Model | None,
    summary: str = "",
    address: str | None = None,
    **data: Any,
) -> AuditEvent:
    """Record that `actor` performed `action` (e.g. ProgrammeAction.ENROLMENT_APPROVE) on `obj`.

    `data` holds JSON-serialisable details (old/new status, reason); `summary` is cut to 300
    characters; `address` is the client's IP address (sign-in events). `obj` is None only for
    an event about no stored object (a failed sign-in with an unknown e-mail): the row's
    object type and id are then empty. Returns the saved row.
    Raises TypeError if `action` is a plain string.
    """
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit action must be an AuditAction member, not {action!r}")
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action.value,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:300],
        address=address or None,
        data={k: v for k, v in data.items()},
    )
