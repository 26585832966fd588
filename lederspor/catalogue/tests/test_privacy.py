"""The catalogue's share of issue #15: read-log rows on the task pages, the cohort's task
list and its export, and the `catalogue.tasks` entry of the privacy registries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.catalogue import services
from lederspor.catalogue.content import load_catalogue
from lederspor.catalogue.models import TaskAssignment, TaskNote
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data, retention_rules
from lederspor.programmes.models import Enrolment

pytestmark = pytest.mark.django_db

ENTRY = "catalogue.tasks"


def _entry():
    return next(e for e in personal_data if e.key == ENTRY)


def _rule():
    return next(r for r in retention_rules if r.key == "catalogue.task_notes")


@pytest.fixture
def tasks(cast):
    return load_catalogue()


def _propose(cast, tasks, *, enrolment=None, by=None, host=None, number=1):
    by = by or cast.leader
    return services.task_assignment_propose(
        enrolment=enrolment or cast.enrolment,
        proposed_by=by,
        by=by.user,
        catalogue_task=tasks[number - 1],
        learning_goal="Øve sig i at føre en jobsamtale",
        host=host,
    )


@pytest.fixture
def assignment(cast, tasks):
    task = _propose(cast, tasks, host=cast.host)
    services.task_note_add(
        assignment=task, author=cast.leader, text="Godt begyndt", by=cast.leader.user
    )
    return task


@pytest.fixture
def other_assignment(cast, tasks):
    task = _propose(cast, tasks, enrolment=cast.other_enrolment, by=cast.other_leader, number=2)
    services.task_note_add(
        assignment=task,
        author=cast.other_aspirant,
        text="Bos egen note",
        by=cast.other_aspirant.user,
    )
    return task


# --- read log --------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", ["leader", "host", "consultant", "chef"])
def test_a_task_page_is_logged_as_the_participants_task(cast, as_, assignment, reader):
    url = reverse("catalogue:assignment_detail", args=[assignment.pk])
    assert as_(getattr(cast, reader)).get(url).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert (entry.subject_ids, entry.kinds) == ([cast.aspirant.pk], RecordKind.TASK.value)


def test_the_participants_own_task_is_not_logged(cast, as_, assignment):
    url = reverse("catalogue:assignment_detail", args=[assignment.pk])
    assert as_(cast.aspirant).get(url).status_code == 200
    assert not ReadLogEntry.objects.exists()


def test_a_task_page_404_is_not_logged(cast, as_, assignment):
    url = reverse("catalogue:assignment_detail", args=[assignment.pk])
    assert as_(cast.outsider).get(url).status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_the_programme_page_notes_the_tasks_section(cast, as_, assignment):
    url = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    assert as_(cast.leader).get(url).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert entry.subject_ids == [cast.aspirant.pk]
    assert set(entry.kinds.split(",")) == {RecordKind.ENROLMENT.value, RecordKind.TASK.value}


@pytest.mark.parametrize("export", ["", "?eksport=csv"])
def test_the_cohort_task_list_names_every_participant_listed(
    cast, as_, assignment, other_assignment, export
):
    url = reverse("catalogue:cohort_tasks", args=[cast.cohort.pk]) + export
    assert as_(cast.consultant).get(url).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert sorted(entry.subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])
    assert entry.kinds == RecordKind.TASK.value
    assert entry.channel == ("export" if export else "page")


def test_the_cohort_task_list_404_is_not_logged(cast, as_, assignment):
    url = reverse("catalogue:cohort_tasks", args=[cast.cohort.pk])
    assert as_(cast.outsider).get(url).status_code == 404
    assert not ReadLogEntry.objects.exists()


# --- export ----------------------------------------------------------------------------------


def test_export_has_the_persons_tasks_and_notes_not_anothers(cast, assignment, other_assignment):
    rows = _entry().export(cast.aspirant)
    assert [r["learning_goal"] for r in rows if r["record"] == "task"] == [
        "Øve sig i at føre en jobsamtale"
    ]
    assert [r["text"] for r in rows if r["record"] == "note_on_own_task"] == ["Godt begyndt"]
    assert "Bos egen note" not in str(rows)


def test_export_of_a_host_has_the_task_but_not_the_participants_texts(cast, assignment):
    rows = _entry().export(cast.host)
    (hosted,) = [r for r in rows if r["record"] == "task_hosted_or_proposed_for_others"]
    assert hosted["host"] is True
    assert "jobsamtale" not in str(rows)
    assert cast.aspirant.full_name not in str(rows)


# --- erasure ---------------------------------------------------------------------------------


def test_erase_preview_writes_nothing(cast, assignment, other_assignment):
    lines = _entry().erase(cast.aspirant, False)
    by_action = {(line.action, line.count) for line in lines}
    assert (Action.ANONYMISE, 1) in by_action and (Action.DELETE, 1) in by_action
    assert TaskNote.objects.count() == 2
    assert TaskAssignment.objects.get(pk=assignment.pk).learning_goal != ""


def test_erase_keeps_status_and_dates_blanks_texts_deletes_notes(
    cast, assignment, other_assignment
):
    TaskAssignment.objects.filter(pk=assignment.pk).update(
        status=TaskAssignment.Status.DONE, observations="Observeret", due_on=dt.date(2026, 6, 1)
    )
    _entry().erase(cast.aspirant, True)
    task = TaskAssignment.objects.get(pk=assignment.pk)
    assert (task.status, task.due_on) == (TaskAssignment.Status.DONE, dt.date(2026, 6, 1))
    assert (task.learning_goal, task.observations, task.host) == ("", "", None)
    assert task.title == assignment.catalogue_task.title
    assert not TaskNote.objects.filter(assignment=assignment).exists()
    # the other participant's task and note are untouched
    assert TaskNote.objects.filter(assignment=other_assignment).count() == 1
    # the progress matrix still counts the task per status
    assert TaskAssignment.objects.filter(
        enrolment=cast.enrolment, status=TaskAssignment.Status.DONE
    ).exists()


def test_erase_of_a_host_and_an_author(cast, assignment, other_assignment):
    services.task_note_add(
        assignment=other_assignment, author=cast.host, text="Værtens note", by=cast.host.user
    )
    _entry().erase(cast.host, True)
    assert TaskAssignment.objects.get(pk=assignment.pk).host is None
    assert not TaskNote.objects.filter(text="Værtens note").exists()
    assert TaskNote.objects.filter(text="Bos egen note").exists()


# --- retention -------------------------------------------------------------------------------


def test_notes_expire_three_years_after_the_enrolment_ended(cast, assignment, other_assignment):
    rule = _rule()
    cutoff = timezone.now() - dt.timedelta(days=rule.days)
    assert rule.expire(cutoff, True) == 0  # both enrolments are running
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        status=Enrolment.Status.COMPLETED, completed_at=timezone.now() - dt.timedelta(days=1100)
    )
    assert rule.expire(cutoff, False) == 1
    assert TaskNote.objects.count() == 2
    assert rule.expire(cutoff, True) == 1
    assert list(TaskNote.objects.values_list("text", flat=True)) == ["Bos egen note"]
    assert rule.expire(cutoff, True) == 0
