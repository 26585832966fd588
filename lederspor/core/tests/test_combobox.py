"""Search-as-you-type pickers (issue #17 §1; core.combobox, people.pickers, docs/pickers.md),
through the task host of the propose form (`catalogue.task_host`): the search endpoint's
permission and answer, the field's validation, the no-JavaScript fallback, and a form page whose
queries and HTML do not grow with the municipality."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.combobox import PICKER_LIMIT, query_words
from lederspor.people.models import Person
from lederspor.privacy.models import ReadLogEntry

KEY = "catalogue.task_host"


def search_url(key: str, picker_for: object, q: str) -> str:
    return reverse("core:picker", args=[key]) + f"?for={picker_for}&q={q}"


def results(response) -> list[dict]:
    assert response.status_code == 200, response.status_code
    return response.json()["results"]


def add_persons(cast, count: int, tag: str, *, first: str = "Zeta", **fields) -> list[Person]:
    return Person.objects.bulk_create(
        Person(
            employee_number=f"{tag}{i:05d}",
            first_name=first,
            last_name=f"{tag}{i:05d}",
            email=f"{first.lower()}.{tag}{i:05d}@test.dk",
            job_title="Sagsbehandler",
            unit=cast.other_workplace,
            **fields,
        )
        for i in range(count)
    )


# --- the endpoint -------------------------------------------------------------------------------


def test_the_nearest_leader_finds_a_host_by_name_with_only_name_unit_and_job_title(cast, as_):
    found = results(as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, "hann")))
    assert found == [
        {
            "id": cast.host.pk,
            "name": cast.host.full_name,
            "unit": cast.host.unit.name,
            "job_title": cast.host.job_title,
        }
    ]


@pytest.mark.parametrize(
    ("q", "expected"),
    [("Vært", "host"), ("106", "host"), ("hanne@", "host"), ("hanne vær", "host")],
)
def test_matches_by_prefix_of_last_name_employee_number_e_mail_and_several_words(
    cast, as_, q, expected
):
    found = results(as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, q)))
    assert [item["id"] for item in found] == [getattr(cast, expected).pk]


def test_the_participant_is_not_offered_as_host_of_their_own_task(cast, as_):
    found = results(as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, "Anna")))
    assert cast.aspirant.pk not in [item["id"] for item in found]


def test_inactive_persons_are_never_returned(cast, as_):
    Person.objects.filter(pk=cast.host.pk).update(is_active=False)
    assert results(as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, "Hanne"))) == []


def test_at_most_twenty_matches(cast, as_):
    add_persons(cast, PICKER_LIMIT + 5, "L")
    found = results(as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, "zeta")))
    assert len(found) == PICKER_LIMIT


def test_an_empty_search_returns_nothing(cast, as_):
    assert results(as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, "+"))) == []


def test_an_unknown_picker_key_is_404(cast, as_):
    response = as_(cast.leader).get(search_url("no.such_picker", cast.enrolment.pk, "Hanne"))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["outsider", "host", "other_leader", "colleague"])
def test_a_user_who_may_not_propose_a_task_for_the_enrolment_gets_404(cast, as_, who):
    response = as_(getattr(cast, who)).get(search_url(KEY, cast.enrolment.pk, "Hanne"))
    assert response.status_code == 404


@pytest.mark.parametrize("picker_for", ["", "abc", "0", "999999", "1%C2%B2"])
def test_a_missing_or_malformed_object_is_404(cast, as_, picker_for):
    response = as_(cast.leader).get(search_url(KEY, picker_for, "Hanne"))
    assert response.status_code == 404


def test_signed_out_the_endpoint_sends_to_the_sign_in_page(cast, client):
    response = client.get(search_url(KEY, cast.enrolment.pk, "Hanne"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_the_endpoint_is_get_only(cast, as_):
    response = as_(cast.leader).post(search_url(KEY, cast.enrolment.pk, "Hanne"))
    assert response.status_code == 405


def test_the_persons_shown_are_noted_in_the_read_log(cast, as_):
    ReadLogEntry.objects.all().delete()
    as_(cast.leader).get(search_url(KEY, cast.enrolment.pk, "Hanne"))
    entry = ReadLogEntry.objects.get()
    assert str(cast.host.pk) in entry.subjects


def test_search_words_are_cut_and_cleaned():
    assert query_words("  anna\x00  hansen ") == ["anna", "hansen"]
    assert query_words("a b c d e f g") == ["a", "b", "c", "d", "e"]
    assert query_words("x" * 500) == ["x" * 100]


# --- the field on the propose form ----------------------------------------------------------------


def propose_url(cast) -> str:
    return reverse("catalogue:assignment_create", args=[cast.enrolment.pk])


def propose_data(**extra) -> dict:
    return {
        "title": "Mødeleder på personalemødet",
        "learning_goal": "At lede et møde med en klar dagsorden",
        "scope": "Fire møder",
        **extra,
    }


def test_the_chosen_host_is_saved(cast, as_):
    response = as_(cast.leader).post(propose_url(cast), propose_data(host=cast.host.pk))
    assert response.status_code == 302
    assert TaskAssignment.objects.get(title="Mødeleder på personalemødet").host == cast.host


@pytest.mark.parametrize("bad", ["participant", "inactive", "unknown", "text"])
def test_a_host_outside_the_allowed_set_is_refused_with_a_danish_error(cast, as_, bad):
    if bad == "inactive":
        Person.objects.filter(pk=cast.host.pk).update(is_active=False)
    value = {
        "participant": cast.aspirant.pk,
        "inactive": cast.host.pk,
        "unknown": 999999,
        "text": "Hanne",
    }[bad]
    response = as_(cast.leader).post(propose_url(cast), propose_data(host=value))
    assert response.status_code == 200
    assert "Det valgte kan ikke vælges her. Søg og vælg igen." in response.content.decode()
    assert not TaskAssignment.objects.filter(title="Mødeleder på personalemødet").exists()


def test_the_form_page_has_a_search_input_labelled_by_the_field_and_no_list_of_persons(cast, as_):
    html = as_(cast.leader).get(propose_url(cast)).content.decode()
    assert '<label for="id_host">' in html
    search = r'<input type="search" name="host__q" value="" autocomplete="off"[^>]*id="id_host"'
    assert re.search(search, html)
    url = reverse("core:picker", args=[KEY])
    assert f'data-picker-url="{url}?for={cast.enrolment.pk}"' in html
    assert cast.host.full_name not in html
    picker = html.split('data-picker-name="host"')[1].split('for="id_host_note"')[0]
    assert "<option" not in picker
    assert 'name="host"' not in picker  # nothing chosen, nothing searched: no choices yet


# --- without JavaScript -----------------------------------------------------------------------------


def test_without_javascript_a_search_shows_the_matches_and_keeps_everything_typed(cast, as_):
    client = as_(cast.leader)
    response = client.post(
        propose_url(cast), propose_data(host__q="Hanne", host__search="1", host_note="Notat")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not TaskAssignment.objects.filter(title="Mødeleder på personalemødet").exists()
    assert 'value="Mødeleder på personalemødet"' in html
    assert "At lede et møde med en klar dagsorden</textarea>" in html
    assert 'name="host__q" value="Hanne"' in html
    assert f'type="radio" name="host" value="{cast.host.pk}"' in html
    assert "Vælg blandt de fundne" in html
    # the other fields' rules wait until the user saves
    assert "Dette felt er påkrævet" not in html

    # choosing a match and saving: the typed text arrives with the chosen host
    response = client.post(
        propose_url(cast), propose_data(host__q="Hanne", host=cast.host.pk, host_note="Notat")
    )
    assert response.status_code == 302
    saved = TaskAssignment.objects.get(title="Mødeleder på personalemødet")
    assert (saved.host, saved.host_note) == (cast.host, "Notat")


def test_without_javascript_a_search_keeps_the_choice_already_made(cast, as_):
    html = (
        as_(cast.leader)
        .post(propose_url(cast), propose_data(host=cast.host.pk, host__q="Lene", host__search="1"))
        .content.decode()
    )
    assert re.search(rf'type="radio" name="host" value="{cast.host.pk}"[^>]*checked', html)
    assert f'value="{cast.other_leader.pk}"' in html
    assert 'name="host" value="" >' not in html


def test_without_javascript_a_search_without_matches_says_so(cast, as_):
    html = (
        as_(cast.leader)
        .post(propose_url(cast), propose_data(host__q="Ingensteds", host__search="1"))
        .content.decode()
    )
    assert "Ingen fundet for “Ingensteds”." in html


# --- at municipal size ------------------------------------------------------------------------------


def _page(client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.content)


def test_the_propose_page_has_the_same_queries_and_html_at_100_and_1000_persons(cast, as_):
    client = as_(cast.leader)
    url = propose_url(cast)
    add_persons(cast, 100, "S")
    small = _page(client, url)
    add_persons(cast, 900, "B")
    assert Person.objects.count() > 1000
    assert _page(client, url) == small


def test_the_edit_page_shows_the_chosen_host_with_one_query_at_two_sizes(cast, as_):
    client = as_(cast.leader)
    assignment = TaskAssignment.objects.create(
        enrolment=cast.enrolment, title="Værtsopgave", proposed_by=cast.leader, host=cast.host
    )
    url = reverse("catalogue:assignment_edit", args=[assignment.pk])
    add_persons(cast, 100, "S")
    small = _page(client, url)
    add_persons(cast, 900, "B")
    assert _page(client, url) == small
    html = client.get(url).content.decode()
    assert re.search(rf'type="radio" name="host" value="{cast.host.pk}"[^>]*checked', html)


# --- several: the cohort's consultants --------------------------------------------------------------


def cohort_data(cast, **extra) -> dict:
    from lederspor.programmes.tests.test_views import cohort_post

    return cohort_post(cast, **extra)


def test_consultants_outside_the_set_are_refused_and_the_form_keeps_the_typed_name(cast, as_):
    from lederspor.programmes.models import Cohort

    client = as_(cast.consultant)
    response = client.post(
        reverse("programmes:cohort_create"),
        cohort_data(cast, consultants=[cast.consultant.pk, cast.outsider.pk]),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Det valgte kan ikke vælges her. Søg og vælg igen." in html
    assert 'value="Aspiranthold forår"' in html
    assert not Cohort.objects.filter(name="Aspiranthold forår").exists()


def test_without_javascript_a_consultant_search_keeps_the_chosen_checked_and_adds_matches(
    cast, as_
):
    from lederspor.programmes.models import Cohort

    client = as_(cast.consultant)
    data = cohort_data(cast, consultants__q="Karen", consultants__search="1")
    html = client.post(reverse("programmes:cohort_create"), data).content.decode()
    assert re.search(
        rf'type="checkbox" name="consultants" value="{cast.consultant.pk}"[^>]*checked', html
    )
    assert f'type="checkbox" name="consultants" value="{cast.hr_colleague.pk}" data-label' in html
    assert not Cohort.objects.filter(name="Aspiranthold forår").exists()

    data = cohort_data(cast, consultants=[cast.consultant.pk, cast.hr_colleague.pk])
    assert client.post(reverse("programmes:cohort_create"), data).status_code == 302
    cohort = Cohort.objects.get(name="Aspiranthold forår")
    assert set(cohort.consultants.all()) == {cast.consultant, cast.hr_colleague}


def test_without_javascript_enter_in_another_field_with_an_empty_search_saves_the_form(cast, as_):
    """Enter in a text field "presses" the form's first submit button, which may be the
    picker's "Søg": with nothing to search for, the form is saved."""
    response = as_(cast.leader).post(propose_url(cast), propose_data(host__q="", host__search="1"))
    assert response.status_code == 302
    assert TaskAssignment.objects.get(title="Mødeleder på personalemødet").host is None
