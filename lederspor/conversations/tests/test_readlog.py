"""The read log of conversations (issue #15 §1): the page, the record and preparation pages,
the summary PDF, the host letter and Mine samtaler (with its export) write one row naming the
participant when another person opens them; none for the participant's own, none on a 404."""

import pytest
from django.urls import reverse

from lederspor.conversations.services import conversation_mark_held
from lederspor.privacy.models import ReadLogEntry, RecordKind

pytestmark = pytest.mark.django_db


def _read(client, url, status=200):
    ReadLogEntry.objects.all().delete()
    response = client.get(url)
    assert response.status_code == status
    return list(ReadLogEntry.objects.all())


def _held(conversation, cast):
    return conversation_mark_held(
        conversation=conversation, expected_version=conversation.version, by=cast.leader.user
    )


@pytest.mark.parametrize(
    "name", ["conversations:detail", "conversations:prepare", "conversations:summary_pdf"]
)
def test_the_leader_reading_is_logged_the_participant_not(cast, as_, clarification, plan, name):
    _cohort, (enrolment, _other) = clarification
    c = _held(plan(enrolment, "leader_before", past=True), cast)
    url = reverse(name, args=[c.pk])
    [row] = _read(as_(cast.leader), url)
    assert row.subject_ids == [cast.aspirant.pk]
    assert row.kinds == RecordKind.CONVERSATION
    assert row.reader == cast.leader.user
    assert _read(as_(cast.aspirant), url) == []
    assert _read(as_(cast.outsider), url, status=404) == []
    assert _read(as_(cast.other_aspirant), url, status=404) == []


def test_record_page_and_host_letter(cast, as_, clarification, plan):
    _cohort, (enrolment, _other) = clarification
    career = plan(
        enrolment, "career", attendees=[(cast.aspirant, "participant"), (cast.host, "host")]
    )
    [row] = _read(as_(cast.host), reverse("conversations:record", args=[career.pk]))
    assert (row.subject_ids, row.kinds) == ([cast.aspirant.pk], "conversation")
    letter = reverse("conversations:host_letter_pdf", args=[career.pk])
    [row] = _read(as_(cast.host), letter)
    assert (row.subject_ids, row.channel) == ([cast.aspirant.pk], "pdf")
    assert _read(as_(cast.aspirant), letter) == []
    assert _read(as_(cast.leader), letter, status=404) == []


def test_mine_samtaler_names_every_participant_listed_in_one_row(cast, as_, clarification, plan):
    _cohort, (enrolment, other) = clarification
    # the cohort's consultant reads the JTI feedback conversations of both participants
    plan(enrolment, "jti_feedback")
    plan(other, "jti_feedback")
    for url in (reverse("conversations:list"), reverse("conversations:list") + "?format=csv"):
        [row] = _read(as_(cast.consultant), url)
        assert sorted(row.subject_ids) == sorted([cast.aspirant.pk, cast.other_aspirant.pk])
        assert row.subject_count == 2 and row.kinds == "conversation"
    assert _read(as_(cast.aspirant), reverse("conversations:list")) == []
