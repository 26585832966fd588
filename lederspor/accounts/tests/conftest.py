"""Fixtures of the accounts tests: a real OpenID provider (panva's oidc-provider, from
`tools/oidc-test-provider`, installed by `npm ci --prefix tools/oidc-test-provider`) started on a
free port once per session, and a helper that signs in through it with Django's test client."""

import datetime as dt
import json
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
import time_machine
from django.conf import settings as django_settings
from django.test import Client

PROVIDER_DIR = Path(django_settings.BASE_DIR) / "tools" / "oidc-test-provider"
CLIENT_ID = "lederspor"
CLIENT_SECRET = "lederspor-test-secret"
#: a client the provider gives ID tokens for another audience (the provider's `misbehave`)
WRONG_AUDIENCE_CLIENT_ID = "lederspor-wrong-audience"
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


@dataclass
class Provider:
    """A running test provider: its issuer, and the test-only way to change an account."""

    issuer: str
    process: subprocess.Popen[str]
    config: dict[str, Any] = field(default_factory=dict)

    def set_account(self, login: str, claims: dict[str, Any]) -> None:
        """Replace the claims of `login` at the provider (as an administrator would)."""
        response = requests.put(
            f"{self.issuer}/_test/accounts/{login}", data=json.dumps(claims), timeout=5
        )
        response.raise_for_status()

    def reset_accounts(self) -> None:
        for login, claims in self.config["accounts"].items():
            self.set_account(login, claims)


def provider_config(*, base_url: str, accounts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The JSON config of a test provider whose clients send the browser back to `base_url`."""
    client = {
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{base_url}/oidc/callback/"],
        "post_logout_redirect_uris": [f"{base_url}/login/"],
    }
    return {
        "host": "127.0.0.1",
        "port": 0,
        "clients": [
            {"client_id": CLIENT_ID, **client},
            {"client_id": WRONG_AUDIENCE_CLIENT_ID, **client},
        ],
        "accounts": accounts,
        "test_endpoints": True,
        "misbehave": {WRONG_AUDIENCE_CLIENT_ID: {"aud": "another-application"}},
    }


def start_provider(config: dict[str, Any]) -> Provider:
    """Start `tools/oidc-test-provider/server.mjs` with `config` and wait until it listens.

    Fails the test (not skips) when node or the npm packages are missing: CI installs them."""
    node = shutil.which("node")
    if node is None or not (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        pytest.fail("the SSO tests need node and `npm ci --prefix tools/oidc-test-provider`")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    process = subprocess.Popen(
        [node, str(PROVIDER_DIR / "server.mjs"), handle.name],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    Path(handle.name).unlink()
    if not line:
        process.kill()
        pytest.fail("the test OpenID provider did not start")
    return Provider(issuer=json.loads(line)["issuer"], process=process, config=config)


def stop_provider(provider: Provider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        provider.process.kill()


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    """The test provider for Django's test client (redirect URIs on http://testserver)."""
    provider = start_provider(provider_config(base_url="http://testserver", accounts=ACCOUNTS))
    yield provider
    stop_provider(provider)


def sso_settings(provider: Provider) -> dict[str, Any]:
    """The settings that turn SSO on against `provider` (endpoints by discovery)."""
    return {
        "LEDERSPOR_SSO_ENABLED": True,
        "AUTHENTICATION_BACKENDS": [
            *django_settings.AUTHENTICATION_BACKENDS[:2],
            "lederspor.accounts.oidc.OIDCBackend",
        ],
        "OIDC_ISSUER": provider.issuer,
        "OIDC_RP_CLIENT_ID": CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_TIMEOUT": 10,
        "LEDERSPOR_OIDC_MATCH": "email",
        "LEDERSPOR_OIDC_CLAIM": "email",
        "LEDERSPOR_OIDC_GROUPS_CLAIM": "",
        "LEDERSPOR_OIDC_HR_GROUP": "",
        "LEDERSPOR_SSO_CONTACT": "HR på hr@kommune.dk",
    }


@pytest.fixture
def sso(settings, oidc_provider) -> Provider:
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
