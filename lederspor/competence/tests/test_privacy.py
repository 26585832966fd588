"""Competence plans' share of issue #15: read-log rows on the plan page, its PDF and the
participants form, and the `competence.plans` entry of the privacy registries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.competence.models import Anchoring, CompetencePlan, PlanParticipant, PlanStatus
from lederspor.competence.services import plan_create
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.registry import Action, personal_data, retention_rules

pytestmark = pytest.mark.django_db


def _entry():
    return next(e for e in personal_data if e.key == "competence.plans")


@pytest.fixture
def plan(cast):
    p = plan_create(
        title="Medicin til beboerne", unit=cast.workplace, owner=cast.leader, by=cast.admin
    )
    PlanParticipant.objects.create(plan=p, person=cast.colleague, current_step="with_support")
    PlanParticipant.objects.create(plan=p, person=cast.aspirant, current_step="independent")
    p.anchorings.create(
        kind="goal_follow_up", text="Samtale efter en måned", responsible=cast.leader
    )
    return p


def url(name, *args):
    return reverse(f"competence:{name}", args=args)


@pytest.mark.parametrize(
    "name,channel", [("plan_detail", "page"), ("plan_pdf", "pdf"), ("plan_participants", "page")]
)
def test_the_plan_names_its_participants(cast, as_, plan, name, channel):
    assert as_(cast.leader).get(url(name, plan.pk)).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert sorted(entry.subject_ids) == sorted([cast.colleague.pk, cast.aspirant.pk])
    assert (entry.kinds, entry.channel) == (RecordKind.PLAN.value, channel)


def test_a_participant_reads_only_the_others(cast, as_, plan):
    assert as_(cast.colleague).get(url("plan_detail", plan.pk)).status_code == 200
    (entry,) = ReadLogEntry.objects.all()
    assert entry.subject_ids == [cast.aspirant.pk]


def test_a_plan_404_is_not_logged(cast, as_, plan):
    assert as_(cast.outsider).get(url("plan_detail", plan.pk)).status_code == 404
    assert not ReadLogEntry.objects.exists()


def test_the_plan_list_and_examples_are_not_logged(cast, as_, plan):
    client = as_(cast.leader)
    assert client.get(url("plan_list")).status_code == 200
    assert client.get(url("examples")).status_code == 200
    assert not ReadLogEntry.objects.exists()


def test_export_has_the_persons_places_not_others(cast, plan):
    rows = _entry().export(cast.colleague)
    assert [(r["plan.title"], r["current_step"]) for r in rows] == [
        ("Medicin til beboerne", "Med støtte")
    ]
    assert cast.aspirant.full_name not in str(rows)
    leader_rows = _entry().export(cast.leader)
    assert {r["record"] for r in leader_rows} == {"plan_owned", "anchoring_responsible"}


def test_erase_deletes_the_place_and_removes_the_owner(cast, plan):
    lines = _entry().erase(cast.colleague, False)
    assert (lines[0].count, lines[0].action) == (1, Action.DELETE)
    assert PlanParticipant.objects.filter(plan=plan).count() == 2
    _entry().erase(cast.colleague, True)
    assert list(PlanParticipant.objects.filter(plan=plan).values_list("person", flat=True)) == [
        cast.aspirant.pk
    ]
    _entry().erase(cast.leader, True)
    plan.refresh_from_db()
    assert plan.owner is None
    assert Anchoring.objects.get(plan=plan).responsible is None


def test_participants_expire_five_years_after_the_evaluation(cast, plan):
    rule = next(r for r in retention_rules if r.key == "competence.plan_participants")
    assert rule.days == 1825
    cutoff = timezone.now() - dt.timedelta(days=rule.days)
    assert rule.expire(cutoff, True) == 0
    CompetencePlan.objects.filter(pk=plan.pk).update(
        status=PlanStatus.EVALUATED, evaluated_at=cutoff - dt.timedelta(days=1)
    )
    assert rule.expire(cutoff, False) == 2
    assert PlanParticipant.objects.count() == 2
    assert rule.expire(cutoff, True) == 2
    assert rule.expire(cutoff, True) == 0
    assert CompetencePlan.objects.filter(pk=plan.pk).exists()
