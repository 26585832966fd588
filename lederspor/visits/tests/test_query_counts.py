"""The consultant's job-visit overview and the leader's page use a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.visits import services
from lederspor.visits.models import JobVisit, WrapUpGroup
from lederspor.visits.tests import factories as f

#: queries measured with 10 leaders (session, user, roles, cohort, pairs, visits, groups …)
#: +2 for the read log (the reader's person and the one insert; issue #15 §1)
OVERVIEW_BOUND = 22
#: queries measured with 10 leaders on "Mit jobbesøg"
LEADER_BOUND = 17  # +2: the read log


def _grow(cast, n):
    people = f.leaders(cast, n)
    c = f.published(cast, [cast.leader, *people[1:]])
    groups = services.wrap_up_compose(cohort=c, by=cast.consultant.user)
    start = timezone.now() + dt.timedelta(days=30)
    WrapUpGroup.objects.filter(pk__in=[g.pk for g in groups]).update(
        starts_at=start, ends_at=start + dt.timedelta(hours=2), place="Rådhuset"
    )
    JobVisit.objects.filter(pair__cohort=c, month=JobVisit.Month.MARCH).update(
        status=JobVisit.Status.REFLECTED, starts_at=timezone.now() - dt.timedelta(days=3)
    )
    return c


@pytest.mark.parametrize("size", [10, 40])
def test_overview_queries_do_not_grow(cast, as_, django_assert_max_num_queries, size):
    c = _grow(cast, size)
    client = as_(cast.consultant)
    url = reverse("visits:cohort_overview", args=[c.pk])
    with django_assert_max_num_queries(OVERVIEW_BOUND):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 40])
def test_leader_page_queries_do_not_grow(cast, as_, django_assert_max_num_queries, size):
    _grow(cast, size)
    client = as_(cast.leader)
    with django_assert_max_num_queries(LEADER_BOUND):
        assert client.get(reverse("visits:mine")).status_code == 200
