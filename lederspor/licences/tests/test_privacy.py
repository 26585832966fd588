"""Kørekort's share of issue #15: read-log rows on the task page (holders; for managers also
gaps and reviews) and its export, and the `licences.licences` entry of the privacy
registries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.licences import services
from lederspor.licences.models import Licence, PracticeReview
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - dt.timedelta(days=10)


def _entry():
    return next(e for e in personal_data if e.key == "licences.licences")


@pytest.fixture
def task(cast):
    task = services.licence_task_create(
        unit=cast.workplace,
        title="Måltidet er mere end mad",
        description="",
        valid_months=24,
        by=cast.leader.user,
    )
    review = PracticeReview.objects.create(
        task=task,
        person=cast.aspirant,
        level="C",
        reviewer=cast.leader,
        reviewed_on=PAST,
        passed=True,
        note="Sikker i køkkenet",
    )
    Licence.objects.create(
        task=task, person=cast.aspirant, level="C", awarded_on=PAST, review=review
    )
    return task


def url(name, *args):
    return reverse(f"licences:{name}", args=args)


def test_the_manager_reads_holders_gaps_and_reviews(cast, as_, task):
    services.licence_requirement_set(task=task, level="C", by=cast.leader.user)
    assert as_(cast.leader).get(url("licence_task", task.pk)).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    # the aspirant holds the licence; the colleague (same unit) lacks it
    assert cast.aspirant.pk in entry.subject_ids
    assert cast.colleague.pk in entry.subject_ids
    assert entry.kinds == RecordKind.LICENCE.value


@pytest.mark.parametrize("path", ["?eksport=csv", "eksport.xlsx"])
def test_the_export_is_one_row_naming_everyone_exported(cast, as_, task, path):
    base = url("licence_task", task.pk)
    target = base + path if path.startswith("?") else url("licence_export", task.pk)
    assert as_(cast.leader).get(target).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert entry.channel == "export"
    assert cast.aspirant.pk in entry.subject_ids


def test_a_reader_of_the_published_list_reads_the_holders(cast, as_, task):
    services.licence_task_publish(task=task, expected_version=task.version, by=cast.leader.user)
    assert as_(cast.colleague).get(url("licence_task", task.pk)).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert entry.subject_ids == [cast.aspirant.pk]


def test_the_holder_on_the_published_list_alone_is_not_logged(cast, as_, task):
    services.licence_task_publish(task=task, expected_version=task.version, by=cast.leader.user)
    assert as_(cast.aspirant).get(url("licence_task", task.pk)).status_code == 200
    assert not ReadLogEntry.objects.exists()
    assert as_(cast.aspirant).get(url("my_licences")).status_code == 200
    assert not ReadLogEntry.objects.exists()


def test_an_unpublished_task_is_404_and_unlogged(cast, as_, task):
    assert as_(cast.outsider).get(url("licence_task", task.pk)).status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_export_has_the_persons_licences_and_reviews_not_others(cast, task):
    rows = _entry().export(cast.aspirant)
    assert {r["record"] for r in rows} == {"licence", "practice_review"}
    assert "Sikker i køkkenet" in str(rows)
    leader_rows = _entry().export(cast.leader)
    assert [r["record"] for r in leader_rows] == ["practice_review_held"]
    assert "Sikker i køkkenet" not in str(leader_rows)
    assert cast.aspirant.full_name not in str(leader_rows)


def test_erase_keeps_the_licence_and_the_result_and_deletes_the_note(cast, task):
    lines = _entry().erase(cast.aspirant, False)
    assert [(line.count, line.action) for line in lines] == [
        (1, Action.ANONYMISE),
        (1, Action.ANONYMISE),
        (0, Action.ANONYMISE),
    ]
    assert PracticeReview.objects.get(person=cast.aspirant).note == "Sikker i køkkenet"
    _entry().erase(cast.aspirant, True)
    review = PracticeReview.objects.get(person=cast.aspirant)
    assert (review.note, review.passed, review.attempt) == ("", True, 1)
    # reports count licences awarded
    assert Licence.objects.filter(task=task, awarded_on__year=PAST.year).count() == 1
