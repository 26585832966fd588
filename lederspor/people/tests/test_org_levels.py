"""The tree of any depth and its configured levels (issue #17 §2): `unit_in_role` finds a
unit's forvaltning and område from `LEDERSPOR_ORG_LEVELS`, walks are cycle-safe, and the tree
is loaded once per request."""

import runpy

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lederspor import settings as lederspor_settings
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import (
    OrgRole,
    UnitInfo,
    ancestor_unit_ids,
    load_units,
    role_kinds,
    role_units,
    unit_ancestors,
    unit_in_role,
    unit_of_kind,
    unit_subtree_ids,
)


def _team(cast, code: str = "T1") -> OrgUnit:
    """A fifth level: a team under the cast's workplace (kommune → … → arbejdsplads → team)."""
    return OrgUnit.objects.create(
        code=code, name=f"Team {code}", kind="team", parent=cast.workplace
    )


def test_default_levels_are_the_classic_four(settings):
    del settings.LEDERSPOR_ORG_LEVELS
    assert role_kinds(OrgRole.DEPARTMENT) == {"department"}
    assert role_kinds("area") == {"area"}
    with pytest.raises(ValueError):
        role_kinds("workplace")


def test_a_team_below_a_workplace_finds_its_area_and_department(cast):
    team = _team(cast)
    units = load_units()
    area = cast.workplace.parent
    assert unit_in_role(team.pk, OrgRole.AREA, units).pk == area.pk
    assert unit_in_role(team.pk, OrgRole.DEPARTMENT, units).pk == area.parent_id
    # a unit that plays the role is its own forvaltning/område
    assert unit_in_role(area.parent_id, OrgRole.DEPARTMENT, units).pk == area.parent_id
    # above the role, or without a unit: none
    assert unit_in_role(area.parent_id, OrgRole.AREA, units) is None
    assert unit_in_role(cast.municipality.pk, OrgRole.DEPARTMENT, units) is None
    assert unit_in_role(None, OrgRole.DEPARTMENT, units) is None
    assert unit_of_kind(team.pk, "workplace", units).pk == cast.workplace.pk


def test_configured_level_names_play_the_roles(cast, settings):
    """An OS2mo-like tree with its own level names: "forvaltning" and "magistratsafdeling" are
    departments, "afdeling" is an område; the nearest one at or above counts."""
    settings.LEDERSPOR_ORG_LEVELS = {
        "department": ["forvaltning", "Magistratsafdeling"],
        "area": ["afdeling"],
    }
    mag = OrgUnit.objects.create(
        code="M1", name="Magistrat", kind="magistratsafdeling", parent=cast.municipality
    )
    office = OrgUnit.objects.create(code="S1", name="Sekretariat", kind="kontor", parent=mag)
    dept = OrgUnit.objects.create(code="A1", name="Afdeling 1", kind="Afdeling", parent=office)
    sub = OrgUnit.objects.create(code="A2", name="Underafdeling", kind="afdeling", parent=dept)
    team = OrgUnit.objects.create(code="T9", name="Team 9", kind="team", parent=sub)
    units = load_units()
    assert unit_in_role(team.pk, OrgRole.DEPARTMENT, units).pk == mag.pk
    assert unit_in_role(team.pk, OrgRole.AREA, units).pk == sub.pk  # the nearest
    # case does not matter ("Afdeling" plays "afdeling"); the classic kinds no longer play
    assert unit_in_role(cast.workplace.pk, OrgRole.DEPARTMENT, units) is None
    assert list(role_units(OrgRole.DEPARTMENT)) == [mag]
    assert set(role_units(OrgRole.AREA)) == {dept, sub}


def test_levels_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("LEDERSPOR_ORG_DEPARTMENT_KINDS", "forvaltning, magistratsafdeling")
    monkeypatch.setenv("LEDERSPOR_ORG_AREA_KINDS", "afdeling")
    values = runpy.run_path(lederspor_settings.__file__)
    assert values["LEDERSPOR_ORG_LEVELS"] == {
        "department": ["forvaltning", "magistratsafdeling"],
        "area": ["afdeling"],
    }
    monkeypatch.delenv("LEDERSPOR_ORG_DEPARTMENT_KINDS")
    monkeypatch.delenv("LEDERSPOR_ORG_AREA_KINDS")
    values = runpy.run_path(lederspor_settings.__file__)
    assert values["LEDERSPOR_ORG_LEVELS"] == {"department": ["department"], "area": ["area"]}


