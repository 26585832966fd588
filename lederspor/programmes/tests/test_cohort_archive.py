"""The archive of finished cohorts (issue #16 §3): cohorts whose end date is past leave the
default cohort list for "Arkiv", filterable by programme and year, searchable by name, newest
first, paged, with enrolled and completed counts; the scope of the cohort list."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lederspor.programmes.models import Cohort, Enrolment, Programme, ProgrammeKind

ARCHIVE = reverse("programmes:cohort_archive")
LIST = reverse("programmes:cohort_list")


def finished(cast, name: str, *, start: dt.date, days: int = 150, programme=None) -> Cohort:
    cohort = Cohort.objects.create(
        programme=programme or cast.programme,
        name=name,
        starts_on=start,
        ends_on=start + dt.timedelta(days=days),
        capacity=20,
    )
    cohort.consultants.add(cast.consultant)
    return cohort


def listed(response) -> list[str]:
    return [c.name for c in response.context["page_obj"]]


@pytest.fixture
def archive(cast):
    """Three finished cohorts of the cast's consultant and one of nobody in particular."""
    today = timezone.localdate()
    year = today.year
    return {
        "last_year": finished(cast, "Aspiranthold forår", start=dt.date(year - 1, 2, 1)),
        "two_years": finished(cast, "Aspiranthold efterår", start=dt.date(year - 2, 9, 1)),
        "across": finished(cast, "Aspiranthold vinter", start=dt.date(year - 3, 11, 1)),
        "other": Cohort.objects.create(
            programme=cast.programme,
            name="Andet hold",
            starts_on=dt.date(year - 1, 1, 1),
            ends_on=today - dt.timedelta(days=1),
            capacity=10,
        ),
    }


def test_a_finished_cohort_leaves_the_list_for_the_archive(cast, as_, archive):
    client = as_(cast.hr_colleague)
    current = [c.name for c in client.get(LIST).context["cohorts"]]
    assert current == [cast.cohort.name]
    assert listed(client.get(ARCHIVE)) == [
        "Andet hold",
        "Aspiranthold forår",
        "Aspiranthold efterår",
        "Aspiranthold vinter",
    ]
    assert f'href="{ARCHIVE}"' in client.get(LIST).content.decode()


def test_a_cohort_ending_today_is_still_current(cast, as_):
    today = timezone.localdate()
    Cohort.objects.filter(pk=cast.cohort.pk).update(ends_on=today)
    client = as_(cast.consultant)
    assert [c.name for c in client.get(LIST).context["cohorts"]] == [cast.cohort.name]
    assert listed(client.get(ARCHIVE)) == []
    Cohort.objects.filter(pk=cast.cohort.pk).update(ends_on=today - dt.timedelta(days=1))
    assert listed(client.get(ARCHIVE)) == [cast.cohort.name]


def test_a_consultant_sees_their_own_and_hr_all(cast, as_, archive):
    hr = set(listed(as_(cast.hr_colleague).get(ARCHIVE)))
    assert "Andet hold" in hr
    # the consultant is HR too: all by default, their own with ?vis=mine
    mine = listed(as_(cast.consultant).get(ARCHIVE, {"vis": "mine"}))
    assert "Andet hold" not in mine and len(mine) == 3


def test_a_consultant_without_hr_rights_sees_only_their_own(cast, as_, archive):
    archive["other"].consultants.add(cast.host)
    assert listed(as_(cast.host).get(ARCHIVE)) == ["Andet hold"]


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant", "host", "outsider", "colleague"])
def test_participants_leaders_and_others_get_404(cast, as_, archive, who):
    assert as_(getattr(cast, who)).get(ARCHIVE).status_code == 404


def test_the_archive_needs_sign_in(client):
    response = client.get(ARCHIVE)
    assert response.status_code == 302 and response.url.startswith("/login/")


def test_filter_by_programme(cast, as_, archive):
    trainee = Programme.objects.create(key="trainee-x", kind=ProgrammeKind.TRAINEE, name="Trainee")
    finished(cast, "Traineehold", start=dt.date(2020, 1, 1), programme=trainee)
    response = as_(cast.consultant).get(ARCHIVE, {"programme": trainee.pk})
    assert listed(response) == ["Traineehold"]


