"""The demo's tree has a fifth level (issue #17 §2): Strandskolen is split into two teams, and
the teams' people are in the school's område and forvaltning, and found by HR's search."""

import pytest
from django.test import Client

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import OrgRole, load_units, unit_in_role
from lederspor.site.demo.organisation import TEAM_WORKPLACE, TEAMS


@pytest.mark.django_db
def test_demo_has_teams_below_a_workplace(demo):
    workplace = OrgUnit.objects.get(name=TEAM_WORKPLACE)
    teams = list(OrgUnit.objects.filter(parent=workplace).order_by("code"))
    assert [t.name for t in teams] == list(TEAMS)
    assert {t.kind_label for t in teams} == {"team"}
    units = load_units()
    for team in teams:
        people = list(Person.objects.filter(unit=team).select_related("manager"))
        assert len(people) >= 3
        # the workplace's leader is still their nearest leader
        assert {p.manager.unit_id for p in people} == {workplace.pk}
        assert unit_in_role(team.pk, OrgRole.AREA, units).name == "Skoler Syd"
        assert unit_in_role(team.pk, OrgRole.DEPARTMENT, units).name == "Børn og Unge"

    client = Client()
    hr = User.objects.get(email=demo.email("hr-konsulent"))
    client.force_login(hr, backend="lederspor.core.auth.EmailBackend")
    page = client.get("/organisation/personer/", {"q": TEAMS[0]}).content.decode()
    assert f'{TEAMS[0]} <span class="muted">(team)</span>' in page
