"""Browser journey: sign in through the municipality's login (the local OpenID provider's own
login page), land on the home page, sign out at Lederspor and at the provider; and a person
outside the organisation data meets the Danish refusal page. axe checks Lederspor's pages.

Run: `uv run pytest -n0 lederspor/accounts/tests/test_sso_journey.py`."""

import re

import pytest

from lederspor.accounts.tests.conftest import sso_settings, start_provider
from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker

pytestmark = [*BROWSER_MARKS, pytest.mark.sso]


@pytest.fixture
def live_provider(live_server, settings):
    """A provider whose client sends the browser back to the live server; SSO on against it."""
    provider = start_provider(live_server.url)
    for name, value in sso_settings(provider).items():
        setattr(settings, name, value)
    yield provider
    provider.stop()


def test_sign_in_through_the_providers_login_page_and_out(
    live_server, cast, live_provider, browser
):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("sso")
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    context.set_default_timeout(10_000)
    # the provider's development pages import a web font; the test machine has no internet
    context.route(re.compile(r"^https://fonts\.(googleapis|gstatic)\.com/"), lambda r: r.abort())
    page = context.new_page()

    page.goto("/login/")
    check(page, "login")
    page.get_by_role("link", name="Log ind med kommunens login").click()

    expect(page).to_have_url(re.compile("^" + re.escape(live_provider.issuer)))
    page.get_by_placeholder("Enter any login").fill("anna")
    page.get_by_placeholder("and password").fill("any password")
    page.get_by_role("button", name="Sign-in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))
    assert page.url.startswith(live_server.url)
    check(page, "home")

    page.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile("^" + re.escape(live_provider.issuer) + "/session/end"))
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind i Lederspor")
    page.goto("/")
    expect(page).to_have_url(re.compile("/login/"))

    # someone the provider knows but the organisation data does not
    stranger = context.new_page()
    stranger.goto("/login/")
    stranger.get_by_role("link", name="Log ind med kommunens login").click()
    stranger.get_by_placeholder("Enter any login").fill("stranger")
    stranger.get_by_placeholder("and password").fill("any password")
    stranger.get_by_role("button", name="Sign-in").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text(
        "Du kan ikke logge ind i Lederspor"
    )
    expect(stranger.get_by_text("Kontakt HR på hr@kommune.dk")).to_be_visible()
    check(stranger, "refused", phone=True)

    stranger.goto("/oidc/callback/?code=forged&state=forged")
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Log ind mislykkedes")
    check(stranger, "failed")
    context.close()

    assert not check.failures, "\n".join(check.failures)
