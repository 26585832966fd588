"""Browser journey (Chromium) for issue #16's pages: on a phone the menu folds behind a button
that opens and closes it (keyboard too); HR searches a person by unit and reads their
programme history; the archive of finished cohorts; the footer's accessibility statement.
Every page is checked with axe at desktop and phone width (LEDERSPOR_SCREENSHOTS=1 saves them
in test-artifacts/pages/).

Run: `uv run pytest -n0 lederspor/site/tests/test_pages_journey.py`.
"""

import datetime as dt

from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, PHONE, A11yChecker, sign_in
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS

STATEMENT = "https://www.was.digst.dk/testkommune"


def test_phone_menu_person_search_history_and_archive(live_server, cast, browser, settings):
    from playwright.sync_api import expect

    settings.LEDERSPOR_ACCESSIBILITY_STATEMENT_URL = STATEMENT
    expect.set_options(timeout=10_000)
    check = A11yChecker("pages")
    today = timezone.localdate()
    old = Cohort.objects.create(
        programme=cast.programme,
        name="Aspiranthold 2024",
        starts_on=today - dt.timedelta(days=700),
        ends_on=today - dt.timedelta(days=500),
        capacity=20,
    )
    old.consultants.add(cast.consultant)
    Enrolment.objects.create(
        cohort=old,
        person=cast.aspirant,
        status=Enrolment.Status.COMPLETED,
        nominated_by=cast.leader,
        completed_at=timezone.now() - dt.timedelta(days=500),
    )

    page = sign_in(browser, live_server.url, cast.consultant.user.email, PASSWORD)
    footer = page.locator("footer")
    expect(footer.get_by_role("link", name="Tilgængelighedserklæring")).to_have_attribute(
        "href", STATEMENT
    )
    expect(footer.get_by_role("link", name="Privatlivspolitik")).to_be_visible()

    # on a desktop the menu is open and the button away
    button = page.get_by_role("button", name="Menu")
    menu = page.get_by_role("navigation", name="Hovedmenu")
    expect(button).to_be_hidden()
    expect(menu.get_by_role("link", name="Personer")).to_be_visible()

    # on a phone the menu folds behind the button
    page.set_viewport_size(PHONE)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu).to_be_hidden()
    check(page, "home-phone-menu-closed")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Personer")).to_be_visible()
    check(page, "home-phone-menu-open")
    button.click()
    expect(menu).to_be_hidden()
    # the keyboard: Enter opens, Escape closes and the focus is back on the button
    button.focus()
    page.keyboard.press("Enter")
    expect(menu).to_be_visible()
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()

    # HR finds the aspirant by the workplace's name and opens the programme history
    button.click()
    menu.get_by_role("link", name="Personer").click()
    page.get_by_role("searchbox", name="Søg").fill("Arbejdsplads A1a")
    page.get_by_role("button", name="Søg").click()
    expect(page.get_by_role("link", name="Anna Aspirant")).to_be_visible()
    check(page, "person-search-phone")
    page.get_by_role("link", name="Anna Aspirant").click()
    history = page.locator("section", has=page.get_by_role("heading", name="Forløbshistorik"))
    expect(history.get_by_role("row")).to_have_count(3)  # the heading row and two enrolments
    expect(history).to_contain_text("Aspiranthold 2024")
    expect(history).to_contain_text("Gennemført")
    check(page, "person-page", phone=True)
    history.get_by_role("link", name="Aspiranthold 2024").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna Aspirant")

    # the archive: the finished cohort is there and not in the cohort list
    page.set_viewport_size(PHONE)
    page.goto("/forloeb/hold/")
    expect(page.get_by_role("link", name="Aspiranthold 2024")).to_have_count(0)
    page.get_by_role("link", name="Arkiv: afsluttede hold").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arkiv")
    expect(page.get_by_role("link", name="Aspiranthold 2024")).to_be_visible()
    page.get_by_label("Søg i holdnavn").fill("2024")
    page.get_by_role("button", name="Vis").click()
    expect(page.get_by_role("row")).to_have_count(2)
    check(page, "archive", phone=True)

    assert not check.failures, "\n".join(check.failures)
