"""The logbook in the demo: a Leder på spring participant's entries, written through the
services on the days they are dated."""

import pytest
from django.utils import timezone

from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.tests.factories import make_session
from lederspor.site.demo.logbook import build_logbook_demo
from lederspor.site.testing import make_cohort


@pytest.fixture
def enrolment(cast):
    """The aspirant's enrolment on a Leder på spring cohort with the cast's consultant."""
    _cohort, enrolments = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant, cast.colleague],
    )
    return enrolments[0]


def test_demo_entries(cast, enrolment):
    cohort = enrolment.cohort
    for n in range(3):
        make_session(cohort, theme=f"{n + 1}. undervisningsdag", days=-30 + n * 7)
    build_logbook_demo(enrolment=enrolment, today=timezone.localdate())
    entries = list(LogbookEntry.objects.filter(enrolment=enrolment))
    assert 5 <= len(entries) <= 6
    visibilities = [e.visibility for e in entries]
    assert visibilities.count(Visibility.LEADER) == 2
    assert visibilities.count(Visibility.NETWORK_GROUP) == 1
    assert visibilities.count(Visibility.PRIVATE) >= 2
    # days 1, 2 and 3 (twice) are linked; nothing is dated after today
    assert sum(e.session_id is not None for e in entries) == 4
    assert all(e.written_on <= timezone.localdate() for e in entries)
    build_logbook_demo(enrolment=enrolment, today=timezone.localdate())
    assert LogbookEntry.objects.filter(enrolment=enrolment).count() == len(entries)


def test_demo_entries_never_link_a_teaching_day_that_has_not_happened(cast, enrolment):
    cohort = enrolment.cohort
    for n in range(3):
        make_session(cohort, theme=f"{n + 1}. undervisningsdag", days=5 + n * 7)
    build_logbook_demo(enrolment=enrolment, today=timezone.localdate())
    entries = list(LogbookEntry.objects.filter(enrolment=enrolment))
    assert entries and all(e.session_id is None for e in entries)
    assert all(e.written_on <= timezone.localdate() for e in entries)
