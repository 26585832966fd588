"""The read log of the logbook (issue #15 §1): an entry shared with the nearest leader or the
network group, the shared list and the group's entries write one row naming the author when
another person reads them; none for the author, none on a 404."""

import pytest
from django.urls import reverse

from lederspor.logbook.services import entry_share
from lederspor.logbook.tests.factories import write
from lederspor.privacy.models import ReadLogEntry, RecordKind

pytestmark = pytest.mark.django_db


def _read(client, url, status=200):
    ReadLogEntry.objects.all().delete()
    assert client.get(url).status_code == status
    return list(ReadLogEntry.objects.all())


def _shared(enrolment, visibility):
    entry = write(enrolment)
    return entry_share(
        entry=entry,
        visibility=visibility,
        expected_version=entry.version,
        by=enrolment.person.user,
    )


def test_the_leader_reading_a_shared_entry_is_logged(cast, as_, enrolment):
    entry = _shared(enrolment, "leader")
    for url in (
        reverse("logbook:entry_detail", args=[entry.pk]),
        reverse("logbook:shared_with_me", args=[enrolment.pk]),
    ):
        [row] = _read(as_(cast.leader), url)
        assert row.subject_ids == [cast.aspirant.pk]
        assert row.kinds == RecordKind.LOGBOOK
        assert _read(as_(cast.outsider), url, status=404) == []
        assert _read(as_(cast.consultant), url, status=404) == []
    assert _read(as_(cast.aspirant), reverse("logbook:entry_detail", args=[entry.pk])) == []


def test_a_private_entry_is_404_and_not_logged(cast, as_, enrolment):
    entry = write(enrolment)
    url = reverse("logbook:entry_detail", args=[entry.pk])
    assert _read(as_(cast.leader), url, status=404) == []
    assert _read(as_(cast.aspirant), url) == []


def test_the_groups_entries_name_the_authors_shown(cast, as_, lps, groups):
    _cohort, (mine, peer, _other) = lps
    _shared(peer, "network_group")
    _shared(mine, "network_group")
    url = reverse("logbook:group_entries")
    [row] = _read(as_(cast.aspirant), url)
    assert row.subject_ids == [cast.other_aspirant.pk]  # the reader's own entry is dropped
    assert row.kinds == "logbook"
    assert _read(as_(cast.colleague), url) == []  # group 2 sees no shared entries


def test_entries_beside_a_conversation_are_logged_for_the_leader(cast, as_, enrolment):
    from lederspor.conversations.models import AttendeeRole
    from lederspor.logbook.tests.factories import make_conversation

    conversation = make_conversation(
        enrolment,
        [(cast.aspirant, AttendeeRole.PARTICIPANT), (cast.leader, AttendeeRole.LEADER)],
    )
    url = reverse("conversations:detail", args=[conversation.pk])
    [row] = _read(as_(cast.leader), url)
    assert RecordKind.LOGBOOK not in row.kinds.split(",")  # nothing shared yet
    _shared(enrolment, "leader")
    [row] = _read(as_(cast.leader), url)
    assert RecordKind.LOGBOOK in row.kinds.split(",")
    assert row.subject_ids == [cast.aspirant.pk]
    assert _read(as_(cast.aspirant), url) == []
