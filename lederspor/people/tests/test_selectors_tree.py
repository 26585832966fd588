"""Manager lines and unit-of-kind lookups shared by grouping and job-visit pairing."""

from lederspor.people.models import OrgUnit
from lederspor.people.selectors import load_units, manager_lines, unit_of_kind


def test_manager_line_goes_up_to_the_top(cast):
    lines = manager_lines([cast.aspirant, cast.outsider])
    assert cast.leader.pk in lines[cast.aspirant.pk]
    assert cast.chef.pk in lines[cast.aspirant.pk]
    assert cast.aspirant.pk not in lines[cast.outsider.pk]


def test_unit_of_kind_finds_the_forvaltning_above_a_workplace(cast):
    units = load_units()
    department = unit_of_kind(cast.workplace.pk, OrgUnit.Kind.DEPARTMENT, units)
    assert department is not None
    assert department.pk == cast.workplace.parent.parent_id
    assert unit_of_kind(cast.municipality.pk, OrgUnit.Kind.DEPARTMENT, units) is None
    assert unit_of_kind(None, OrgUnit.Kind.DEPARTMENT, units) is None
