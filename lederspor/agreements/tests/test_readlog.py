"""The read log of learning agreements (issue #15 §1): the agreement page, the editor and the
PDF write one row naming the trainee when the leader or a consultant opens them; none for the
trainee's own, none on a 404."""

import pytest
from django.urls import reverse

from lederspor.privacy.models import ReadLogEntry, RecordKind

pytestmark = pytest.mark.django_db


def _read(client, url, status=200):
    ReadLogEntry.objects.all().delete()
    assert client.get(url).status_code == status
    return list(ReadLogEntry.objects.all())


@pytest.mark.parametrize("name", ["agreement_detail", "agreement_pdf", "agreement_edit"])
def test_readers_are_logged_the_trainee_is_not(cast, as_, draft, name):
    url = reverse(f"agreements:{name}", args=[draft.pk])
    for reader in (cast.leader, cast.consultant):
        [row] = _read(as_(reader), url)
        assert row.subject_ids == [cast.aspirant.pk]
        assert row.kinds == RecordKind.AGREEMENT
        assert row.reader == reader.user
    assert _read(as_(cast.aspirant), url) == []
    assert _read(as_(cast.outsider), url, status=404) == []
    assert _read(as_(cast.other_leader), url, status=404) == []


def test_the_enrolments_agreement_page(cast, as_, approved):
    url = reverse("agreements:enrolment_agreement", args=[approved.enrolment_id])
    [row] = _read(as_(cast.chef), url)
    assert (row.subject_ids, row.kinds) == ([cast.aspirant.pk], "agreement")
    assert _read(as_(cast.aspirant), url) == []
