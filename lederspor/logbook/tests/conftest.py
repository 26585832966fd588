"""Fixtures for the logbook tests: a Leder på spring cohort with two network groups.

Group 1 (published): aspirant and other_aspirant. Group 2: colleague. The cast's leader is
the aspirant's nearest leader; other_leader is other_aspirant's.
"""

import pytest

from lederspor.logbook.tests.factories import make_groups
from lederspor.site.testing import make_cohort


@pytest.fixture
def lps(cast, seed_content):
    """(cohort, [enrolment of aspirant, of other_aspirant, of colleague]) on Leder på spring."""
    return make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant, cast.colleague],
    )


@pytest.fixture
def enrolment(lps):
    """The aspirant's Leder på spring enrolment (the author in most tests)."""
    return lps[1][0]


@pytest.fixture
def groups(lps):
    """The published round: group 1 = aspirant + other_aspirant, group 2 = colleague."""
    cohort, (mine, peer, other) = lps
    return make_groups(cohort, [[mine, peer], [other]])
