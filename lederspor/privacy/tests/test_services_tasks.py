"""The daily retention run in the worker: queued once, runs the schedule, queues the next."""

import datetime as dt
import zoneinfo

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from lederspor.core.models import AuditEvent
from lederspor.notifications.testing import run_on_commit_callbacks
from lederspor.privacy.audit import PrivacyAction
from lederspor.privacy.tasks import next_run_time, retention_daily, retention_schedule

pytestmark = pytest.mark.django_db

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def _waiting() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(
            status=TaskResultStatus.READY, task_path=retention_daily.module_path
        )
    )


def test_the_next_run_is_the_next_three_oclock_local_time(settings):
    settings.TIME_ZONE = "Europe/Copenhagen"
    night = dt.datetime(2026, 5, 3, 1, 30, tzinfo=COPENHAGEN)
    day = dt.datetime(2026, 5, 3, 3, 0, tzinfo=COPENHAGEN)
    assert next_run_time(night) == dt.datetime(2026, 5, 3, 3, tzinfo=COPENHAGEN)
    assert next_run_time(day) == dt.datetime(2026, 5, 4, 3, tzinfo=COPENHAGEN)


def test_the_run_is_queued_once(cast):
    assert retention_schedule() is True
    run_on_commit_callbacks()
    assert retention_schedule() is False
    run_on_commit_callbacks()
    (queued,) = _waiting()
    assert queued.run_after == next_run_time()


def test_a_run_applies_the_schedule_and_queues_the_next_night(cast):
    result = retention_daily.call("2026-05-03")
    run_on_commit_callbacks()
    assert set(result) >= {"core.audit", "privacy.read_log", "sessions.expired"}
    assert AuditEvent.objects.filter(action=PrivacyAction.RETENTION_RUN).count() == 1
    (queued,) = _waiting()
    assert queued.args_kwargs["args"] == [next_run_time().date().isoformat()]
