"""The hub's extension points: features plug in through registries, the hub imports none of
them, and an entry appears only on the programmes it names."""

import dataclasses

import pytest
from django.test import RequestFactory
from django.urls import reverse

from lederspor.conversations.extensions import conversation_sections, planning_checks
from lederspor.core.access import Relation
from lederspor.core.registry import DuplicateEntryError, Registry
from lederspor.programmes import extensions as ext
from lederspor.programmes.models import Enrolment, ProgrammeKind
from lederspor.programmes.services import cohort_update


@dataclasses.dataclass(frozen=True)
class Item:
    key: str
    order: int


def test_a_registry_reads_in_order_then_key_and_refuses_a_second_entry_with_a_key():
    registry: Registry[Item] = Registry("test.items")
    registry.register(Item("b", 20))
    registry.register(Item("c", 10))
    registry.register(Item("a", 20))
    assert registry.keys() == ["c", "a", "b"]
    with pytest.raises(DuplicateEntryError, match=r"test\.items: 'a'"):
        registry.register(Item("a", 1))
    registry.unregister("a")
    assert "a" not in registry and len(registry) == 2


def test_a_registry_gets_an_entry_by_key():
    registry: Registry[Item] = Registry("test.items")
    entry = registry.register(Item("b", 20))
    assert registry.get("b") is entry
    with pytest.raises(KeyError):
        registry.get("missing")


def test_every_feature_has_registered_its_sections_links_and_hooks():
    main = [s.key for s in ext.enrolment_sections if s.region == ext.Region.MAIN]
    assert main == [
        "evaluations.open",
        "visits.job_visit",
        "clarification.steps",
        "trainee.path",
        "conversations.list",
        "agreements.status",
        "logbook.entries",
        "catalogue.tasks",
    ]
    assert {s.key: s.region for s in ext.enrolment_sections if s.key not in main} == {
        "programmes.sessions": ext.Region.ASIDE,
        "grouping.my_group": ext.Region.BELOW,
    }
    assert set(ext.cohort_links.keys()) == {
        "visits.cohort_overview",
        "clarification.cohort",
        "trainee.cohort_summary",
        "grouping.rounds",
        "catalogue.cohort_tasks",
        "evaluations.cohort_list",
        "mailings.cohort_list",
    }
    assert ext.progress_columns.keys() == ["catalogue.tasks"]
    assert ext.calendar_sources.keys() == [
        "programmes.sessions",
        "conversations.conversations",
        "trainee.joint_start",
        "visits.wrap_ups",
    ]
    assert ext.cohort_dates_moved.keys() == ["clarification.mailing"]
    assert ext.nomination_sections.keys() == ["trainee.spot_talent"]
    assert planning_checks.keys() == ["trainee.prerequisite", "trainee.joint_start"]
    assert conversation_sections.keys() == [
        "clarification.learning_goals",
        "logbook.shared_with_leader",
        "trainee.joint_start",
        "trainee.agreement",
        "trainee.leadership_training",
    ]


@pytest.fixture
def spy_section():
    """A temporary trainee-only section that records each call."""
    calls = []

    def render(page):
        calls.append(page.enrolment.pk)
        return "<p>spy</p>"

    section = ext.EnrolmentSection(
        key="test.spy", order=1, render=render, kinds=ext.kinds(ProgrammeKind.TRAINEE)
    )
    ext.enrolment_sections.register(section)
    yield calls
    ext.enrolment_sections.unregister("test.spy")


def _page(cast, person, relations, kind=None):
    """A programme page of a freshly loaded copy of the cast's enrolment; `kind` changes its
    programme's kind in memory only (the row is untouched)."""
    request = RequestFactory().get("/")
    request.user = person.user
    enrolment = Enrolment.objects.select_related("cohort__programme", "person").get(
        pk=cast.enrolment.pk
    )
    if kind is not None:
        enrolment.cohort.programme.kind = kind
    return ext.EnrolmentPage(request, enrolment, relations)


def test_a_section_is_not_even_called_on_another_programme(cast, spy_section):
    regions = ext.render_enrolment_sections(_page(cast, cast.aspirant, {Relation.PARTICIPANT}))
    assert spy_section == []
    assert "<p>spy</p>" not in regions["main"]


def test_a_section_renders_on_its_programme(cast, spy_section):
    page = _page(cast, cast.aspirant, {Relation.PARTICIPANT}, kind=ProgrammeKind.TRAINEE)
    regions = ext.render_enrolment_sections(page)
    assert spy_section == [cast.enrolment.pk]
    assert regions["main"][0] == "<p>spy</p>"


def test_a_section_that_renders_nothing_leaves_no_trace(cast):
    section = ext.EnrolmentSection(key="test.empty", order=1, render=lambda page: "  \n ")
    ext.enrolment_sections.register(section)
    try:
        regions = ext.render_enrolment_sections(_page(cast, cast.leader, {Relation.LEADER}))
    finally:
        ext.enrolment_sections.unregister("test.empty")
    assert all(html.strip() for htmls in regions.values() for html in htmls)


def test_the_cohort_page_shows_the_manager_links_only_to_those_who_manage(cast, as_):
    url = reverse("programmes:cohort_detail", args=[cast.cohort.pk])
    rounds = reverse("grouping:round_list", args=[cast.cohort.pk])
    assert rounds in as_(cast.consultant).get(url).content.decode()
    links = ext.links_for(cast.cohort, can_manage=False)
    assert "grouping.rounds" not in [link.key for link in links]


def test_moving_a_cohorts_dates_runs_the_hooks_once_and_keeping_them_runs_none(cast):
    calls = []
    ext.cohort_dates_moved.register(
        ext.CohortDatesMoved(key="test.moved", order=1, run=lambda **kw: calls.append(kw))
    )
    try:
        common = {
            "cohort": cast.cohort,
            "by": cast.admin,
            "name": cast.cohort.name,
            "capacity": cast.cohort.capacity,
            "consultants": [cast.consultant],
        }
        old_start, end = cast.cohort.starts_on, cast.cohort.ends_on
        cohort = cohort_update(
            **common, expected_version=cast.cohort.version, starts_on=old_start, ends_on=end
        )
        assert calls == []
        cohort_update(
            **common | {"cohort": cohort},
            expected_version=cohort.version,
            starts_on=old_start,
            ends_on=end.replace(year=end.year + 1),
        )
    finally:
        ext.cohort_dates_moved.unregister("test.moved")
    assert len(calls) == 1
    assert calls[0]["old_starts_on"] == old_start and calls[0]["old_ends_on"] == end
    assert calls[0]["cohort"].ends_on == end.replace(year=end.year + 1)
