"""What the logbook holds about a person, for the privacy floor's registries (issue #15 §2–3;
`privacy.registry`).

Registers in `privacy.registry.personal_data`:

- `logbook.entries` (RecordKind.LOGBOOK; LogbookEntry): the person's own entries on every
  programme (title, text, date, who it is shared with). Erasure deletes them: they are the
  person's own words and no report counts them.

and in `privacy.registry.retention_rules`:

- `logbook.entries`: 1095 days after the enrolment ended, its entries are deleted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.conversations.privacy import CONTENT_REASON, enrolment_ended_before
from lederspor.logbook.models import LogbookEntry
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)


def export(person: Person) -> list[dict[str, Any]]:
    """The person's logbook entries, oldest first."""
    entries = (
        LogbookEntry.objects.filter(enrolment__person=person)
        .select_related("enrolment__cohort", "session", "task_assignment", "conversation")
        .order_by("written_on", "pk")
    )
    return records(
        entries,
        [
            "pk",
            "enrolment.cohort.name",
            "written_on",
            "title",
            "text",
            "visibility",
            "shared_at",
            "session.theme",
            "conversation_id",
            "task_assignment_id",
        ],
    )


def erase(person: Person, apply: bool) -> list[ErasureLine]:
    """Delete the person's entries (apply=False only counts)."""
    entries = LogbookEntry.objects.filter(enrolment__person=person)
    lines = [ErasureLine(_("Logbogsnotater"), entries.count(), Action.DELETE)]
    if apply:
        entries.delete()
    return lines


def expire_entries(cutoff: dt.datetime, apply: bool) -> int:
    """Delete the entries of enrolments that ended before `cutoff`; returns how many."""
    due = LogbookEntry.objects.filter(enrolment_ended_before(cutoff))
    count = due.count()
    if apply and count:
        due.delete()
    return count


def register() -> None:
    """Register the entries above (called once from `LogbookConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="logbook.entries",
            order=50,
            label=_("Logbog"),
            kind=RecordKind.LOGBOOK,
            models=(LogbookEntry,),
            export=export,
            erase=erase,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="logbook.entries",
            order=50,
            label=_("Logbogsnotater"),
            kind=RecordKind.LOGBOOK,
            default_days=1095,
            reason=CONTENT_REASON,
            expire=expire_entries,
        )
    )
