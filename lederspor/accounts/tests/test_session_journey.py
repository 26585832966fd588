"""Browser journey (Chromium): the idle warning. A signed-in leader leaves the page alone, the
warning dialog opens with the focus on "Bliv logget ind", she stays, and the session goes on; the
lockout page and the warning are checked with axe.

The idle limit is one minute here and the warning comes 57 seconds before it, so it shows three
seconds after the page loads. Run: `uv run pytest -n0 lederspor/accounts/tests/test_session_journey.py`.
"""

import re

from django.urls import reverse

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker, sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_the_idle_warning_lets_the_person_stay(live_server, cast, browser, settings):
    from playwright.sync_api import expect

    settings.LEDERSPOR_SESSION_IDLE_MINUTES = 1
    settings.LEDERSPOR_SESSION_WARNING_SECONDS = 57
    expect.set_options(timeout=10_000)
    check = A11yChecker("session")

    page = sign_in(browser, live_server.url, cast.leader.user.email, PASSWORD)
    dialog = page.get_by_role("dialog", name="Er du her stadig?")
    expect(dialog).to_be_hidden()
    expect(dialog).to_be_visible()
    stay = dialog.get_by_role("button", name="Bliv logget ind")
    expect(stay).to_be_focused()
    expect(dialog).to_contain_text("bliver du logget ud om 57 sekunder")
    check(page, "idle-warning")

    stay.click()
    expect(dialog).to_be_hidden()
    # the keepalive counted: the page still shows her home page when it is loaded again
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))

    # the warning comes back, and "Log ud" signs her out
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Log ud").click()
    expect(page).to_have_url(re.compile(r"/login/"))
    expect(page.get_by_role("dialog")).to_have_count(0)

    # the lockout page, as anyone sees it after ten failures
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    locked = context.new_page()
    for _ in range(10):
        locked.goto(reverse("login"))
        locked.get_by_label("E-mail").fill("nobody@nowhere.dk")
        locked.get_by_label("Adgangskode").fill("wrong-password-1234")
        locked.get_by_role("button", name="Log ind").click()
    expect(locked.get_by_role("alert")).to_contain_text(
        "For mange mislykkede forsøg. Prøv igen om 15 minutter"
    )
    check(locked, "locked-out", phone=True)

    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
