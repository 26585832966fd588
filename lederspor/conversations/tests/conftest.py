"""Fixtures for the conversation tests: a Leder på spring and a trainee cohort with the cast."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.site.testing import content_conversation_templates, make_cohort


@pytest.fixture
def templates(seed_content, db):
    """The ten conversation templates loaded from the content file (once per session: the
    `seed_content` layer)."""
    return content_conversation_templates()


@pytest.fixture
def clarification(cast, templates):
    """(cohort, [enrolment of aspirant, enrolment of other_aspirant]) of Leder på spring."""
    return make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant],
    )


@pytest.fixture
def trainee(cast, templates):
    """(cohort, [enrolment of aspirant]) of the trainee programme."""
    return make_cohort("trainee", consultants=[cast.consultant], participants=[cast.aspirant])


@pytest.fixture
def when():
    """(starts_at, ends_at): a one-hour slot seven days from now at 10:00 local time."""
    day = timezone.localdate() + dt.timedelta(days=7)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    return start, start + dt.timedelta(hours=1)


@pytest.fixture
def plan(cast, when):
    """`plan(enrolment, kind, attendees=None, past=False)` → a planned conversation (by the
    participant's leader); `past` puts it yesterday so it may be marked held."""
    from lederspor.conversations.services import conversation_plan

    def _plan(enrolment, kind, attendees=None, past=False, place="Mødelokale 2"):
        start, end = when
        if past:
            start, end = start - dt.timedelta(days=8), end - dt.timedelta(days=8)
        return conversation_plan(
            enrolment=enrolment,
            kind=kind,
            starts_at=start,
            ends_at=end,
            place=place,
            attendees=attendees,
            by=cast.leader.user,
        )

    return _plan
