"""Fixtures for Leder på spring: a clarification cohort from the real seed content with the
consultant, anna (aspirant) and bo (other_aspirant) enrolled, starting in 30 days."""

from __future__ import annotations

import datetime as dt

import pytest

from lederspor.clarification import services
from lederspor.site.testing import make_cohort


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder (MediaStorage reads MEDIA_ROOT at every use)."""
    settings.DATA_DIR = tmp_path
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lps(cast, seed_content):
    """(cohort, [aspirant's enrolment, other_aspirant's enrolment]) on Leder på spring."""
    return make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant],
        starts_in_days=30,
        length_days=120,
    )


@pytest.fixture
def cohort(lps):
    return lps[0]


@pytest.fixture
def anna(lps):
    return lps[1][0]


@pytest.fixture
def bo(lps):
    return lps[1][1]


def day_dates(cohort, step: int = 14) -> list[dt.date]:
    """Five dates from the cohort's start, `step` days apart."""
    return [cohort.starts_on + dt.timedelta(days=step * i) for i in range(5)]


@pytest.fixture
def days(cast, cohort):
    """The five teaching days, created through the service."""
    return services.teaching_days_create(
        cohort=cohort,
        dates=day_dates(cohort),
        starts=dt.time(9),
        ends=dt.time(15, 30),
        place="Rådhuset, mødelokale 1",
        by=cast.admin,
    )
