"""Learning agreements in the privacy registries (issue #15 §2–3): export has the trainee's
agreement and not another's; erase's preview writes nothing and apply blanks the texts but
keeps the approved version the reports count; retention is idempotent."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.agreements import privacy
from lederspor.agreements.models import BuildingBlock, LearningAgreement, LearningGoal
from lederspor.agreements.services import agreement_create
from lederspor.agreements.tests.conftest import approve_all, fill
from lederspor.privacy.registry import Action, personal_data
from lederspor.programmes.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(cast, trainee):
    _cohort, mine, other = trainee
    a = approve_all(fill(agreement_create(enrolment=mine, user=cast.leader.user), cast), cast)
    b = fill(
        agreement_create(enrolment=other, user=cast.other_leader.user),
        cast,
        support="Den andens støtte",
        goals=[{"kind": "personal", "text": "Den andens mål"}],
    )
    return a, b


def _snapshot():
    return [
        list(LearningAgreement.objects.order_by("pk").values_list("leader_support", "status")),
        LearningGoal.objects.count(),
        BuildingBlock.objects.count(),
    ]


def test_registered_with_its_models():
    entry = next(e for e in personal_data if e.key == "agreements.agreements")
    assert set(entry.models) == {LearningAgreement, LearningGoal, BuildingBlock}


def test_export_and_pdf_have_mine_not_the_others(cast, both):
    text = str(privacy.export(cast.aspirant))
    assert "Ugentlige møder med sparring" in text and "Tydelighed i kommunikationen" in text
    assert "Den andens" not in text
    # the leader's approval of the aspirant's agreement, without its content
    leader = str(privacy.export(cast.leader))
    assert "agreement_of_another" in leader and "Tydelighed" not in leader
    [doc] = privacy.documents(cast.aspirant)
    assert doc.content.startswith(b"%PDF")


def test_erase_preview_writes_nothing_and_apply_keeps_the_counted_row(cast, both):
    a, b = both
    before = _snapshot()
    lines = privacy.erase(cast.aspirant, False)
    assert _snapshot() == before
    assert [line.count for line in lines if line.action == Action.DELETE] == [2, 3]
    privacy.erase(cast.aspirant, True)
    a.refresh_from_db()
    assert a.leader_support == "" and a.status == "approved"
    assert not a.goals.exists() and not a.blocks.exists()
    b.refresh_from_db()
    assert b.leader_support == "Den andens støtte" and b.goals.exists()
    # the report still counts the approved agreement
    assert LearningAgreement.objects.filter(status="approved", enrolment=a.enrolment).exists()


def test_erasing_the_leader_unlinks_their_approvals(cast, both):
    a, _b = both
    privacy.erase(cast.leader, True)
    a.refresh_from_db()
    assert a.leader_approved_by_id is None and a.leader_approved_at is not None
    assert a.leader_support == "Ugentlige møder med sparring"


def test_retention_is_idempotent_and_dry_run_writes_nothing(cast, both):
    a, _b = both
    Enrolment.objects.filter(pk=a.enrolment_id).update(
        status="withdrawn",
        withdrawn_at=timezone.now() - dt.timedelta(days=1100),
        withdrawal_reason="Nyt job",
    )
    cutoff = timezone.now() - dt.timedelta(days=1095)
    before = _snapshot()
    assert privacy.expire_texts(cutoff, False) == 1
    assert _snapshot() == before
    assert privacy.expire_texts(cutoff, True) == 1
    assert privacy.expire_texts(cutoff, True) == 0
    assert LearningGoal.objects.filter(agreement__enrolment__person=cast.other_aspirant).exists()
