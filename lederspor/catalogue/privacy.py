"""What the practice-task catalogue holds about a person, for the privacy registries (issue
#15 §2–§3).

Registers in `privacy.registry.personal_data`:

- `catalogue.tasks` (TASK): the tasks agreed on the person's enrolments (with the notes on
  them: what the person and others wrote about their task), the notes the person wrote on
  other persons' tasks, and the tasks they host or proposed for others (title and dates only,
  never the other participant's texts). Erasure anonymises the person's tasks (status and
  dates stay for the progress matrix and reports; texts blanked), deletes the notes about
  them and the notes they wrote, and removes them as host.

and in `privacy.registry.retention_rules`:

- `catalogue.task_notes`: notes and the follow-up's observations and learning points 1095
  days after the enrolment ended.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lederspor.catalogue.models import TaskAssignment, TaskNote, TaskStep
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
from lederspor.programmes.privacy import ERASED_TEXT, THREE_YEARS_REASON, ended_before

#: the texts of an agreed task that are the participant's (or written about them)
TASK_TEXTS = ("scope", "resources", "learning_goal", "host_note", "observations", "learning_points")


def export_tasks(person: Person) -> list[dict[str, Any]]:
    """The person's tasks with their notes, their own notes on others' tasks, and the tasks
    they host or proposed for others (no other participant's texts)."""
    tasks = list(
        TaskAssignment.objects.filter(enrolment__person=person)
        .select_related("enrolment__cohort", "host", "proposed_by", "agreed_by", "session")
        .order_by("pk")
    )
    result = [
        {"record": "task", **item}
        for item in records(
            tasks,
            [
                "enrolment.cohort.name",
                "title",
                "scope",
                "resources",
                "learning_goal",
                "host.full_name",
                "host_note",
                "starts_on",
                "due_on",
                "status",
                "proposed_by.full_name",
                "proposed_at",
                "agreed_by.full_name",
                "agreed_at",
                "host_confirmed_at",
                "session.theme",
                "done_at",
                "followup_held_on",
                "observations",
                "learning_points",
                "followed_up_at",
            ],
        )
    ]
    notes = (
        TaskNote.objects.filter(assignment__enrolment__person=person)
        .select_related("assignment", "author")
        .order_by("created_at", "pk")
    )
    result += [
        {"record": "note_on_own_task", **item}
        for item in records(notes, ["assignment.title", "author.full_name", "created_at", "text"])
    ]
    written = (
        TaskNote.objects.filter(author=person)
        .exclude(assignment__enrolment__person=person)
        .order_by("created_at", "pk")
    )
    result += [
        {"record": "note_written_on_others_task", **item}
        for item in records(written, ["created_at", "text"])
    ]
    others = (
        TaskAssignment.objects.filter(Q(host=person) | Q(proposed_by=person))
        .exclude(enrolment__person=person)
        .order_by("pk")
    )
    result += [
        {
            "record": "task_hosted_or_proposed_for_others",
            "title": t.title,
            "host": t.host_id == person.pk,
            "proposed": t.proposed_by_id == person.pk,
            "starts_on": t.starts_on.isoformat() if t.starts_on else None,
            "due_on": t.due_on.isoformat() if t.due_on else None,
        }
        for t in others
    ]
    return result


def erase_tasks(person: Person, apply: bool) -> list[ErasureLine]:
    """Anonymise the person's tasks, delete the notes about them and by them, remove them as
    host; tasks they proposed for others keep the link to the (anonymised) person row."""
    own = TaskAssignment.objects.filter(enrolment__person=person)
    notes_about = TaskNote.objects.filter(assignment__enrolment__person=person)
    notes_by = TaskNote.objects.filter(author=person).exclude(assignment__enrolment__person=person)
    hosted = TaskAssignment.objects.filter(host=person).exclude(enrolment__person=person)
    proposed = TaskAssignment.objects.filter(proposed_by=person).exclude(enrolment__person=person)
    lines = [
        ErasureLine(
            _("Praksisopgaver (status og datoer bevares til statistik; tekster slettes)"),
            own.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(_("Noter om personens praksisopgaver"), notes_about.count(), Action.DELETE),
        ErasureLine(_("Noter skrevet på andres praksisopgaver"), notes_by.count(), Action.DELETE),
        ErasureLine(
            _("Praksisopgaver, personen er vært for (navnet fjernes)"),
            hosted.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Praksisopgaver, personen har foreslået for andre (navnet anonymiseres)"),
            proposed.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        notes_about.delete()
        notes_by.delete()
        hosted.update(host=None)
        for task in own.select_related("catalogue_task"):
            for name in TASK_TEXTS:
                setattr(task, name, "")
            task.title = task.catalogue_task.title if task.catalogue_task else ERASED_TEXT
            task.host = None
            task.save(update_fields=[*TASK_TEXTS, "title", "host", "updated_at"])
    return lines


def expire_task_notes(cutoff: dt.datetime, apply: bool) -> int:
    """Delete the notes on, and blank the follow-up texts of, tasks whose enrolment ended
    before `cutoff`; returns notes deleted plus tasks blanked. Idempotent."""
    ended = ended_before(cutoff, "assignment__enrolment__")
    notes = TaskNote.objects.filter(ended)
    tasks = TaskAssignment.objects.filter(ended_before(cutoff, "enrolment__")).filter(
        ~Q(observations="") | ~Q(learning_points="")
    )
    count = notes.count() + tasks.count()
    if apply and count:
        notes.delete()
        tasks.update(observations="", learning_points="")
    return count


def register() -> None:
    """Register the catalogue's entries (called once from `CatalogueConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="catalogue.tasks",
            order=30,
            label=_("Praksisopgaver"),
            kind=RecordKind.TASK,
            # TaskStep: the catalogue's step texts and who checked them off (kept, like
            # `proposed_by` and `agreed_by`, pointing at the anonymised person row)
            models=(TaskAssignment, TaskNote, TaskStep),
            export=export_tasks,
            erase=erase_tasks,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="catalogue.task_notes",
            order=30,
            label=_("Noter og opfølgning på praksisopgaver"),
            kind=RecordKind.TASK,
            default_days=1095,
            reason=THREE_YEARS_REASON,
            expire=expire_task_notes,
        )
    )
