"""The cohort list at ten years of cohorts (issue #17 §1): pages of LEDERSPOR_PAGE_SIZE, filters
by programme, year and running/upcoming, sorting, and the same queries at two data sizes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lederspor.programmes.models import Cohort, Programme, ProgrammeKind

LIST = reverse("programmes:cohort_list")


def _cohorts(cast, n: int, tag: str, *, programme=None, start_in: int = 10, consultant=True):
    today = timezone.localdate()
    made = []
    for i in range(n):
        cohort = Cohort.objects.create(
            programme=programme or cast.programme,
            name=f"{tag} {i:03d}",
            starts_on=today + dt.timedelta(days=start_in + i),
            ends_on=today + dt.timedelta(days=start_in + i + 200),
            capacity=20,
        )
        if consultant:
            cohort.consultants.add(cast.consultant)
        made.append(cohort)
    return made


def _names(response) -> list[str]:
    return [c.name for c in response.context["cohorts"]]


def test_the_list_pages_by_the_page_size(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 4
    _cohorts(cast, 9, "Hold")
    client = as_(cast.consultant)
    first = client.get(LIST)
    assert len(_names(first)) == 4 and "Side 1 af 3" in first.content.decode()
    last = client.get(LIST, {"page": 3})
    assert len(_names(last)) == 2  # 9 new + the cast's cohort = 10


def test_filters_by_programme_year_and_status(cast, as_):
    other = Programme.objects.create(key="chef", kind=ProgrammeKind.ASPIRANT, name="Chefforløb")
    _cohorts(cast, 2, "Kommende")
    _cohorts(cast, 1, "Andet", programme=other)
    client = as_(cast.consultant)
    assert _names(client.get(LIST, {"programme": other.pk})) == ["Andet 000"]
    assert _names(client.get(LIST, {"status": "running"})) == [cast.cohort.name]
    upcoming = _names(client.get(LIST, {"status": "upcoming"}))
    assert cast.cohort.name not in upcoming and len(upcoming) == 3
    year = cast.cohort.starts_on.year
    assert cast.cohort.name in _names(client.get(LIST, {"year": year}))


def test_sorts_by_name_and_oldest_start(cast, as_):
    _cohorts(cast, 3, "Ø-hold")
    client = as_(cast.consultant)
    by_name = _names(client.get(LIST, {"sort": "name"}))
    assert by_name == sorted(by_name)
    oldest = _names(client.get(LIST, {"sort": "start_asc"}))
    assert oldest[0] == cast.cohort.name


def test_a_bad_filter_is_a_danish_error_and_the_list_stays(cast, as_):
    response = as_(cast.consultant).get(LIST, {"status": "gammel", "sort": "x"})
    html = response.content.decode()
    assert "Vælg en status fra listen." in html
    assert _names(response) == [cast.cohort.name]


def test_an_empty_filter_says_so(cast, as_):
    response = as_(cast.consultant).get(LIST, {"status": "upcoming"})
    assert "Ingen hold passer på filtrene." in response.content.decode()


def test_mine_keeps_the_consultants_cohorts_hr_sees_all(cast, as_):
    _cohorts(cast, 2, "Fremmed", consultant=False)
    mine = as_(cast.consultant).get(LIST, {"vis": "mine", "sort": "name"})
    assert _names(mine) == [cast.cohort.name]
    assert 'name="vis" value="mine"' in mine.content.decode()  # the filters keep "mine"
    assert len(_names(as_(cast.hr_colleague).get(LIST))) == 3
    assert len(_names(as_(cast.hr_colleague).get(LIST, {"vis": "mine"}))) == 0


@pytest.mark.parametrize("who", ["leader", "aspirant", "outsider"])
def test_others_get_404(cast, as_, who):
    assert as_(getattr(cast, who)).get(LIST).status_code == 404


def test_the_export_keeps_the_filter(cast, as_):
    _cohorts(cast, 2, "Kommende")
    response = as_(cast.consultant).get(LIST, {"status": "running", "eksport": "csv"})
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    assert cast.cohort.name.encode() in text and b"Kommende" not in text


def test_the_same_queries_at_two_data_sizes(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 10
    client = as_(cast.consultant)

    def count(params) -> int:
        client.get(LIST, params)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(LIST, params).status_code == 200
        return len(ctx.captured_queries)

    params = [{}, {"sort": "programme", "status": "upcoming"}, {"page": 2}]
    _cohorts(cast, 12, "Lille")
    small = [count(p) for p in params]
    _cohorts(cast, 80, "Stor")
    assert [count(p) for p in params] == small
