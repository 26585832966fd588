"""Write audit rows. Every service that changes state calls `audit_record` inside its transaction."""

from typing import Any

from django.db import models

from lederspor.core.models import AuditEvent, User


def audit_record(
    *, actor: User | None, action: str, obj: models.Model, summary: str = "", **data: Any
) -> AuditEvent:
    """Record that `actor` performed `action` (e.g. "enrolment.approve") on `obj`.

    `data` holds JSON-serialisable details (old/new status, reason). Returns the saved row.
    """
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        summary=summary[:300],
        data={k: v for k, v in data.items()},
    )