def test_filter_by_a_year_the_cohort_ran_in(cast, as_, archive):
    year = timezone.localdate().year
    client = as_(cast.consultant)
    # the winter cohort started in November three years ago and ended the next spring
    assert listed(client.get(ARCHIVE, {"year": year - 2})) == [
        "Aspiranthold efterår",
        "Aspiranthold vinter",
    ]
    assert listed(client.get(ARCHIVE, {"year": year - 3})) == ["Aspiranthold vinter"]


def test_search_by_name(cast, as_, archive):
    client = as_(cast.consultant)
    assert listed(client.get(ARCHIVE, {"q": "EFTER"})) == ["Aspiranthold efterår"]
    response = client.get(ARCHIVE, {"q": "ingen sådan"})
    assert listed(response) == []
    assert "Ingen afsluttede hold passer på filtrene." in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"year": "1066"}, "Vælg et år fra listen."),
        ({"year": "abc"}, "Vælg et år fra listen."),
        ({"programme": "999999"}, "Vælg et forløb fra listen."),
        ({"programme": "x"}, "Vælg et forløb fra listen."),
        ({"q": "x" * 300}, "Skriv højst 200 tegn."),
    ],
)
def test_bad_filters_say_why_and_keep_what_was_typed(cast, as_, archive, params, message):
    response = as_(cast.consultant).get(ARCHIVE, {"q": "forår", **params})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert len(listed(response)) == 4  # the unfiltered archive meanwhile
    if "q" not in params:
        assert 'value="forår"' in page


def test_counts_enrolled_and_completed(cast, as_, archive):
    cohort = archive["last_year"]
    for person, status in [
        (cast.aspirant, Enrolment.Status.COMPLETED),
        (cast.other_aspirant, Enrolment.Status.COMPLETED),
        (cast.colleague, Enrolment.Status.ENROLLED),
        (cast.outsider, Enrolment.Status.WITHDRAWN),
    ]:
        Enrolment.objects.create(
            cohort=cohort,
            person=person,
            status=status,
            withdrawal_reason="Flyttet" if status == Enrolment.Status.WITHDRAWN else "",
        )
    row = next(
        c for c in as_(cast.consultant).get(ARCHIVE).context["page_obj"] if c.pk == cohort.pk
    )
    assert (row.enrolled, row.completed) == (3, 2)


def test_the_archive_is_paged_with_the_filters_kept(cast, as_, archive, settings):
    settings.LEDERSPOR_PAGE_SIZE = 2
    client = as_(cast.consultant)
    first = client.get(ARCHIVE, {"q": "aspiranthold"})
    assert listed(first) == ["Aspiranthold forår", "Aspiranthold efterår"]
    assert 'href="?q=aspiranthold&amp;page=2"' in first.content.decode()
    assert listed(client.get(ARCHIVE, {"q": "aspiranthold", "page": 2})) == ["Aspiranthold vinter"]
    assert listed(client.get(ARCHIVE, {"q": "aspiranthold", "page": "zzz"})) == listed(first)


def test_the_archive_makes_the_same_queries_at_two_data_sizes(cast, as_, archive, settings):
    settings.LEDERSPOR_PAGE_SIZE = 50
    client = as_(cast.consultant)
    client.get(ARCHIVE)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ARCHIVE).status_code == 200
    people = [cast.aspirant, cast.other_aspirant, cast.colleague]
    for i in range(30):
        cohort = finished(cast, f"Ekstra {i}", start=dt.date(2015, 1, 1) + dt.timedelta(days=i))
        for person in people:
            Enrolment.objects.create(
                cohort=cohort, person=person, status=Enrolment.Status.COMPLETED
            )
    with CaptureQueriesContext(connection) as many:
        response = client.get(ARCHIVE)
    assert len(listed(response)) == 34
    assert len(many) == len(few)
    assert len(few) <= 14


def test_the_export_holds_what_the_filters_keep(cast, as_, archive):
    import csv
    import io

    response = as_(cast.consultant).get(ARCHIVE, {"q": "aspiranthold", "eksport": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Hold", "Forløb", "Start", "Slut", "Optaget", "Gennemført"]
    assert [r[0] for r in rows[1:]] == [
        "Aspiranthold forår",
        "Aspiranthold efterår",
        "Aspiranthold vinter",
    ]
    page = as_(cast.consultant).get(ARCHIVE, {"q": "aspiranthold"}).content.decode()
    assert "eksport=xlsx" in page and "q=aspiranthold" in page
