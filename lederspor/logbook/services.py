"""Writes of the logbook (issue #3 §3; seed 002 §7).

Every function is one transaction with one audit row. Entries are personal reflections, so the
audit rows never hold an entry's title or text: only the entry id (the row's object id), the
enrolment and who may read it.

Delete with undo: `entry_delete` really deletes the row and returns a snapshot; the view keeps
the snapshot in the author's session (server-side, expires with the session) and "Fortryd"
calls `entry_restore`, which brings the entry back with its original id when that is free. The
snapshot is never written to the audit log. We chose this over a soft delete so a deleted
private text does not linger in the table, and so other apps (conversations) never see a
deleted entry through `entries_shared_with_leader` or a related manager.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations.models import Conversation
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.logbook.audit import LogbookAction
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.selectors import (
    WRITABLE_STATUSES,
    conversation_choices,
    session_choices,
    task_choices,
)
from lederspor.programmes.models import Enrolment, Session

#: the columns of an entry a snapshot keeps (besides its id)
SNAPSHOT_COLUMNS = (
    "enrolment_id",
    "title",
    "text",
    "written_on",
    "visibility",
    "shared_at",
    "session_id",
    "task_assignment_id",
    "conversation_id",
)


def _check_links(
    *,
    enrolment: Enrolment,
    session: Session | None,
    task_assignment: TaskAssignment | None,
    conversation: Conversation | None,
) -> None:
    """Raise ValidationError (per field) unless each link is one `enrolment` may use: a session
    of its cohort, one of its practice tasks, a conversation of it that its participant attends.
    """
    errors: dict[str, str] = {}
    if (
        session is not None
        and not session_choices(enrolment=enrolment).filter(pk=session.pk).exists()
    ):
        errors["session"] = _("Vælg en mødegang fra dit eget hold.")
    if (
        task_assignment is not None
        and not task_choices(enrolment=enrolment).filter(pk=task_assignment.pk).exists()
    ):
        errors["task_assignment"] = _("Vælg en af dine egne praksisopgaver.")
    if (
        conversation is not None
        and not conversation_choices(enrolment=enrolment).filter(pk=conversation.pk).exists()
    ):
        errors["conversation"] = _("Vælg en samtale, du selv deltager i.")
    if errors:
        raise ValidationError(errors)


def _shared_at(visibility: str, before: dt.datetime | None, was: str) -> dt.datetime | None:
    """When the entry counts as shared: None while private; now when newly shared or shared
    with someone else; unchanged otherwise."""
    if visibility == Visibility.PRIVATE:
        return None
    if visibility != was or before is None:
        return timezone.now()
    return before


@transaction.atomic
def entry_create(
    *,
    enrolment: Enrolment,
    title: str,
    text: str,
    written_on: dt.date,
    by: User,
    visibility: str = Visibility.PRIVATE,
    session: Session | None = None,
    task_assignment: TaskAssignment | None = None,
    conversation: Conversation | None = None,
) -> LogbookEntry:
    """Write a new entry in `enrolment`'s logbook (private unless `visibility` says otherwise).

    Raises ValidationError for a blank title or text, an enrolment that is rejected or withdrawn,
    or a link the enrolment may not use (field errors "session", "task_assignment",
    "conversation"). Nothing is written then.
    """
    if enrolment.status not in WRITABLE_STATUSES:
        raise ValidationError(
            _("Du kan ikke skrive i logbogen for et afsluttet eller afvist forløb.")
        )
    _check_links(
        enrolment=enrolment,
        session=session,
        task_assignment=task_assignment,
        conversation=conversation,
    )
    entry = LogbookEntry(
        enrolment=enrolment,
        title=title.strip(),
        text=text.strip(),
        written_on=written_on,
        visibility=visibility,
        shared_at=_shared_at(visibility, None, Visibility.PRIVATE),
        session=session,
        task_assignment=task_assignment,
        conversation=conversation,
    )
    entry.full_clean()
    entry.save()
    audit_record(
        actor=by,
        action=LogbookAction.LOGBOOK_ENTRY_CREATE,
        obj=entry,
        summary=_("Logbogsnotat oprettet"),
        enrolment=enrolment.pk,
        visibility=entry.visibility,
    )
    return entry


@transaction.atomic
def entry_update(
    *,
    entry: LogbookEntry,
    title: str,
    text: str,
    written_on: dt.date,
    visibility: str,
    expected_version: int,
    by: User,
    session: Session | None = None,
    task_assignment: TaskAssignment | None = None,
    conversation: Conversation | None = None,
) -> LogbookEntry:
    """Change an entry's title, text, date, sharing and links; bumps `version`. Returns the saved
    entry (a fresh copy of the row).

    `expected_version`: the entry's `version` when the form was loaded. Raises
    ConcurrentEditError (code "stale") when the entry was saved since, ValidationError on bad
    values or links (as `entry_create`); nothing is written then.
    """
    locked = lock_version(entry, expected_version)
    _check_links(
        enrolment=entry.enrolment,
        session=session,
        task_assignment=task_assignment,
        conversation=conversation,
    )
    locked.shared_at = _shared_at(visibility, locked.shared_at, locked.visibility)
    locked.title = title.strip()
    locked.text = text.strip()
    locked.written_on = written_on
    locked.visibility = visibility
    locked.session = session
    locked.task_assignment = task_assignment
    locked.conversation = conversation
    locked.full_clean()
    locked.save()
    audit_record(
        actor=by,
        action=LogbookAction.LOGBOOK_ENTRY_UPDATE,
        obj=locked,
        summary=_("Logbogsnotat ændret"),
        version=locked.version,
        visibility=locked.visibility,
    )
    return locked


@transaction.atomic
def entry_share(
    *, entry: LogbookEntry, visibility: str, expected_version: int, by: User
) -> LogbookEntry:
    """Share `entry` with the nearest leader or the network group, or make it private again
    (`visibility`: a `Visibility` value). Sets `shared_at` (None when private); bumps `version`.
    Returns the saved entry (a fresh copy of the row).

    `expected_version`: the entry's `version` when the page was loaded. Raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError on an unknown
    visibility.
    """
    if visibility not in Visibility.values:
        raise ValidationError(_("Vælg, hvem notatet skal deles med."))
    locked = lock_version(entry, expected_version)
    was = locked.visibility
    locked.shared_at = _shared_at(visibility, locked.shared_at, was)
    locked.visibility = visibility
    locked.save(update_fields=["visibility", "shared_at", "version", "updated_at"])
    audit_record(
        actor=by,
        action=LogbookAction.LOGBOOK_ENTRY_UNSHARE
        if visibility == Visibility.PRIVATE
        else LogbookAction.LOGBOOK_ENTRY_SHARE,
        obj=locked,
        summary=_("Logbogsnotatets deling ændret"),
        old=was,
        new=visibility,
    )
    return locked


def entry_snapshot(entry: LogbookEntry) -> dict[str, Any]:
    """A JSON-serialisable copy of `entry` (dates and times as ISO strings) for undo."""

    def plain(value: Any) -> Any:
        return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value

    return {"pk": entry.pk, **{c: plain(getattr(entry, c)) for c in SNAPSHOT_COLUMNS}}


@transaction.atomic
def entry_delete(*, entry: LogbookEntry, by: User) -> dict[str, Any]:
    """Delete `entry`; returns a snapshot from which `entry_restore` can bring it back (undo).
    The snapshot is not audited (it holds the private text)."""
    snapshot = entry_snapshot(entry)
    audit_record(
        actor=by,
        action=LogbookAction.LOGBOOK_ENTRY_DELETE,
        obj=entry,
        summary=_("Logbogsnotat slettet"),
        enrolment=entry.enrolment_id,
    )
    entry.delete()
    return snapshot


@transaction.atomic
def entry_restore(*, snapshot: dict[str, Any], by: User) -> LogbookEntry:
    """Bring back an entry deleted by `entry_delete`, with its original id when free. Links to
    sessions, tasks or conversations deleted since are dropped.

    Raises ValidationError if its enrolment no longer exists.
    """
    enrolment = Enrolment.objects.filter(pk=snapshot["enrolment_id"]).first()
    if enrolment is None:
        raise ValidationError(_("Notatet kan ikke gendannes, fordi forløbet er slettet."))
    session_id = snapshot["session_id"]
    task_id = snapshot["task_assignment_id"]
    conversation_id = snapshot["conversation_id"]
    pk = snapshot["pk"]
    entry = LogbookEntry.objects.create(
        pk=None if LogbookEntry.objects.filter(pk=pk).exists() else pk,
        enrolment=enrolment,
        title=snapshot["title"],
        text=snapshot["text"],
        written_on=dt.date.fromisoformat(snapshot["written_on"]),
        visibility=snapshot["visibility"],
        shared_at=dt.datetime.fromisoformat(snapshot["shared_at"])
        if snapshot["shared_at"]
        else None,
        session_id=session_id if Session.objects.filter(pk=session_id).exists() else None,
        task_assignment_id=task_id if TaskAssignment.objects.filter(pk=task_id).exists() else None,
        conversation_id=conversation_id
        if Conversation.objects.filter(pk=conversation_id).exists()
        else None,
    )
    audit_record(
        actor=by,
        action=LogbookAction.LOGBOOK_ENTRY_RESTORE,
        obj=entry,
        summary=_("Logbogsnotat gendannet"),
        enrolment=enrolment.pk,
    )
    return entry
