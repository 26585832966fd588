"""Browser journey in Debian's Chromium: an HR consultant signs in with a password, sets up
two-factor by typing the key the page shows into "an app" (django-otp's TOTP, as an app
computes it), keeps the recovery codes and signs in again with one of them.

Every page is checked with axe-core (WCAG 2.1 A/AA) at desktop and phone width; with
LEDERSPOR_SCREENSHOTS=1 the pages are saved in `test-artifacts/two-factor/`.
"""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker
from lederspor.site.testing import PASSWORD

pytestmark = [*BROWSER_MARKS, pytest.mark.two_factor]


def test_hr_consultant_sets_up_two_factor_and_signs_in_with_a_recovery_code(
    live_server, cast, browser
):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("two-factor")
    email = cast.consultant.user.email

    def password_sign_in():
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        return page

    # 1. The password sign-in leads to the set-up page, not home.
    page = password_sign_in()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sæt to-faktor op")
    expect(page.get_by_role("img", name="QR-kode til godkendelsesappen")).to_be_visible()
    check(page, "setup", phone=True)
    page.goto("/forloeb/hold/")  # any other page sends back here
    expect(page.get_by_role("heading", level=1)).to_have_text("Sæt to-faktor op")

    # 2. A wrong code is refused with a Danish message.
    page.get_by_label("Kode fra appen").fill("000000")
    page.get_by_role("button", name="Bekræft og slå to-faktor til").click()
    expect(page.get_by_text("Koden passer ikke")).to_be_visible()
    check(page, "setup-wrong-code")

    # 3. The key typed into an app by hand gives the code that confirms it.
    secret = page.locator("#secret").inner_text()
    key = b32decode(re.sub(r"\s", "", secret))
    page.wait_for_timeout(1_100)  # django-otp's throttling after the wrong code: 1 second
    page.get_by_label("Kode fra appen").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Bekræft og slå to-faktor til").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dine gendannelseskoder")
    codes = page.get_by_role("list", name="Gendannelseskoder").get_by_role("listitem")
    expect(codes).to_have_count(10)
    first_code = codes.first.inner_text().strip()
    check(page, "recovery-codes", phone=True)
    page.get_by_role("link", name="Jeg har gemt koderne – fortsæt").click()
    # on to the page asked for in step 1
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold")
    page.context.close()

    # 4. The next sign-in asks for a code; a recovery code lets the consultant in.
    page = password_sign_in()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekræft dit log ind")
    check(page, "verify", phone=True)
    page.get_by_label("Kode").fill(first_code)
    page.get_by_role("button", name="Bekræft", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))
    expect(page.get_by_role("status")).to_contain_text("Du har 9 koder tilbage")

    # 5. The two-factor page shows what is left.
    page.goto("/konto/to-faktor/")
    expect(page.get_by_text("Du har 9 ubrugte gendannelseskoder.")).to_be_visible()
    check(page, "manage", phone=True)
    page.get_by_role("link", name=re.compile("^Fjern to-faktor")).click()
    check(page, "remove")
    page.context.close()

    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
