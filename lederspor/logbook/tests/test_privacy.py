"""The logbook in the privacy registries (issue #15 §2–3): export has the author's entries and
not another's; erase's preview writes nothing and apply deletes; retention is idempotent."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.logbook import privacy
from lederspor.logbook.models import LogbookEntry
from lederspor.logbook.tests.factories import write
from lederspor.privacy.registry import Action, personal_data
from lederspor.programmes.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(lps):
    _cohort, (mine, peer, _other) = lps
    return write(mine, text="Min private tanke"), write(peer, text="Den andens tanke")


def test_registered_with_its_model():
    entry = next(e for e in personal_data if e.key == "logbook.entries")
    assert entry.models == (LogbookEntry,)


def test_export_has_mine_not_the_others(cast, entries):
    text = str(privacy.export(cast.aspirant))
    assert "Min private tanke" in text and "Den andens tanke" not in text


def test_erase_preview_writes_nothing_and_apply_deletes(cast, entries):
    [line] = privacy.erase(cast.aspirant, False)
    assert (line.count, line.action) == (1, Action.DELETE)
    assert LogbookEntry.objects.count() == 2
    privacy.erase(cast.aspirant, True)
    assert list(LogbookEntry.objects.values_list("text", flat=True)) == ["Den andens tanke"]


def test_retention_is_idempotent_and_dry_run_writes_nothing(cast, entries, enrolment):
    cutoff = timezone.now() - dt.timedelta(days=1095)
    assert privacy.expire_entries(cutoff, True) == 0  # running enrolments are never due
    Enrolment.objects.filter(pk=enrolment.pk).update(
        status="completed", completed_at=timezone.now() - dt.timedelta(days=1096)
    )
    assert privacy.expire_entries(cutoff, False) == 1
    assert LogbookEntry.objects.count() == 2
    assert privacy.expire_entries(cutoff, True) == 1
    assert privacy.expire_entries(cutoff, True) == 0
    assert LogbookEntry.objects.count() == 1
