"""Reminders at the anchoring dates (issue #5 §1: "Reminders go out at the anchoring dates (e.g.
the talk one month after the course)"), delivered by the real worker with the clock moved by
`time_machine`."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from lederspor.competence.models import AnchoringKind, CompetencePlan, PlanStatus
from lederspor.competence.services import plan_create, plan_field_save
from lederspor.notifications.testing import run_worker

TEXT = "Samtale en måned efter kurset"


@pytest.fixture
def plan(cast):
    return plan_create(
        title="Medicin til beboerne", unit=cast.workplace, owner=cast.leader, by=cast.admin
    )


def save_anchorings(cast, plan, *due_dates, text=TEXT):
    """Save field 5 with one goal follow-up per date (responsible: the colleague)."""
    plan.refresh_from_db()
    rows = [
        {
            "kind": AnchoringKind.GOAL_FOLLOW_UP,
            "text": text,
            "responsible": cast.colleague,
            "due_on": due_on,
        }
        for due_on in due_dates
    ]
    return plan_field_save(
        plan=plan,
        field="everyday",
        values={"everyday_from": None},
        rows=rows,
        expected_version=plan.version,
        by=cast.admin,
    )


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`hour` o'clock local time on `day`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def deliver_at(moment: dt.datetime) -> list:
    """Run the worker with the clock at `moment`; return the e-mails sent then."""
    mail.outbox.clear()
    with time_machine.travel(moment, tick=False):
        run_worker()
    return list(mail.outbox)


@pytest.fixture
def due():
    return timezone.localdate() + dt.timedelta(days=10)


def test_nothing_is_sent_the_day_before(cast, plan, due):
    save_anchorings(cast, plan, due)
    assert deliver_at(at(due - dt.timedelta(days=1), 12)) == []


def test_on_the_due_date_the_owner_and_the_responsible_get_one_email_each(cast, plan, due):
    save_anchorings(cast, plan, due)
    sent = deliver_at(at(due, 8))
    assert sorted(m.to for m in sent) == sorted([[cast.leader.email], [cast.colleague.email]])
    link = f"{settings.SITE_URL}{reverse('competence:plan_detail', args=[plan.pk])}"
    for message in sent:
        assert "Påmindelse" in message.subject
        assert plan.title in message.subject
        assert TEXT in message.body
        assert link in message.body.split()
    # and it does not come again later that day or the next
    assert deliver_at(at(due, 15)) == []
    assert deliver_at(at(due + dt.timedelta(days=1), 8)) == []


def test_owner_who_is_also_responsible_gets_one_email(cast, plan, due):
    plan.refresh_from_db()
    plan_field_save(
        plan=plan,
        field="everyday",
        values={"everyday_from": None},
        rows=[
            {
                "kind": AnchoringKind.GOAL_FOLLOW_UP,
                "text": TEXT,
                "responsible": cast.leader,
                "due_on": due,
            }
        ],
        expected_version=plan.version,
        by=cast.admin,
    )
    assert [m.to for m in deliver_at(at(due, 8))] == [[cast.leader.email]]


def test_nothing_is_sent_before_the_reminder_hour_on_the_due_date(cast, plan, due):
    save_anchorings(cast, plan, due)
    assert deliver_at(at(due, 6, 30)) == []
    assert len(deliver_at(at(due, 8))) == 2


@pytest.mark.parametrize("shift", [-4, 5], ids=["earlier", "later"])
def test_moving_the_date_before_it_fires_sends_only_at_the_new_date(cast, plan, due, shift):
    save_anchorings(cast, plan, due)
    new_due = due + dt.timedelta(days=shift)
    save_anchorings(cast, plan, new_due)
    # travel in time order: a worker run catches up on everything already due
    sent = {day: deliver_at(at(day, 8)) for day in sorted([due, new_due])}
    assert sent[due] == []
    assert sorted(m.to for m in sent[new_due]) == sorted(
        [[cast.leader.email], [cast.colleague.email]]
    )


def test_deleting_the_anchoring_sends_nothing(cast, plan, due):
    save_anchorings(cast, plan, due)
    save_anchorings(cast, plan)  # field 5 saved without rows
    assert deliver_at(at(due, 8)) == []


def test_resaving_the_same_date_after_it_was_sent_does_not_send_again(cast, plan, due):
    save_anchorings(cast, plan, due)
    assert len(deliver_at(at(due, 8))) == 2
    with time_machine.travel(at(due, 9), tick=False):
        save_anchorings(cast, plan, due)
    assert plan.anchorings.get().reminded_on == due
    assert deliver_at(at(due, 10)) == []
    assert deliver_at(at(due + dt.timedelta(days=1), 8)) == []


def test_changing_the_text_is_a_new_anchoring_and_is_reminded_again(cast, plan, due):
    """The carry-over is by kind, text and date: a rewritten anchoring is a new one."""
    save_anchorings(cast, plan, due)
    assert len(deliver_at(at(due, 8))) == 2
    with time_machine.travel(at(due, 9), tick=False):
        save_anchorings(cast, plan, due, text="Samtale om kurset med lederen")
    assert len(deliver_at(at(due, 10))) == 2


def test_an_evaluated_plan_sends_nothing(cast, plan, due):
    save_anchorings(cast, plan, due)
    CompetencePlan.objects.filter(pk=plan.pk).update(status=PlanStatus.EVALUATED)
    assert deliver_at(at(due, 8)) == []


def test_a_past_date_is_not_reminded(cast, plan):
    save_anchorings(cast, plan, timezone.localdate() - dt.timedelta(days=1))
    assert deliver_at(timezone.now() + dt.timedelta(days=1)) == []
