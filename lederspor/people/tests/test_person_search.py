"""HR's person search by unit (issue #16 §3): a unit's name finds the persons in it and in the
units below it; odd and long input is handled; the list's queries do not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import PERSON_SEARCH_MAX_LENGTH, person_search

LIST = "/organisation/personer/"


def names(response) -> list[str]:
    return [p.full_name for p in response.context["page_obj"]]


def add_persons(unit, count: int, *, start: int = 7000) -> None:
    for i in range(start, start + count):
        Person.objects.create(
            user=User.objects.create_user(email=f"s{i}@test.dk"),
            employee_number=f"S{i}",
            first_name=f"Sofus{i}",
            last_name="Søgbar",
            email=f"s{i}@test.dk",
            unit=unit,
        )


def test_a_workplace_name_finds_the_persons_there(cast, as_):
    listed = names(as_(cast.consultant).get(LIST, {"q": "Arbejdsplads A1a"}))
    assert listed == ["Anna Aspirant", "Carl Kollega", "Lars Leder"]


def test_an_area_name_finds_everyone_in_its_workplaces_too(cast, as_):
    listed = set(names(as_(cast.consultant).get(LIST, {"q": "Område A1"})))
    # the chef sits in the area itself; the rest in its two workplaces
    assert listed == {
        "Charlotte Chef",
        "Lars Leder",
        "Lene Leder",
        "Anna Aspirant",
        "Bo Aspirant",
        "Carl Kollega",
        "Hanne Vært",
    }


def test_unit_and_name_words_combine(cast, as_):
    assert names(as_(cast.consultant).get(LIST, {"q": "a1b aspirant"})) == ["Bo Aspirant"]


def test_unit_search_ignores_case(cast):
    assert [p.full_name for p in person_search(q="hr-TEAMET")] == [
        "Helle HR-chef",
        "Karen Konsulent",
        "Kim Konsulent",
    ]


@pytest.mark.parametrize(
    "q",
    [
        "%",
        "_",
        "'; DROP TABLE people_person; --",
        "\\",
        "<script>alert(1)</script>",
        "ÆØÅ æøå",
        "x" * 5000,
        " ".join(["ord"] * 300),
        "nul\x00tegn",
    ],
)
def test_odd_and_long_searches_answer_calmly(cast, as_, q):
    response = as_(cast.consultant).get(LIST, {"q": q})
    assert response.status_code == 200
    assert names(response) == []
    assert len(response.context["q"]) <= PERSON_SEARCH_MAX_LENGTH
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_a_percent_sign_is_a_character_not_a_wildcard(cast, as_):
    Person.objects.filter(pk=cast.outsider.pk).update(last_name="100%")
    assert names(as_(cast.consultant).get(LIST, {"q": "%"})) == ["Otto 100%"]


@pytest.mark.parametrize("who", ["leader", "chef", "aspirant", "host", "outsider"])
def test_the_unit_search_is_404_for_non_hr(cast, as_, who):
    assert as_(getattr(cast, who)).get(LIST, {"q": "Område A1"}).status_code == 404


def test_a_unit_search_makes_the_same_queries_at_two_data_sizes(cast, as_, settings):
    settings.LEDERSPOR_PAGE_SIZE = 50
    client = as_(cast.consultant)
    client.get(LIST, {"q": "Område"})  # the session and caches are warm
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST, {"q": "Område"}).status_code == 200
    extra = OrgUnit.objects.create(
        code="WA1c", name="Arbejdsplads A1c", kind="workplace", parent=cast.workplace.parent
    )
    add_persons(extra, 60)
    with CaptureQueriesContext(connection) as many:
        response = client.get(LIST, {"q": "Område"})
    assert len(names(response)) == 50
    assert len(many) == len(few)
    assert len(few) <= 13
