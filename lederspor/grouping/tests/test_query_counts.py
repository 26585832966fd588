"""The round page and the participant's page use a fixed number of queries at any size."""

import pytest
from django.urls import reverse

from lederspor.grouping import services
from lederspor.grouping.tests.factories import add_meetings, add_participants

#: queries measured with 24 participants; +1 since issue #15: the read log's one insert naming
#: every member shown (written after the view)
ROUND_PAGE_BOUND = 17
#: +4 since issue #3: the conversations and logbook panels on the programme page, two each;
#: +1 since issue #13: the participant's open evaluations ("Evalueringer du mangler at besvare");
#: +1 since issue #15: the read log's one insert naming the other group members;
#: +1 since issue #16: whether the menu shows "Kompetenceudvikling" (is the participant on a plan)
MY_GROUP_BOUND = 25


def _published(cast, n: int):
    add_participants(cast, n - 2)
    add_meetings(cast.cohort)
    rnd = services.grouping_round_create(cohort=cast.cohort, by=cast.consultant.user)
    rnd = services.grouping_round_compose(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version, time_limit=0.05
    )
    return rnd


@pytest.mark.parametrize("n", [24, 120])
def test_round_page_query_count_does_not_grow(cast, as_, django_assert_max_num_queries, n):
    rnd = _published(cast, n)
    client = as_(cast.consultant)
    with django_assert_max_num_queries(ROUND_PAGE_BOUND):
        response = client.get(reverse("grouping:round_detail", args=[rnd.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('class="member-name"') == n


@pytest.mark.parametrize("n", [24, 120])
def test_participant_page_with_group_query_count_does_not_grow(
    cast, as_, django_assert_max_num_queries, n
):
    rnd = _published(cast, n)
    services.grouping_round_publish(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version
    )
    client = as_(cast.aspirant)
    with django_assert_max_num_queries(MY_GROUP_BOUND):
        response = client.get(reverse("programmes:enrolment_detail", args=[cast.enrolment.pk]))
    assert "Din netværksgruppe" in response.content.decode()
