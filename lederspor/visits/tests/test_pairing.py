"""Pairing rules (seed 001; issue #4 §3): across the boundary, never within a manager line, not
earlier partners, preferring shared themes; odd count → one trio; infeasible → Danish error."""

import pytest
from django.core.exceptions import ValidationError

from lederspor.visits import services
from lederspor.visits.models import Boundary, JobVisit, PairMember
from lederspor.visits.tests import factories as f

THEMES = ["Visionsledelse", "Betinget anerkendelse", "Data informeret ledelse"]


def test_pairs_never_within_the_chosen_forvaltning(cast):
    bente, cecilie = f.leader(cast, "Bente"), f.leader(cast, "Cecilie")
    c = f.cohort(cast, [cast.leader, cast.other_leader, bente, cecilie])
    services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    pairs = f.groups_of(c)
    assert len(pairs) == 2
    assert frozenset({cast.leader.pk, cast.other_leader.pk}) not in pairs
    assert set().union(*pairs) == {cast.leader.pk, cast.other_leader.pk, bente.pk, cecilie.pk}


def test_area_boundary_allows_same_forvaltning_but_not_same_area(cast):
    from lederspor.people.models import OrgUnit

    dep_a = cast.workplace.parent.parent
    area_a2 = OrgUnit.objects.create(code="JV-A2", name="Område A2", kind="area", parent=dep_a)
    wp = OrgUnit.objects.create(
        code="JV-A2a", name="Arbejdsplads A2a", kind="workplace", parent=area_a2
    )
    anders = f.leader(cast, "Anders", unit=wp)
    c = f.cohort(cast, [cast.leader, anders])
    with pytest.raises(ValidationError) as exc:
        services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    assert "Lars Leder" in exc.value.messages[0] and "Anders Jobbesøg" in exc.value.messages[0]
    assert "kan ikke få en makker" in exc.value.messages[0]
    services.pairing_make(cohort=c, boundary=Boundary.AREA, by=cast.consultant.user)
    assert f.groups_of(c) == {frozenset({cast.leader.pk, anders.pk})}

    c2 = f.cohort(cast, [cast.leader, cast.other_leader])  # same område A1
    with pytest.raises(ValidationError):
        services.pairing_make(cohort=c2, boundary=Boundary.AREA, by=cast.consultant.user)


def test_never_within_a_manager_line_even_across_forvaltninger(cast):
    ulla = f.leader(cast, "Ulla", manager=cast.chef)  # own forvaltning, chef is her manager
    vera = f.leader(cast, "Vera", manager=ulla)  # chef is her manager's manager
    c = f.cohort(cast, [cast.chef, vera])
    with pytest.raises(ValidationError) as exc:
        services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    assert "Charlotte Chef" in exc.value.messages[0]
    rules = services.PairRules(
        cohort=c, people=[cast.chef, vera, ulla, cast.leader], boundary=Boundary.AREA
    )
    assert "samme ledelseslinje" in rules.problem(cast.chef, vera)
    assert "samme ledelseslinje" in rules.problem(vera, cast.chef)
    # siblings under the same manager in different forvaltninger may be partners
    assert rules.problem(ulla, cast.leader) is None


def test_earlier_partners_are_not_paired_again(cast):
    bente = f.leader(cast, "Bente")
    f.published(cast, [cast.leader, bente])
    c = f.cohort(cast, [cast.leader, bente])
    with pytest.raises(ValidationError) as exc:
        services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    assert "Bente Jobbesøg" in exc.value.messages[0]
    cecilie, dorte = f.leader(cast, "Cecilie"), f.leader(cast, "Dorte")
    c3 = f.cohort(cast, [cast.leader, bente, cecilie, dorte])
    services.pairing_make(cohort=c3, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    assert frozenset({cast.leader.pk, bente.pk}) not in f.groups_of(c3)


def test_odd_count_gives_one_trio_and_each_member_hosts_once(cast):
    people = f.leaders(cast, 7)
    c = f.published(cast, people)
    groups = f.groups_of(c)
    assert sorted(len(g) for g in groups) == [2, 2, 3]
    assert set().union(*groups) == {p.pk for p in people}
    for pair in c.visit_pairs.all():
        members = set(pair.memberships.values_list("person_id", flat=True))
        hosts = list(pair.visits.values_list("host_id", flat=True))
        assert sorted(hosts) == sorted(members)  # each partner hosts exactly once
    assert JobVisit.objects.filter(pair__cohort=c).count() == 7


def test_shared_leadership_themes_are_preferred(cast):
    a, b, x, y = f.leaders(cast, 4)
    themes = {a.pk: THEMES[:2], y.pk: THEMES[:2], b.pk: [THEMES[2]], x.pk: [THEMES[2]]}
    c = f.cohort(cast, [a, b, x, y], themes=themes)
    services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    assert f.groups_of(c) == {frozenset({a.pk, y.pk}), frozenset({b.pk, x.pk})}


def test_fewer_than_two_leaders_is_refused_in_danish(cast):
    c = f.cohort(cast, [cast.leader])
    with pytest.raises(ValidationError, match="mindst være to"):
        services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)


def test_swap_moves_two_leaders_between_pairs(cast):
    people = f.leaders(cast, 4)
    c = f.cohort(cast, people)
    services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    before = f.groups_of(c)
    first = people[0]
    pair_of_first = next(g for g in before if first.pk in g)
    other = next(p for p in people if p.pk not in pair_of_first)
    services.pair_swap(cohort=c, first=first, second=other, by=cast.consultant.user)
    after = f.groups_of(c)
    assert next(g for g in after if other.pk in g) == (pair_of_first - {first.pk}) | {other.pk}
    assert first.pk in next(g for g in after if g != (pair_of_first - {first.pk}) | {other.pk})
    assert PairMember.objects.filter(cohort=c).count() == 4


def test_swap_that_breaks_a_rule_is_refused_with_the_reason(cast):
    bente, cecilie = f.leader(cast, "Bente"), f.leader(cast, "Cecilie")
    c = f.cohort(cast, [cast.leader, cast.other_leader, bente, cecilie])
    services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    partner_of_leader = next(g for g in f.groups_of(c) if cast.leader.pk in g) - {cast.leader.pk}
    (partner_pk,) = partner_of_leader
    from lederspor.people.models import Person

    partner = Person.objects.get(pk=partner_pk)
    # swapping the leader's partner for other_leader would pair the two A leaders
    with pytest.raises(ValidationError) as exc:
        services.pair_swap(
            cohort=c, first=partner, second=cast.other_leader, by=cast.consultant.user
        )
    assert "samme forvaltning" in " ".join(exc.value.messages)


def test_swap_and_remake_are_refused_after_publishing(cast):
    people = f.leaders(cast, 4)
    c = f.published(cast, people)
    with pytest.raises(ValidationError, match="offentliggjort"):
        services.pair_swap(cohort=c, first=people[0], second=people[1], by=cast.consultant.user)
    with pytest.raises(ValidationError, match="offentliggjort"):
        services.pairing_make(cohort=c, boundary=Boundary.AREA, by=cast.consultant.user)
