"""Teaching days (seed 002 §5): "Opret de fem undervisningsdage" creates five sessions with the
seed's themes and descriptions word for word, on the consultant's dates; bad input writes
nothing; only the cohort's consultants may do it."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lederspor.clarification import services
from lederspor.clarification.tests.conftest import day_dates
from lederspor.programmes.models import Session

SEED = Path(__file__).resolve().parents[4] / "shared" / "seeds" / "002_0edc666aa0a2f0ed.txt"

THEMES = [
    "Ledelse i en kommunal kontekst",
    "Dig som leder",
    "Ledelse i spil",
    "Min vej mod ledelse",
    "Min vej mod ledelse – fortsat",
]


def seed_text() -> str:
    """Seed 002 with the page decoration removed and all whitespace collapsed; skips the test
    when the seeds (../shared beside the checkout) are not there."""
    if not SEED.exists():
        pytest.skip(f"seed 002 not found at {SEED}")
    text = SEED.read_text(encoding="utf-8").replace("Slå ørerne ud (og øjnene)!", " ")
    return re.sub(r"\s+", " ", text)


def post_days(client, cohort, dates, **extra):
    data = {f"day_{i}": d.isoformat() if d else "" for i, d in enumerate(dates, start=1)}
    data.update({"starts": "09:00", "ends": "15:30", "place": "Rådhuset"})
    data.update(extra)
    return client.post(reverse("clarification:teaching_days_create", args=[cohort.pk]), data)


def test_five_days_with_the_seeds_themes_and_descriptions_word_for_word(cast, cohort, days):
    seed = seed_text()
    assert [s.theme for s in days] == THEMES
    for n, (session, theme) in enumerate(zip(days, THEMES, strict=True), start=1):
        assert f"{n}. undervisningsdag: {theme}" in seed
        assert session.kind == Session.Kind.TEACHING_DAY
        assert re.sub(r"\s+", " ", session.description) in seed
        assert session.place == "Rådhuset, mødelokale 1"
    assert days[1].description.startswith("Her er et væsentligt omdrejningspunktet JTI")
    assert "lederindlæg" in days[4].description


def test_the_consultant_creates_them_through_the_form(cast, as_, cohort):
    c = as_(cast.consultant)
    page = c.get(reverse("clarification:teaching_days_create", args=[cohort.pk]))
    assert page.status_code == 200
    assert "1. undervisningsdag: Ledelse i en kommunal kontekst" in page.content.decode()
    response = post_days(c, cohort, day_dates(cohort))
    assert response.status_code == 302
    sessions = list(cohort.sessions.order_by("starts_at"))
    assert [s.theme for s in sessions] == THEMES
    assert sessions[0].starts_at.hour == 9 or sessions[0].starts_at.astimezone().hour == 9
    overview = c.get(reverse("clarification:cohort", args=[cohort.pk])).content.decode()
    assert "Dig som leder" in overview
    # a second time is refused, nothing doubled
    post_days(c, cohort, day_dates(cohort))
    assert cohort.sessions.count() == 5


@pytest.mark.parametrize(
    "change, message",
    [
        ("reverse", "rækkefølge"),
        ("missing", "Angiv en dato."),
        ("outside", "holdets periode"),
        ("times", "Sluttidspunktet skal ligge efter starttidspunktet."),
    ],
)
def test_bad_input_keeps_what_was_typed_and_writes_nothing(cast, as_, cohort, change, message):
    dates = day_dates(cohort)
    extra = {}
    if change == "reverse":
        dates[1], dates[2] = dates[2], dates[1]
    elif change == "missing":
        dates[3] = None
    elif change == "outside":
        dates[4] = cohort.ends_on + dt.timedelta(days=3)
    elif change == "times":
        extra = {"starts": "15:00", "ends": "09:00"}
    response = post_days(as_(cast.consultant), cohort, dates, **extra)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f'value="{dates[0].isoformat()}"' in html
    assert 'value="Rådhuset"' in html
    assert cohort.sessions.count() == 0


def test_service_refuses_another_programme(cast):
    with pytest.raises(ValidationError):
        services.teaching_days_create(
            cohort=cast.cohort,
            dates=day_dates(cast.cohort),
            starts=dt.time(9),
            ends=dt.time(15),
            place="",
            by=cast.admin,
        )


@pytest.mark.parametrize(
    "who, get_status, post_status",
    [
        ("consultant", 200, 302),
        ("admin", 200, 302),
        ("hr_colleague", 403, 403),  # HR staff may read the cohort, not write
        ("aspirant", 404, 404),
        ("leader", 404, 404),
        ("chef", 404, 404),
        ("host", 404, 404),
        ("outsider", 404, 404),
    ],
)
def test_who_may_create_teaching_days(cast, as_, cohort, who, get_status, post_status):
    c = as_(getattr(cast, who))
    url = reverse("clarification:teaching_days_create", args=[cohort.pk])
    assert c.get(url).status_code == get_status
    assert post_days(c, cohort, day_dates(cohort)).status_code == post_status
    assert cohort.sessions.count() == (5 if post_status == 302 else 0)


def test_an_aspirant_cohort_has_no_leder_paa_spring_page(cast, as_):
    c = as_(cast.consultant)
    assert c.get(reverse("clarification:cohort", args=[cast.cohort.pk])).status_code == 404
