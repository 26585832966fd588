"""A person a full organisation load deactivated cannot sign in through SSO either, even with
an identity stored from before; when a later load brings them back they can (issue #17 §2)."""

import pytest
from django.test import Client

from lederspor.accounts.models import ExternalIdentity
from lederspor.accounts.tests.conftest import sso_sign_in
from lederspor.people.importing import load_tables
from lederspor.people.tests.test_deactivation import persons_table

pytestmark = [pytest.mark.sso, pytest.mark.django_db]


def _signed_in(client: Client) -> bool:
    return client.get("/").wsgi_request.user.is_authenticated


def test_a_deactivated_person_is_refused_by_sso_and_let_in_again_when_back(cast, sso, settings):
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.5
    first = Client()
    sso_sign_in(first, "anna")  # an identity is stored, the session is open
    assert _signed_in(first) and ExternalIdentity.objects.filter(user=cast.aspirant.user).exists()

    assert load_tables(
        units=None, persons=persons_table(without=(cast.aspirant,)), label="p", by=None, full=True
    ).ok
    assert not _signed_in(first)  # the open session ended
    attempt = sso_sign_in(Client(), "anna")
    assert attempt.response.status_code == 403

    assert load_tables(units=None, persons=persons_table(), label="p", by=None, full=True).ok
    again = Client()
    sso_sign_in(again, "anna")
    assert _signed_in(again)
