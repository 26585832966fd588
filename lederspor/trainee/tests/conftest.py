"""Fixtures for the trainee tests: a running trainee cohort from seed 003's real content with
the aspirant (manager: leader) and the other aspirant (manager: other_leader) enrolled."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from lederspor.conversations.models import (
    AttendeeRole,
    Conversation,
    ConversationAttendee,
    ConversationStatus,
    ConversationTemplate,
)
from lederspor.site.testing import content_conversation_templates, make_cohort


def long_date(day: dt.date) -> str:
    """The date as the pages write it, the locale's DATE_FORMAT: "1. november 2026" in Danish
    (lederspor/core/tests/test_formats.py pins the format itself)."""
    return date_format(day)


@pytest.fixture
def trainee_cohort(cast, seed_content):
    """(cohort, [enrolment of aspirant, enrolment of other_aspirant]); consultant: cast's."""
    return make_cohort(
        "trainee",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant],
        name="Ledertrainees 2026",
    )


@pytest.fixture
def cohort(trainee_cohort):
    return trainee_cohort[0]


@pytest.fixture
def enrolment(trainee_cohort):
    return trainee_cohort[1][0]


@pytest.fixture
def other_enrolment(trainee_cohort):
    return trainee_cohort[1][1]


@pytest.fixture
def make_conversation(cast):
    """make_conversation(enrolment, kind, status=planned, days=0, answers=None) → a
    Conversation row made directly (the participant, their leader and the consultant attend)."""
    content_conversation_templates()

    def _make(enrolment, kind, *, status=ConversationStatus.PLANNED, days=0, answers=None):
        template = ConversationTemplate.objects.get(kind=kind)
        start = timezone.now() + dt.timedelta(days=days)
        c = Conversation.objects.create(
            enrolment=enrolment,
            template_version=template.versions.order_by("-number").first(),
            kind=kind,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
            status=status,
            answers=answers or {},
            held_at=start if status != ConversationStatus.PLANNED else None,
            organiser=cast.consultant,
        )
        ConversationAttendee.objects.create(
            conversation=c, person=enrolment.person, role=AttendeeRole.PARTICIPANT
        )
        return c

    return _make
