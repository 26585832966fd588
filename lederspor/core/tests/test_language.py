"""Danish by default, English by choice: stored per user, else the browser's Accept-Language."""

import pytest
from django.urls import reverse

from lederspor.core.models import User


def _lang(response) -> str:
    return response.headers.get("Content-Language", "")


def test_danish_is_the_default(client):
    response = client.get(reverse("login"))
    assert _lang(response) == "da"
    assert '<html lang="da">' in response.content.decode()


def test_accept_language_en_gives_english_to_a_visitor_who_has_not_chosen(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert _lang(response) == "en"
    assert '<html lang="en">' in response.content.decode()


def test_a_signed_in_users_choice_is_stored_and_beats_the_browser(cast, as_):
    client = as_(cast.leader)
    response = client.post(
        reverse("core:language"), {"language": "en", "next": reverse("site:my_reports")}
    )
    assert response.status_code == 302
    assert response.url == reverse("site:my_reports")
    assert User.objects.get(pk=cast.leader.user_id).language == "en"
    client.cookies.clear()  # another browser: only the stored choice is left
    client.force_login(cast.leader.user)
    page = client.get(reverse("site:home"), HTTP_ACCEPT_LANGUAGE="da")
    assert _lang(page) == "en"
    back = client.post(reverse("core:language"), {"language": "da", "next": "/"})
    assert back.status_code == 302
    assert User.objects.get(pk=cast.leader.user_id).language == "da"


def test_every_page_offers_the_other_language(cast, as_, client):
    page = as_(cast.aspirant).get(reverse("site:home")).content.decode()
    assert 'name="language" value="en"' in page and reverse("core:language") in page
    anonymous = client.get(reverse("login")).content.decode()
    assert 'name="language" value="en"' in anonymous


@pytest.mark.parametrize("language", ["de", "", "english"])
def test_an_unknown_language_changes_nothing(cast, as_, language):
    as_(cast.leader).post(reverse("core:language"), {"language": language, "next": "/"})
    assert User.objects.get(pk=cast.leader.user_id).language == ""


def test_an_outside_next_is_not_followed(cast, as_):
    response = as_(cast.leader).post(
        reverse("core:language"), {"language": "en", "next": "https://example.com/"}
    )
    assert response.status_code == 302
    assert "example.com" not in response.url


def test_the_switch_takes_post_only(client):
    assert client.get(reverse("core:language")).status_code == 405
