"""The account page (/konto/): the person's own sign-in events only, and links that follow the
settings (local passwords, two-factor)."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from lederspor.accounts.audit import AccountAction
from lederspor.accounts.views import AUTH_METHOD_SESSION_KEY
from lederspor.core.audit import audit_record
from lederspor.site.testing import PASSWORD

ACCOUNT = reverse("accounts:account")


def sign_in(person) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_lists_only_the_persons_own_sign_in_events(cast):
    audit_record(
        actor=None,
        action=AccountAction.LOGIN_FAILED,
        obj=cast.leader.user,
        address="198.51.100.7",
    )
    audit_record(
        actor=None, action=AccountAction.LOGIN_FAILED, obj=cast.chef.user, address="203.0.113.9"
    )
    page = sign_in(cast.leader).get(ACCOUNT)
    assert page.status_code == 200
    body = page.content.decode()
    assert "Mislykket log ind" in body and "198.51.100.7" in body
    assert "203.0.113.9" not in body  # the chef's row
    assert "Du er logget ind med adgangskode." in body
    labels = [row["label"] for row in page.context["events"]]
    assert labels[0] == "Logget ind"  # this sign-in, newest first


def test_the_name_in_the_header_links_to_the_account_page(as_, cast):
    body = as_(cast.aspirant).get("/").content.decode()
    assert f'href="{ACCOUNT}"' in body


@override_settings(LEDERSPOR_2FA_REQUIRED=True)
@pytest.mark.two_factor
def test_two_factor_link_only_for_those_who_must(as_, cast):
    two_factor = reverse("accounts:two_factor")
    assert two_factor not in as_(cast.aspirant).get(ACCOUNT).content.decode()
    consultant = as_(cast.consultant)
    # an SSO session reaches the page without the code step; the link is there to set it up
    session = consultant.session
    session[AUTH_METHOD_SESSION_KEY] = "sso"
    session.save()
    body = consultant.get(ACCOUNT).content.decode()
    assert two_factor in body and "Du er logget ind med kommunens login." in body


def test_password_link_follows_local_passwords(as_, cast):
    change = reverse("accounts:password_change")
    assert change in as_(cast.aspirant).get(ACCOUNT).content.decode()
    with override_settings(LEDERSPOR_LOCAL_PASSWORDS=False):
        assert change not in as_(cast.aspirant).get(ACCOUNT).content.decode()
