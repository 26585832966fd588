"""Moving a member (issue #17 §1): the board lists the groups once, not in a dropdown per member
(200 members × 34 groups was 6,824 options); each member links to a small move form, loaded in
place by htmx or as a page without JavaScript, posting to the same service."""

import pytest
from django.urls import reverse

from lederspor.grouping import services
from lederspor.grouping.models import GroupingRound, GroupMembership
from lederspor.grouping.tests.factories import add_participants
from lederspor.grouping.tests.test_journey import _legal_move

#: the round page of a draft round at any size (as the published one in test_query_counts.py)
DRAFT_ROUND_PAGE_BOUND = 17
#: the `<option>`s of the round's settings form on the page (criteria approaches and the like)
SETTINGS_OPTIONS = 24


def _composed(cast, participants: int, groups: int) -> GroupingRound:
    add_participants(cast, participants - 2)
    rnd = services.grouping_round_create(
        cohort=cast.cohort, by=cast.consultant.user, min_size=3, group_count=groups
    )
    return services.grouping_round_compose(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version, time_limit=0.05
    )


@pytest.mark.parametrize(("n", "groups"), [(24, 4), (200, 34)])
def test_the_board_has_no_dropdown_per_member_and_fixed_queries(
    cast, as_, django_assert_max_num_queries, n, groups
):
    rnd = _composed(cast, n, groups)
    client = as_(cast.consultant)
    url = reverse("grouping:round_detail", args=[rnd.pk])
    with django_assert_max_num_queries(DRAFT_ROUND_PAGE_BOUND):
        html = client.get(url).content.decode()
    assert html.count('class="member-name"') == n
    # only the settings form's own choices (24): a group list per member was n × groups
    assert html.count("<option") <= SETTINGS_OPTIONS
    for ms in rnd.memberships.all():
        assert reverse("grouping:membership_move", args=[ms.pk]) in html


def test_the_move_page_lists_the_groups_once_with_the_members_group_chosen(cast, as_):
    rnd = _composed(cast, 12, 3)
    ms = rnd.memberships.select_related("group", "enrolment__person").first()
    url = reverse("grouping:membership_move", args=[ms.pk])
    html = as_(cast.consultant).get(url).content.decode()
    assert html.count("<option") == 3
    assert f'<option value="{ms.group_id}" selected>' in html
    assert f"Flyt {ms.enrolment.person.full_name} til gruppe" in html
    assert "<html" in html  # a page without JavaScript


def test_htmx_gets_the_form_alone_and_the_move_answers_with_the_board(cast, as_):
    rnd = _composed(cast, 14, 3)
    ms, target = _legal_move(rnd)
    client = as_(cast.consultant)
    url = reverse("grouping:membership_move", args=[ms.pk])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in form and 'hx-target="#board"' in form
    response = client.post(
        url, {"version": rnd.version, "group": target.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and 'id="board"' in response.content.decode()
    ms.refresh_from_db()
    assert ms.group_id == target.pk


def test_a_move_without_javascript_goes_back_to_the_member_on_the_board(cast, as_):
    rnd = _composed(cast, 14, 3)
    ms, target = _legal_move(rnd)
    url = reverse("grouping:membership_move", args=[ms.pk])
    response = as_(cast.consultant).post(url, {"version": rnd.version, "group": target.pk})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#medlem-{ms.pk}")
    assert GroupMembership.objects.get(pk=ms.pk).group_id == target.pk


def test_a_stale_move_is_refused_and_nothing_moves(cast, as_):
    rnd = _composed(cast, 12, 3)
    ms = rnd.memberships.first()
    target = rnd.groups.exclude(pk=ms.group_id).first()
    url = reverse("grouping:membership_move", args=[ms.pk])
    client = as_(cast.consultant)
    client.post(url, {"version": rnd.version - 1, "group": target.pk}, follow=True)
    assert GroupMembership.objects.get(pk=ms.pk).group_id == ms.group_id


def test_a_locked_member_or_a_published_round_has_no_move_page(cast, as_):
    rnd = _composed(cast, 12, 3)
    ms = rnd.memberships.first()
    client = as_(cast.consultant)
    url = reverse("grouping:membership_move", args=[ms.pk])
    GroupMembership.objects.filter(pk=ms.pk).update(locked=True)
    assert client.get(url).status_code == 302
    GroupMembership.objects.filter(pk=ms.pk).update(locked=False)
    rnd.refresh_from_db()
    services.grouping_round_publish(
        round=rnd, by=cast.consultant.user, expected_version=rnd.version
    )
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("who", "status"),
    [("hr_colleague", 403), ("leader", 404), ("outsider", 404), ("aspirant", 404)],
)
def test_who_may_not_open_the_move_page(cast, as_, who, status):
    rnd = _composed(cast, 12, 3)
    ms = rnd.memberships.first()
    url = reverse("grouping:membership_move", args=[ms.pk])
    assert as_(getattr(cast, who)).get(url).status_code == status
