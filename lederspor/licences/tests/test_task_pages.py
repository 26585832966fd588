"""The kørekort task over a forvaltning (issue #17 §1: ~9,600 people): the holders and the
people missing the requirement in pages of LEDERSPOR_PAGE_SIZE, with a search and an order;
never everyone at once; the read log names only the people shown."""

import datetime as dt

import pytest
from django.urls import reverse

from lederspor.licences import services
from lederspor.licences.models import Licence
from lederspor.people.models import Person

PAST = dt.date(2026, 1, 5)


@pytest.fixture
def task(cast):
    task = services.licence_task_create(
        unit=cast.workplace, title="Medicin", description="", valid_months=24, by=cast.leader.user
    )
    services.licence_requirement_set(task=task, level="C", by=cast.leader.user)
    return task


def _people(cast, task, n: int, tag: str, *, licensed: bool) -> list[Person]:
    made = Person.objects.bulk_create(
        Person(
            employee_number=f"{tag}{i:04d}",
            first_name=f"{tag}{i:04d}",
            last_name="Holm",
            email=f"{tag.lower()}{i}@test.dk",
            unit=cast.workplace,
            manager=cast.leader,
            job_title="Social- og sundhedshjælper",
        )
        for i in range(n)
    )
    if licensed:
        Licence.objects.bulk_create(
            Licence(task=task, person=p, level="C", awarded_on=PAST) for p in made
        )
    return made


def _url(task, **params):
    from urllib.parse import urlencode

    base = reverse("licences:licence_task", args=[task.pk])
    return f"{base}?{urlencode(params)}" if params else base


def test_holders_and_missing_come_in_pages(cast, as_, task, settings):
    settings.LEDERSPOR_PAGE_SIZE = 5
    _people(cast, task, 12, "Har", licensed=True)
    _people(cast, task, 7, "Man", licensed=False)
    client = as_(cast.leader)
    html = client.get(_url(task)).content.decode()
    assert html.count("Har0") == 5
    assert "12 personer" in html
    assert "side_har=2" in html and "side_mangler=2" in html
    last = client.get(_url(task, side_har=3)).content.decode()
    assert "Har0010" in last and "Har0011" in last and "Har0009" not in last
    # the other list keeps its own page
    assert "Man0000" in last


def test_search_and_sort(cast, as_, task):
    _people(cast, task, 3, "Har", licensed=True)
    client = as_(cast.leader)
    html = client.get(_url(task, q="har0001")).content.decode()
    assert "Har0001" in html and "Har0002" not in html
    none = client.get(_url(task, q="ingensomhelst")).content.decode()
    assert "Ingen med kørekort passer på søgningen." in none
    by_name = client.get(_url(task, sort="name")).content.decode()
    assert by_name.index("Har0000") < by_name.index("Har0002")
    assert client.get(_url(task, sort="noget")).status_code == 200  # unknown: by name


def test_the_read_log_names_only_the_page_shown(cast, as_, task, settings):
    from lederspor.privacy.models import ReadLogEntry

    settings.LEDERSPOR_PAGE_SIZE = 4
    made = _people(cast, task, 10, "Har", licensed=True)
    as_(cast.leader).get(_url(task))
    entry = ReadLogEntry.objects.latest("pk")
    named = {int(x) for x in entry.subjects.split()}
    assert len(named & {p.pk for p in made}) == 4


def test_the_same_queries_at_two_sizes(cast, as_, task, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.LEDERSPOR_PAGE_SIZE = 10
    client = as_(cast.leader)

    def count() -> int:
        client.get(_url(task))
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(task, q="a", side_har=2)).status_code == 200
        return len(ctx.captured_queries)

    _people(cast, task, 15, "Lil", licensed=True)
    small = count()
    _people(cast, task, 300, "Sto", licensed=True)
    _people(cast, task, 200, "Mng", licensed=False)
    assert count() == small


def test_outsiders_still_get_404(cast, as_, task):
    assert as_(cast.outsider).get(_url(task, q="a")).status_code == 404
