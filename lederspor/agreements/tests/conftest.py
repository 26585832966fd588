"""Fixtures: a trainee cohort (real seed content) with the cast's aspirant as trainee."""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.agreements.services import agreement_approve, agreement_create, agreement_save
from lederspor.site.testing import make_cohort


@pytest.fixture
def trainee(cast, seed_content):
    """(cohort, enrolment of cast.aspirant, enrolment of cast.other_aspirant) on a trainee
    cohort with cast.consultant as consultant."""
    cohort, (enrolment, other) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant, cast.other_aspirant]
    )
    return cohort, enrolment, other


@pytest.fixture
def enrolment(trainee):
    return trainee[1]


def day(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def fill(agreement, cast, *, support="Ugentlige møder med sparring", goals=None, blocks=None):
    """Save content into a draft as the leader; returns the saved agreement."""
    agreement.refresh_from_db()
    return agreement_save(
        agreement=agreement,
        leader_support=support,
        goals=goals
        if goals is not None
        else [
            {"kind": "programme", "text": "Lede et tværgående projekt"},
            {"kind": "personal", "text": "Tydelighed i kommunikationen"},
        ],
        blocks=blocks
        if blocks is not None
        else [
            {
                "id": agreement.blocks.get(kind="aspirant_programme").pk,
                "kind": "aspirant_programme",
                "title": "Deltagelse i lederaspirantforløbet",
            },
            {
                "kind": "practice",
                "title": "Følge lederen i budgetlægning",
                "practice_form": "follow_leader",
                "scope": "local",
                "starts_on": day(5),
                "ends_on": day(30),
                "complexity": 1,
            },
            {
                "kind": "practice",
                "title": "Lede et tværgående projekt",
                "practice_form": "placement",
                "scope": "cross",
                "starts_on": day(60),
                "ends_on": day(120),
                "complexity": 3,
            },
        ],
        expected_version=agreement.version,
        user=cast.leader.user,
    )


def approve_all(agreement, cast):
    """Approve as trainee, leader and consultant; returns the approved agreement."""
    for role, person in (
        ("trainee", cast.aspirant),
        ("leader", cast.leader),
        ("consultant", cast.consultant),
    ):
        agreement.refresh_from_db()
        agreement = agreement_approve(
            agreement=agreement,
            role=role,
            person=person,
            user=person.user,
            expected_version=agreement.version,
        )
    return agreement


@pytest.fixture
def draft(cast, enrolment):
    return fill(agreement_create(enrolment=enrolment, user=cast.leader.user), cast)


@pytest.fixture
def approved(cast, draft):
    return approve_all(draft, cast)
