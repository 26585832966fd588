"""A five-level tree (issue #17 §2): a team under a workplace (kommune → forvaltning → område →
arbejdsplads → team) is in its forvaltning and område for grouping criteria, job-visit pairing,
the reports' filters and HR's person search; and the levels follow `LEDERSPOR_ORG_LEVELS`."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lederspor.grouping import criteria as crit
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import load_units
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.reports.filters import ReportFilterForm
from lederspor.site.testing import make_person
from lederspor.visits import services
from lederspor.visits.models import Boundary
from lederspor.visits.tests import factories as f


@pytest.fixture
def tina(cast) -> Person:
    """A leader in "Team Tina", a team under the cast's Arbejdsplads A1a (Område A1, Forvaltning
    A), outside every manager line of the cast."""
    team = OrgUnit.objects.create(
        code="TEAM1", name="Team Tina", kind="team", parent=cast.workplace
    )
    return make_person("Tina", "Team", team, number="900", title="Teamleder", is_leader=True)


def test_grouping_criteria_see_the_forvaltning_above_a_team(cast, tina):
    enrolment = Enrolment.objects.create(
        cohort=cast.cohort, person=tina, status=Enrolment.Status.ENROLLED
    )
    rows = list(
        Enrolment.objects.filter(pk__in=[enrolment.pk, cast.other_enrolment.pk])
        .select_related("person__unit")
        .order_by("person__first_name")
    )
    values = crit.criterion_values(rows, crit.Context(units=load_units(), on=cast.cohort.starts_on))
    # Bo Aspirant (Arbejdsplads A1b) and Tina (team under A1a): the same forvaltning
    assert values["department"] == ["Forvaltning A", "Forvaltning A"]
    assert values["workplace"] == ["Arbejdsplads A1b", "Team Tina"]


def test_job_visit_pairing_keeps_a_team_in_its_forvaltning_and_area(cast, tina):
    bente = f.leader(cast, "Bente")  # a forvaltning of her own
    rules = services.PairRules(
        cohort=cast.cohort, people=[tina, cast.other_leader, bente], boundary=Boundary.AREA
    )
    assert "samme område" in rules.problem(tina, cast.other_leader)
    assert rules.problem(tina, bente) is None
    rules = services.PairRules(
        cohort=cast.cohort, people=[tina, cast.other_leader], boundary=Boundary.DEPARTMENT
    )
    assert "samme forvaltning" in rules.problem(tina, cast.other_leader)

    c = f.cohort(cast, [tina, cast.other_leader])
    with pytest.raises(ValidationError) as exc:
        services.pairing_make(cohort=c, boundary=Boundary.DEPARTMENT, by=cast.consultant.user)
    assert "Tina Team" in exc.value.messages[0]


def test_pairing_follows_the_configured_levels(cast, tina, settings):
    """With arbejdspladser configured as the område level, Tina (team under A1a) and Lene
    (A1b) are in different områder, Tina and Lars (A1a) in the same."""
    settings.LEDERSPOR_ORG_LEVELS = {"department": ["department"], "area": ["workplace"]}
    rules = services.PairRules(
        cohort=cast.cohort, people=[tina, cast.leader, cast.other_leader], boundary=Boundary.AREA
    )
    assert rules.problem(tina, cast.other_leader) is None
    assert "samme område" in rules.problem(tina, cast.leader)


def test_report_filters_find_a_team_in_its_forvaltning_and_area(cast, tina, as_):
    def filtered(**data: str) -> set[str]:
        form = ReportFilterForm(data, cohorts=Cohort.objects.all())
        assert form.is_valid(), form.errors
        persons = Person.objects.filter(form.report_filter().persons_q(prefix=""))
        return {p.first_name for p in persons}

    assert "Tina" in filtered(department="FA")
    # deeper still: three more levels below the team (seven in all) stay in Forvaltning A
    unit = tina.unit
    for depth in range(3):
        unit = OrgUnit.objects.create(
            code=f"SUB{depth}", name=f"Gruppe {depth}", kind="gruppe", parent=unit
        )
    make_person("Dybe", "Dorte", unit, number="901")
    assert {"Tina", "Dybe"} <= filtered(department="FA", area="OA1")
    assert "Tina" in filtered(department="FA", area="OA1")
    assert "Tina" not in filtered(department="FB")
    assert filtered(department="FB") == {"Otto"}

    Enrolment.objects.create(cohort=cast.cohort, person=tina, status=Enrolment.Status.ENROLLED)
    client = as_(cast.hr_colleague)
    page = client.get(reverse("reports:programme"), {"cohort": cast.cohort.pk, "area": "OA1"})
    assert "3 indstillinger i alt" in page.content.decode()  # Anna, Bo and Tina
    page = client.get(reverse("reports:programme"), {"cohort": cast.cohort.pk, "area": "OB1"})
    assert "3 indstillinger i alt" not in page.content.decode()


def test_report_filter_choices_follow_the_configured_levels(cast, settings):
    settings.LEDERSPOR_ORG_LEVELS = {"department": ["area"], "area": ["workplace"]}
    form = ReportFilterForm(cohorts=Cohort.objects.all())
    assert {u.code for u in form.fields["department"].queryset} == {"OA1", "OHR", "OB1"}
    assert {u.code for u in form.fields["area"].queryset} == {"WA1a", "WA1b", "WHR", "WB1a"}


def test_hr_person_search_by_unit_finds_a_team_below(cast, tina, as_):
    client = as_(cast.consultant)
    for q in ("Område A1", "Forvaltning A", "Arbejdsplads A1a", "Team Tina"):
        listed = {
            p.full_name for p in client.get("/organisation/personer/", {"q": q}).context["page_obj"]
        }
        assert "Tina Team" in listed, q
    listed = {
        p.full_name
        for p in client.get("/organisation/personer/", {"q": "Område B1"}).context["page_obj"]
    }
    assert "Tina Team" not in listed


def test_the_enrol_page_shows_the_forvaltning_of_a_team_leader(cast, tina, as_):
    c = f.cohort(cast, [])
    page = as_(cast.consultant).get(reverse("visits:enrol", args=[c.pk]), {"q": "Tina"})
    row = page.content.decode().split("Tina Team", 1)[1].split("</tr>", 1)[0]
    assert "Team Tina" in row and "Forvaltning A" in row


def _deepen(cast, tag: str, levels: int) -> None:
    """`levels` more units nested below the cast's workplace, a leader in each."""
    unit = cast.workplace
    for depth in range(levels):
        unit = OrgUnit.objects.create(
            code=f"{tag}{depth}", name=f"Niveau {tag}{depth}", kind="team", parent=unit
        )
        make_person(f"Dyb{tag}{depth}", "Leder", unit, number=f"{tag}{depth}", is_leader=True)


@pytest.mark.parametrize("page", ["enrol", "report"])
def test_queries_do_not_grow_with_the_depth_of_the_tree(cast, tina, as_, page):
    """The pages that walk the tree load it once, whatever its depth (two data sizes)."""
    c = f.cohort(cast, [])
    client = as_(cast.consultant if page == "enrol" else cast.hr_colleague)
    if page == "enrol":
        url, params = reverse("visits:enrol", args=[c.pk]), {"q": "Leder"}
    else:
        url, params = reverse("reports:programme"), {"department": "FA", "area": "OA1"}
    client.get(url, params)  # warm the per-process caches
    _deepen(cast, "S", 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    _deepen(cast, "L", 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url, params).status_code == 200
    assert len(large) == len(small)
