"""Network groups' share of issue #15: read-log rows on the round pages, its export and the
participant's group section, and the `grouping.memberships` entry of the privacy registries."""

import pytest
from django.urls import reverse

from lederspor.grouping import services
from lederspor.grouping.models import GroupingRound, GroupMembership
from lederspor.grouping.tests.factories import add_participants
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data

pytestmark = pytest.mark.django_db


def _entry():
    return next(e for e in personal_data if e.key == "grouping.memberships")


@pytest.fixture
def rnd(cast):
    """A composed round of the cast's cohort: the two aspirants and six more."""
    add_participants(cast, 6)
    rnd = services.grouping_round_create(cohort=cast.cohort, by=cast.consultant.user)
    return services.grouping_round_compose(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version, time_limit=0.05
    )


@pytest.fixture
def published(cast, rnd):
    return services.grouping_round_publish(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version
    )


def _members(rnd):
    return sorted(
        GroupMembership.objects.filter(round=rnd).values_list("enrolment__person_id", flat=True)
    )


@pytest.mark.parametrize("export", ["", "?eksport=csv"])
def test_the_round_page_and_export_name_every_member(cast, as_, rnd, export):
    response = as_(cast.consultant).get(reverse("grouping:round_detail", args=[rnd.pk]) + export)
    assert response.status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert sorted(entry.subject_ids) == _members(rnd)
    assert len(entry.subject_ids) == 8
    assert entry.kinds == RecordKind.GROUPING.value


def test_the_publish_confirmation_names_the_members(cast, as_, rnd):
    response = as_(cast.consultant).get(reverse("grouping:round_publish", args=[rnd.pk]))
    assert response.status_code == 200
    assert sorted(ReadLogEntry.objects.get().subject_ids) == _members(rnd)


def test_a_round_404_is_not_logged(cast, as_, rnd):
    response = as_(cast.outsider).get(reverse("grouping:round_detail", args=[rnd.pk]))
    assert response.status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_the_participant_reads_their_group_members_not_themselves(cast, as_, published):
    response = as_(cast.aspirant).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    group = GroupMembership.objects.get(round=published, enrolment=cast.enrolment).group
    others = sorted(
        GroupMembership.objects.filter(group=group)
        .exclude(enrolment=cast.enrolment)
        .values_list("enrolment__person_id", flat=True)
    )
    assert sorted(entry.subject_ids) == others
    assert cast.aspirant.pk not in entry.subject_ids
    assert RecordKind.GROUPING.value in entry.kinds.split(",")


def test_a_draft_round_shows_no_group_and_logs_nothing_for_the_participant(cast, as_, rnd):
    response = as_(cast.aspirant).get(
        reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])
    )
    assert response.status_code == 200
    assert not ReadLogEntry.objects.exists()


def test_export_has_the_persons_group_not_the_other_members(cast, published):
    rows = _entry().export(cast.aspirant)
    (membership,) = [r for r in rows if r["record"] == "group_membership"]
    assert membership["round.number"] == published.number
    assert cast.other_aspirant.full_name not in str(rows)
    consultant_rows = _entry().export(cast.consultant)
    assert [r["record"] for r in consultant_rows] == ["round_published"]


def test_erase_keeps_memberships_and_removes_the_publisher(cast, published):
    lines = _entry().erase(cast.aspirant, False)
    assert [(line.count, line.action) for line in lines] == [
        (1, Action.ANONYMISE),
        (0, Action.ANONYMISE),
    ]
    _entry().erase(cast.aspirant, True)
    assert GroupMembership.objects.filter(enrolment=cast.enrolment).count() == 1
    (_, published_line) = _entry().erase(cast.consultant, False)
    assert published_line.count == 1
    assert GroupingRound.objects.get(pk=published.pk).published_by == cast.consultant.user
    _entry().erase(cast.consultant, True)
    published.refresh_from_db()
    assert (published.published_by, published.status) == (None, GroupingRound.Status.PUBLISHED)
