"""The demo builder composes and publishes a round with tasks."""

from lederspor.grouping.tests.factories import add_participants
from lederspor.site.demo.aspirant import build_demo_groups


def test_build_demo_groups_publishes_a_round_with_tasks(cast):
    add_participants(cast, 22)
    rnd = build_demo_groups(cohort=cast.cohort, by_user=cast.consultant.user)
    assert rnd.status == "published"
    assert rnd.memberships.count() == 24
    assert all(g.tasks.startswith("Mellem netværksmøderne") for g in rnd.groups.all())
    assert rnd.improvement_pct > 0
