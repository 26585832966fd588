"""Leder på spring's share of issue #15: read-log rows on the cohort page, the talks and the
certificate PDF, and the `clarification.*` entries of the privacy registries."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from lederspor.clarification import services
from lederspor.clarification.models import JtiRecord, LeaderTalk, LeaderTalkFeedback
from lederspor.clarification.tests.test_talks import BO_SAYS, CARL_SAYS, give
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data, retention_rules
from lederspor.programmes.models import Enrolment
from lederspor.programmes.services import enrolment_complete

pytestmark = pytest.mark.django_db


@pytest.fixture
def carl(cast, cohort):
    """A third participant (the colleague) on the same cohort."""
    return Enrolment.objects.create(
        cohort=cohort, person=cast.colleague, status=Enrolment.Status.ENROLLED
    )


@pytest.fixture
def talk(cast, anna, days):
    """Anna's talk on the 5th teaching day, the clock on that day's afternoon."""
    talk = services.leader_talk_create(
        enrolment=anna, title="Når vi ændrer vagtplanen", session=days[4], by=cast.admin
    )
    with time_machine.travel(days[4].starts_at + dt.timedelta(hours=7), tick=False):
        yield talk


@pytest.fixture
def feedback(cast, talk, bo, carl):
    return give(cast, talk, bo, BO_SAYS), give(cast, talk, carl, CARL_SAYS)


def _entry(key):
    return next(e for e in personal_data if e.key == key)


def _rows():
    return list(ReadLogEntry.objects.all())


# --- read log --------------------------------------------------------------------------------


def test_the_cohort_page_names_every_participant(cast, as_, cohort, anna, bo):
    assert (
        as_(cast.consultant).get(reverse("clarification:cohort", args=[cohort.pk])).status_code
        == 200
    )
    (entry,) = _rows()
    assert sorted(entry.subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])
    assert entry.kinds == RecordKind.ENROLMENT.value


def test_the_cohort_page_404_is_not_logged(cast, as_, cohort):
    assert (
        as_(cast.outsider).get(reverse("clarification:cohort", args=[cohort.pk])).status_code == 404
    )
    assert not _rows()


def test_the_certificate_pdf_is_logged_for_the_leader_not_for_the_participant(
    cast, as_, anna, days
):
    enrolment_complete(enrolment=anna, by=cast.admin)
    url = reverse("clarification:certificate", args=[anna.pk])
    assert as_(cast.aspirant).get(url).status_code == 200
    assert not _rows()
    assert as_(cast.leader).get(url).status_code == 200
    (entry,) = _rows()
    assert (entry.subject_ids, entry.channel) == ([cast.aspirant.pk], "pdf")
    assert as_(cast.outsider).get(url).status_code == 404
    assert len(_rows()) == 1


def test_a_talk_names_the_speaker_and_the_feedback_shown(cast, as_, talk, feedback):
    url = reverse("clarification:talk_detail", args=[talk.pk])
    assert as_(cast.consultant).get(url).status_code == 200
    (entry,) = _rows()
    assert sorted(entry.subject_ids) == sorted(
        [cast.aspirant.pk, cast.other_aspirant.pk, cast.colleague.pk]
    )
    ReadLogEntry.objects.all().delete()
    # a peer sees the talk and only their own feedback: the speaker is the one other person
    assert as_(cast.other_aspirant).get(url).status_code == 200
    (entry,) = _rows()
    assert entry.subject_ids == [cast.aspirant.pk]


def test_the_talk_list_names_the_speakers(cast, as_, cohort, talk):
    url = reverse("clarification:talk_list", args=[cohort.pk])
    assert as_(cast.aspirant).get(url).status_code == 200
    assert not _rows()  # only the viewer's own talk
    assert as_(cast.other_aspirant).get(url).status_code == 200
    (entry,) = _rows()
    assert entry.subject_ids == [cast.aspirant.pk]


# --- export, documents, erasure -----------------------------------------------------------------


def test_talk_export_has_what_the_person_said_and_heard_not_others_words(
    cast, talk, feedback, anna, bo
):
    anna_rows = _entry("clarification.talks").export(cast.aspirant)
    assert [r["title"] for r in anna_rows if r["record"] == "leader_talk"] == [talk.title]
    received = {r["impact_feedback"] for r in anna_rows if r["record"] == "feedback_received"}
    assert received == {BO_SAYS, CARL_SAYS}
    bo_rows = _entry("clarification.talks").export(cast.other_aspirant)
    assert [r["impact_feedback"] for r in bo_rows if r["record"] == "feedback_given"] == [BO_SAYS]
    assert CARL_SAYS not in str(bo_rows)
    assert talk.title not in str(bo_rows)


def test_talk_erasure_preview_writes_nothing_and_apply_deletes(cast, talk, feedback):
    lines = _entry("clarification.talks").erase(cast.aspirant, False)
    assert [(line.count, line.action) for line in lines] == [
        (1, Action.DELETE),
        (2, Action.DELETE),
        (0, Action.DELETE),
    ]
    assert LeaderTalkFeedback.objects.count() == 2
    _entry("clarification.talks").erase(cast.other_aspirant, True)
    assert list(LeaderTalkFeedback.objects.values_list("impact_feedback", flat=True)) == [CARL_SAYS]
    _entry("clarification.talks").erase(cast.aspirant, True)
    assert not LeaderTalk.objects.exists() and not LeaderTalkFeedback.objects.exists()


def test_steps_export_and_anonymising_keep_the_rows(cast, anna, bo):
    services.jti_answered_set(enrolment=anna, answered=True, by=cast.aspirant.user)
    rows = _entry("clarification.steps").export(cast.aspirant)
    assert [r["record"] for r in rows] == ["jti_answered"]
    assert _entry("clarification.steps").export(cast.other_aspirant) == []
    (line,) = _entry("clarification.steps").erase(cast.aspirant, True)
    assert (line.count, line.action) == (1, Action.ANONYMISE)
    assert JtiRecord.objects.filter(enrolment=anna).exists()


def test_the_certificate_is_a_document_of_a_completed_enrolment_only(cast, anna, days):
    documents = _entry("clarification.steps").documents
    assert documents(cast.aspirant) == []
    enrolment_complete(enrolment=anna, by=cast.admin)
    (document,) = documents(cast.aspirant)
    assert document.filename.startswith("kursusbevis-anna-aspirant")
    assert document.content.startswith(b"%PDF")
    assert documents(cast.other_aspirant) == []


# --- retention -------------------------------------------------------------------------------


def test_talk_feedback_expires_three_years_after_the_speakers_enrolment(cast, talk, feedback):
    rule = next(r for r in retention_rules if r.key == "clarification.talk_feedback")
    cutoff = timezone.now() - dt.timedelta(days=rule.days)
    assert rule.expire(cutoff, True) == 0
    Enrolment.objects.filter(pk=talk.enrolment_id).update(
        status=Enrolment.Status.COMPLETED, completed_at=cutoff - dt.timedelta(days=1)
    )
    assert rule.expire(cutoff, False) == 2
    assert LeaderTalkFeedback.objects.count() == 2
    assert rule.expire(cutoff, True) == 2
    assert rule.expire(cutoff, True) == 0
    assert LeaderTalk.objects.filter(pk=talk.pk).exists()
