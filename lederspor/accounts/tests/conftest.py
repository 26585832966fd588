"""Fixtures of the accounts tests: a real OpenID provider (panva's oidc-provider, from
`tools/oidc-test-provider`, installed by `npm ci --prefix tools/oidc-test-provider`; see
`accounts.oidc_local_provider`) started on a free port once per session, and a helper that signs
in through it with Django's test client."""

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
import time_machine
from django.test import Client

from lederspor.accounts.oidc_local_provider import (
    LocalProvider,
    LocalProviderMissing,
    provider_config,
    sso_settings_for,
    start_local_provider,
)

HR_GROUP = "lederspor-hr"

#: the provider's accounts: login → claims (sub = the login). The cast's e-mails are
#: <first name>@test.dk (lederspor.site.testing); "stranger" is in no organisation data.
ACCOUNTS: dict[str, dict[str, Any]] = {
    "anna": {"email": "anna@test.dk", "name": "Anna Aspirant", "employee_number": "103"},
    "bo": {"email": "bo@test.dk", "name": "Bo Aspirant", "employee_number": "104"},
    "carl": {"email": "carl.k@andet.dk", "name": "Carl Kollega", "employee_number": "105"},
    "hanne": {"email": "hanne@test.dk", "name": "Hanne Vært", "groups": [HR_GROUP]},
    "lene": {"email": "lene@test.dk", "name": "Lene Leder"},
    "lars": {"email": "lars@test.dk", "name": "Lars Leder"},
    "nina": {"email": "nina@test.dk", "name": "Nina Ny"},
    "stranger": {"email": "stranger@example.dk", "name": "Sofie Fremmed", "groups": [HR_GROUP]},
}


def start_provider(base_url: str) -> LocalProvider:
    """Start a provider for Lederspor at `base_url`; fails (not skips) the test when node or the
    npm packages are missing: CI installs them."""
    try:
        return start_local_provider(provider_config(base_urls=[base_url], accounts=ACCOUNTS))
    except LocalProviderMissing as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[LocalProvider]:
    """The test provider for Django's test client (redirect URIs on http://testserver)."""
    provider = start_provider("http://testserver")
    yield provider
    provider.stop()


def sso_settings(provider: LocalProvider) -> dict[str, Any]:
    """The settings that turn SSO on against `provider`, with the tests' defaults."""
    return {
        **sso_settings_for(provider),
        "OIDC_TIMEOUT": 10,
        "LEDERSPOR_OIDC_MATCH": "email",
        "LEDERSPOR_OIDC_CLAIM": "email",
        "LEDERSPOR_OIDC_GROUPS_CLAIM": "",
        "LEDERSPOR_OIDC_HR_GROUP": "",
        "LEDERSPOR_SSO_CONTACT": "HR på hr@kommune.dk",
    }


@pytest.fixture
def sso(settings, oidc_provider) -> LocalProvider:
    """SSO on against the test provider for this test; the provider's accounts as in ACCOUNTS."""
    for name, value in sso_settings(oidc_provider).items():
        setattr(settings, name, value)
    oidc_provider.reset_accounts()
    return oidc_provider


def _with_param(url: str, name: str, value: str) -> str:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    query[name] = [value]
    return urlunsplit(parts._replace(query=urlencode(query, doseq=True)))


@dataclass
class SSOAttempt:
    """What a sign-in through the provider saw: the authorization request Lederspor made, the
    callback URL the provider sent back, and Lederspor's answer to it."""

    authorization_url: str
    callback_url: str
    response: Any


def sso_sign_in(
    client: Client,
    login: str,
    *,
    nonce: str | None = None,
    state: str | None = None,
    callback_at: dt.datetime | None = None,
) -> SSOAttempt:
    """Sign `client` in through the provider as `login`: Lederspor's /oidc/authenticate/, the
    provider's own login page (with `requests`), and Lederspor's callback.

    `nonce`: replace the nonce in the authorization request (the provider then puts it in the ID
    token); `state`: replace the state in the callback URL (a forged or replayed callback);
    `callback_at`: Lederspor's clock at the callback (time_machine; the provider's is real).
    """
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302, start
    authorization_url = start["Location"]
    if nonce is not None:
        authorization_url = _with_param(authorization_url, "nonce", nonce)
    browser = requests.Session()
    url = authorization_url
    for _ in range(10):
        answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and 'name="prompt" value="login"' in answer.text:
            action = re.search(r'<form[^>]*action="([^"]+)"', answer.text)
            assert action is not None
            answer = browser.post(
                urljoin(url, action.group(1)),
                data={"prompt": "login", "login": login, "password": "whatever"},
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code in (302, 303), (answer.status_code, answer.text[:500])
        url = urljoin(url, answer.headers["Location"])
        if url.startswith("http://testserver/"):
            break
    else:
        pytest.fail("the provider never sent the browser back")
    if state is not None:
        url = _with_param(url, "state", state)
    parts = urlsplit(url)
    if callback_at is None:
        response = client.get(f"{parts.path}?{parts.query}")
    else:
        with time_machine.travel(callback_at, tick=True):
            response = client.get(f"{parts.path}?{parts.query}")
    return SSOAttempt(authorization_url=authorization_url, callback_url=url, response=response)
