"""Browser journey in both languages (issue #11 §5): the same path in Danish, then in English.

A leader signs in (Danish by default), opens "Mine medarbejdere" and an employee's programme,
switches to English from the header and walks the same path again in English; the choice is
stored, so the next sign-in is in English too. A visitor whose browser asks for English gets
English without choosing. axe checks every page in both languages.
"""

import re

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker
from lederspor.core.models import User
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS

#: what the path shows in each language: the labels a user reads and clicks
TEXTS = {
    "da": {
        "email": "E-mail",
        "password": "Adgangskode",
        "sign_in": "Log ind",
        "welcome": "^Velkommen",
        "menu": "Hovedmenu",
        "my_reports": "Mine medarbejdere",
        "my_reports_heading": "Mine medarbejdere på forløb",
        "sign_out": "Log ud",
        "switch": "English",
    },
    "en": {
        "email": "E-mail",
        "password": "Password",
        "sign_in": "Sign in",
        "welcome": "^Welcome",
        "menu": "Main menu",
        "my_reports": "My employees",
        "my_reports_heading": "My employees on programmes",
        "sign_out": "Sign out",
        "switch": "Dansk",
    },
}


def test_the_same_path_in_danish_then_english(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("journey-languages")
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    page = context.new_page()

    def walk(language: str) -> None:
        t = TEXTS[language]
        expect(page.locator("html")).to_have_attribute("lang", language)
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(t["welcome"]))
        check(page, f"{language}-home")
        page.get_by_role("navigation", name=t["menu"]).get_by_role(
            "link", name=t["my_reports"], exact=True
        ).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(t["my_reports_heading"])
        check(page, f"{language}-my-reports", phone=True)
        page.get_by_role("link", name=cast.aspirant.full_name).first.click()
        expect(page.get_by_role("heading", level=1)).to_have_text(cast.aspirant.full_name)
        check(page, f"{language}-enrolment")

    page.goto("/login/")
    check(page, "da-login")
    page.get_by_label(TEXTS["da"]["email"]).fill(cast.leader.user.email)
    page.get_by_label(TEXTS["da"]["password"]).fill(PASSWORD)
    page.get_by_role("button", name=TEXTS["da"]["sign_in"]).click()
    walk("da")

    # Switch on the employee's page: the same page comes back in English.
    enrolment_url = page.url
    page.get_by_role("button", name=TEXTS["da"]["switch"]).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == enrolment_url
    assert User.objects.get(pk=cast.leader.user_id).language == "en"
    page.get_by_role("link", name="Lederspor").first.click()
    walk("en")

    # The choice is stored with the login: signing in again (fresh browser) stays English.
    page.get_by_role("button", name=TEXTS["en"]["sign_out"]).click()
    context.close()
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label(TEXTS["da"]["email"]).fill(cast.leader.user.email)
    page.get_by_label(TEXTS["da"]["password"]).fill(PASSWORD)
    page.get_by_role("button", name=TEXTS["da"]["sign_in"]).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(TEXTS["en"]["welcome"]))
    context.close()

    # A visitor whose browser asks for English and who has not chosen gets English.
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto("/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    check(page, "en-login")
    page.get_by_label(TEXTS["en"]["email"]).fill(cast.aspirant.user.email)
    page.get_by_label(TEXTS["en"]["password"]).fill(PASSWORD)
    page.get_by_role("button", name=TEXTS["en"]["sign_in"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(TEXTS["en"]["welcome"]))
    check(page, "en-participant-home", phone=True)
    context.close()

    assert check.failures == [], "\n".join(check.failures)
