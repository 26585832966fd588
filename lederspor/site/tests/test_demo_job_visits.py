"""The demo job-visit cohort ran February to May (seed 001's calendar): pairs published in
February, visits held in March and April, reflection times agreed, one visit reopened."""

import datetime as dt
import random

from django.utils import timezone

from lederspor.core.models import User
from lederspor.people.models import Person
from lederspor.site.demo.job_visits import build_demo_job_visits, cohort_year
from lederspor.visits.models import JobVisit
from lederspor.visits.tests import factories as f


def leaders(cast, n: int) -> list[Person]:
    """`n` bulk leaders (`visits.tests.factories.leaders`) with logins: the demo acts as each of
    them (`people.roles.login_of`), as it does as every person of the demo municipality."""
    people = f.leaders(cast, n)
    users = User.objects.bulk_create(User(email=p.email) for p in people)
    for person, user in zip(people, users, strict=True):
        person.user = user
    Person.objects.bulk_update(people, ["user"])
    return people


def test_demo_cohort_runs_february_to_may(cast):
    f.job_visit_programme()
    people = leaders(cast, 34)
    today = timezone.localdate()
    cohort = build_demo_job_visits(
        today=today,
        rng=random.Random(4),
        leaders=people,
        consultant=cast.consultant,
        by_user=cast.consultant.user,
        include=[cast.leader],
    )
    year = cohort_year(today)
    assert cohort_year(dt.date(2026, 12, 6)) == 2026 and cohort_year(dt.date(2027, 5, 31)) == 2026
    assert (cohort.starts_on, cohort.ends_on) == (dt.date(year, 2, 1), dt.date(year, 5, 31))
    assert cohort.ends_on < today
    members = set(cohort.visit_pairs.values_list("memberships__person_id", flat=True))
    assert len(members) == 30 and cast.leader.pk in members
    assert cohort.visit_pairs.filter(published_at__isnull=True).count() == 0
    tz = timezone.get_current_timezone()
    published = {p.published_at.astimezone(tz).month for p in cohort.visit_pairs.all()}
    assert published == {2}  # the pairing mail goes out in February
    for index, pair in enumerate(cohort.visit_pairs.order_by("number")):
        visits = list(pair.visits.order_by("id"))
        assert visits[0].starts_at.astimezone(tz).month == 3
        assert visits[0].status in JobVisit.DONE
        if index % 4 == 3:
            assert visits[1].status == JobVisit.Status.PLANNED  # the gate's missing visit
        else:
            assert visits[1].starts_at.astimezone(tz).month == 4
            assert visits[1].status == JobVisit.Status.REFLECTED
    done = JobVisit.objects.filter(pair__cohort=cohort).exclude(status="planned")
    for visit in done:
        assert visit.reflection_starts_at >= visit.ends_at
        assert visit.reflection_place and visit.reflection_place != visit.place
    reopened = JobVisit.objects.filter(pair__cohort=cohort, status=JobVisit.Status.HELD)
    assert reopened.count() == 1 and reopened.get().reopen_requested_at is None


def test_working_day_skips_weekends_and_the_christmas_holidays():
    from lederspor.site.demo.job_visits import is_working_day, working_day

    assert working_day(dt.date(2026, 11, 21)) == dt.date(2026, 11, 23)  # Saturday → Monday
    assert working_day(dt.date(2026, 11, 21), backward=True) == dt.date(2026, 11, 20)
    assert working_day(dt.date(2025, 12, 24)) == dt.date(2025, 12, 29)  # 27–28 is a weekend
    assert working_day(dt.date(2025, 12, 31)) == dt.date(2026, 1, 2)
    assert working_day(dt.date(2026, 1, 1), backward=True) == dt.date(2025, 12, 30)
    assert not is_working_day(dt.date(2026, 12, 31))


def test_demo_visit_dates_fall_on_working_days_even_around_christmas(cast):
    from lederspor.site.demo.job_visits import is_working_day

    f.job_visit_programme()
    people = leaders(cast, 12)
    for today in (dt.date(2026, 12, 27), dt.date(2027, 1, 2)):
        cohort = build_demo_job_visits(
            today=today,
            rng=random.Random(7),
            leaders=people,
            consultant=cast.consultant,
            by_user=cast.consultant.user,
        )
        tz = timezone.get_current_timezone()
        for visit in JobVisit.objects.filter(pair__cohort=cohort, starts_at__isnull=False):
            assert is_working_day(visit.starts_at.astimezone(tz).date()), visit.starts_at
