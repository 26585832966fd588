"""The read log of job visits (issue #15 §1): a pair's page and a visit name the partner when a
leader opens them (never the leader themself); the consultant's overview, its export and a
wrap-up name every leader listed, in one row; the themes page names the leader when the
consultant opens it; nothing on a 404."""

import pytest
from django.urls import reverse

from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.visits import services
from lederspor.visits.tests import factories as f

pytestmark = pytest.mark.django_db


def _read(client, url, status=200):
    ReadLogEntry.objects.all().delete()
    assert client.get(url).status_code == status
    return list(ReadLogEntry.objects.all())


@pytest.fixture
def pair(cast):
    bente = f.leader(cast, "Bente")
    c = f.published(cast, [cast.leader, bente])
    return c, c.visit_pairs.get(), bente


def test_partner_pages_name_the_partner(cast, as_, pair):
    _cohort, p, bente = pair
    visit = p.visits.get(host=cast.leader)
    for url in (
        reverse("visits:pair_detail", args=[p.pk]),
        reverse("visits:mine"),
        reverse("visits:visit_detail", args=[visit.pk]),
    ):
        [row] = _read(as_(cast.leader), url)
        assert row.subject_ids == [bente.pk]
        assert row.kinds == RecordKind.VISIT
        [row] = _read(as_(bente), url)
        assert row.subject_ids == [cast.leader.pk]
    assert _read(as_(cast.outsider), reverse("visits:visit_detail", args=[visit.pk]), 404) == []
    assert _read(as_(cast.outsider), reverse("visits:pair_detail", args=[p.pk]), 404) == []


def test_overview_export_and_wrap_up_name_everyone_listed(cast, as_):
    people = [cast.leader] + [f.leader(cast, f"Leder{i}") for i in range(3)]
    c = f.published(cast, people)
    everyone = sorted(p.pk for p in people)
    for url in (
        reverse("visits:cohort_overview", args=[c.pk]),
        reverse("visits:cohort_overview", args=[c.pk]) + "?format=csv",
    ):
        [row] = _read(as_(cast.consultant), url)
        assert sorted(row.subject_ids) == everyone and row.kinds == "visit"
        assert _read(as_(cast.outsider), url, status=404) == []
    [group] = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    url = reverse("visits:wrap_up_detail", args=[group.pk])
    [row] = _read(as_(cast.consultant), url)
    assert sorted(row.subject_ids) == everyone
    [row] = _read(as_(cast.leader), url)
    assert cast.leader.pk not in row.subject_ids and len(row.subject_ids) == 3


def test_themes_page_for_the_consultant_not_the_leader(cast, as_):
    c = f.cohort(cast, [cast.leader])
    enrolment = c.enrolments.get()
    url = reverse("visits:themes_edit", args=[enrolment.pk])
    [row] = _read(as_(cast.consultant), url)
    assert row.subject_ids == [cast.leader.pk]
    assert _read(as_(cast.leader), url) == []
    assert _read(as_(cast.other_leader), url, status=404) == []
