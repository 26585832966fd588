"""The job-visit calendar follows the cohort's dates (issue #14 §1; seed 001's February → May):
pairing, the two visit periods and the wrap-up, and the seed's texts following them."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from lederspor.programmes.models import Cohort
from lederspor.visits.schedule import schedule_for
from lederspor.visits.selectors import guide_for_cohort
from lederspor.visits.tests import factories as f

FEB_MAY = (dt.date(2027, 2, 1), dt.date(2027, 5, 31))


def test_a_february_to_may_cohort_has_the_seeds_calendar():
    s = schedule_for(starts_on=FEB_MAY[0], ends_on=FEB_MAY[1])
    with translation.override("da"):
        assert [p.title for p in s.periods] == ["Februar", "Marts", "April", "Maj"]
    assert s.pairing.starts_on == dt.date(2027, 2, 1)
    assert s.pairing.ends_on == dt.date(2027, 2, 28)
    assert (s.first_visits.starts_on, s.first_visits.ends_on) == (
        dt.date(2027, 3, 1),
        dt.date(2027, 3, 31),
    )
    assert s.second_visits.ends_on == dt.date(2027, 4, 30)
    assert (s.wrap_up.starts_on, s.wrap_up.ends_on) == (dt.date(2027, 5, 1), dt.date(2027, 5, 31))
    text = "Det er vigtigt, at jobbesøgene er gennemført inden den fælles opsamling i maj"
    assert s.follow(text) == text  # reads exactly as the seed


def test_an_autumn_cohort_names_its_own_months():
    s = schedule_for(starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2026, 12, 15))
    with translation.override("da"):
        assert [p.title for p in s.periods] == ["September", "Oktober", "November", "December"]
        assert s.follow("Maj: Fælles opsamling … inden den fælles opsamling i maj") == (
            "December: Fælles opsamling … inden den fælles opsamling i december"
        )
        assert s.follow("Februar:\nMarts: x\nApril: y") == "September:\nOktober: x\nNovember: y"
    assert s.wrap_up.ends_on == dt.date(2026, 12, 15)


def test_a_long_cohort_shares_the_middle_months_and_crosses_the_new_year():
    s = schedule_for(starts_on=dt.date(2026, 11, 10), ends_on=dt.date(2027, 4, 30))
    with translation.override("da"):
        assert s.first_visits.label == "december–januar"
        assert s.second_visits.label == "februar–marts"
        assert s.wrap_up.label == "april"
    assert s.pairing.starts_on == dt.date(2026, 11, 10)


def test_a_short_cohort_is_cut_into_four_periods_of_days():
    s = schedule_for(starts_on=dt.date(2026, 3, 3), ends_on=dt.date(2026, 4, 20))
    days = [p.starts_on for p in s.periods]
    assert days == sorted(days) and s.periods[-1].ends_on == dt.date(2026, 4, 20)
    for before, after in zip(s.periods, s.periods[1:], strict=False):
        assert before.ends_on + dt.timedelta(days=1) == after.starts_on
    with translation.override("da"):
        assert s.first_visits.label == "15.–26. marts"
        assert s.follow("inden den fælles opsamling i maj") == (
            "inden den fælles opsamling i perioden 8.–20. april"
        )


def test_an_end_before_the_start_is_refused():
    with pytest.raises(ValueError):
        schedule_for(starts_on=dt.date(2026, 5, 1), ends_on=dt.date(2026, 4, 1))


def test_the_guide_of_an_autumn_cohort_shows_no_seed_months(cast, db):
    programme = f.job_visit_programme()
    cohort = Cohort.objects.create(
        programme=programme,
        name="Jobbesøg efterår",
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 12, 15),
        capacity=10,
    )
    with translation.override("da"):
        guide = guide_for_cohort(cohort=cohort)
    months = [month for month, _text in guide.calendar]
    assert months == ["September", "Oktober", "November", "December"]
    assert guide.closing.endswith("inden den fælles opsamling i december")
    everything = " ".join([guide.closing, guide.time_and_place, *(t for _m, t in guide.calendar)])
    for seed_month in ("februar", "marts", "april", "maj"):
        assert seed_month not in everything.lower()
    steps = guide.dated_calendar
    assert steps[0].starts_on == dt.date(2026, 9, 1) and steps[-1].ends_on == dt.date(2026, 12, 15)


def test_participant_and_consultant_pages_show_the_cohorts_calendar(cast, as_):
    bente = f.leader(cast, "Bente")
    c = f.published(cast, [cast.leader, bente])
    Cohort.objects.filter(pk=c.pk).update(starts_on=dt.date(2026, 9, 1), ends_on=FEB_MAY[0])
    pair_html = as_(cast.leader).get(reverse("visits:mine")).content.decode()
    assert "1. september 2026" in pair_html and "Holdets kalender" not in pair_html
    assert "efter guiden i oktober–november" in pair_html
    assert reverse("visits:guide_pdf", args=[c.pk]) in pair_html
    overview = as_(cast.consultant).get(reverse("visits:cohort_overview", args=[c.pk]))
    html = overview.content.decode()
    assert "Holdets kalender" in html and "September" in html and "Februar" in html
    enrolment = c.enrolments.get(person=cast.leader)
    page = as_(cast.leader).get(reverse("programmes:enrolment_detail", args=[enrolment.pk]))
    assert "Holdets kalender" in page.content.decode()
    assert "1. februar 2027" in page.content.decode()


def test_overview_warns_when_the_pairing_month_passed_without_published_pairs(cast, as_):
    bente = f.leader(cast, "Bente")
    c = f.cohort(cast, [cast.leader, bente])  # starts 40 days ago: its first month is over
    html = as_(cast.consultant).get(reverse("visits:cohort_overview", args=[c.pk]))
    assert "Parrene skulle have været dannet og mailet i" in html.content.decode()