def test_walks_stop_at_a_cycle():
    """A broken tree (1 → 2 → 3 → 1) never loops: every walk ends and finds nothing wrong."""
    units = {
        1: UnitInfo(1, "En", "team", 2),
        2: UnitInfo(2, "To", "team", 3),
        3: UnitInfo(3, "Tre", "team", 1),
        4: UnitInfo(4, "Fire", "area", 9),  # parent missing from the tree
    }
    assert unit_in_role(1, OrgRole.DEPARTMENT, units) is None
    assert ancestor_unit_ids(1, units) == [1, 2, 3]
    assert unit_subtree_ids({1}, units) == {1, 2, 3}
    assert unit_in_role(4, OrgRole.AREA, units).pk == 4
    assert ancestor_unit_ids(4, units) == [4]


def test_deep_trees_cost_the_same_queries(cast, django_assert_num_queries):
    """Ten levels below the workplace: the ancestors are two queries, not one per level."""
    parent = cast.workplace
    for depth in range(10):
        parent = OrgUnit.objects.create(
            code=f"D{depth}", name=f"Niveau {depth}", kind="team", parent=parent
        )
    with django_assert_num_queries(2):
        chain = unit_ancestors(unit=parent)
    assert [u.pk for u in chain[:4]] == [
        cast.municipality.pk,
        cast.workplace.parent.parent_id,
        cast.workplace.parent_id,
        cast.workplace.pk,
    ]
    assert len(chain) == 14 and chain[-1] == parent
    units = load_units()
    assert parent.pk in unit_subtree_ids({cast.workplace.parent.parent_id}, units)


def test_the_tree_is_loaded_once_per_request(cast, django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        first = load_units(request)
        again = load_units(request)
    assert first is again and cast.workplace.pk in first
    with django_assert_num_queries(1):
        load_units(RequestFactory().get("/"))  # another request loads its own


def test_pages_and_admin_show_the_level_by_its_label(cast, as_):
    """The person pages and the admin's unit list name the level: a known kind in Danish
    ("Arbejdsplads"), a level from the source as it is ("team")."""
    team = _team(cast)
    assert team.kind_label == "team" and cast.workplace.kind_label == "Arbejdsplads"
    client = as_(cast.consultant)
    page = client.get(f"/organisation/personer/{cast.aspirant.pk}/").content.decode()
    assert 'Arbejdsplads A1a <span class="muted">(Arbejdsplads)</span>' in page
    page = client.get("/organisation/personer/", {"q": "anna"}).content.decode()
    assert "(Arbejdsplads)" in page
    admin_page = as_(cast.admin).get("/admin/people/orgunit/", {"q": "Team"}).content.decode()
    assert "Team T1" in admin_page and ">team<" in admin_page
    admin_page = as_(cast.admin).get("/admin/people/orgunit/", {"q": "A1a"}).content.decode()
    assert ">Arbejdsplads<" in admin_page and ">workplace<" not in admin_page


def test_admin_filters_persons_by_the_level_of_their_unit(cast, as_):
    team = _team(cast)
    Person.objects.filter(pk=cast.colleague.pk).update(unit=team)
    client = as_(cast.admin)
    page = client.get("/admin/people/person/", {"unit__kind": "team"}).content.decode()
    assert "Carl Kollega" in page and "Anna Aspirant" not in page
    assert ">Arbejdsplads<" in client.get("/admin/people/person/").content.decode()


def _tree_loads(queries) -> int:
    """How many of `queries` load the whole unit tree (`load_units`: no WHERE)."""
    return sum(
        1
        for q in queries
        if 'FROM "people_orgunit"' in q["sql"] and "WHERE" not in q["sql"].split("FROM")[1]
    )


def test_a_leaders_kørekort_page_loads_the_tree_once(cast, as_):
    """The kørekort list needs the tree twice for a leader (the units they lead and the units
    above them); it is loaded once per request (`load_units(request)`)."""
    client = as_(cast.leader)
    client.get(reverse("licences:licence_list"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("licences:licence_list")).status_code == 200
    assert _tree_loads(queries.captured_queries) == 1
