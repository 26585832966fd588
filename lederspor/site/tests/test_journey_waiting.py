""" "Venter på dig" in the browser (issue #16 §2): the leader's and the consultant's front page
on a phone (390 px), each item a link that leads to its page, axe finds nothing serious. Runs in
Debian's Chromium: `uv run pytest lederspor/site/tests/test_journey_waiting.py`."""

from lederspor.catalogue.models import TaskAssignment
from lederspor.core.browser_testing import BROWSER_MARKS, PHONE, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.programmes.models import Enrolment
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_leader_and_consultant_front_page_on_a_phone(live_server, cast, browser):
    from playwright.sync_api import expect

    TaskAssignment.objects.create(
        enrolment=cast.enrolment,
        title="Lede et teammøde",
        learning_goal="Lære at lede møder",
        status=TaskAssignment.Status.PROPOSED,
        proposed_by=cast.aspirant,
    )
    Enrolment.objects.create(cohort=cast.cohort, person=cast.colleague, nominated_by=cast.leader)
    check = A11yChecker("waiting")

    page = browser_sign_in(browser, live_server.url, cast.leader.user.email, PASSWORD)
    page.set_viewport_size(PHONE)
    waiting = page.get_by_role("region", name="Venter på dig")
    expect(waiting).to_be_visible()
    link = waiting.get_by_role("link", name="1 praksisopgave venter på, at du aftaler den")
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    check(page, "leader-phone")
    link.click()
    expect(page.get_by_role("heading", name="Næste skridt")).to_be_visible()
    page.context.close()

    page = browser_sign_in(browser, live_server.url, cast.consultant.user.email, PASSWORD)
    page.set_viewport_size(PHONE)
    waiting = page.get_by_role("region", name="Venter på dig")
    nominations = waiting.get_by_role("link", name="1 indstilling venter på din afgørelse")
    expect(nominations).to_be_visible()
    check(page, "consultant-phone")
    nominations.click()
    expect(page.get_by_text(cast.colleague.full_name).first).to_be_visible()
    page.context.close()

    page = browser_sign_in(browser, live_server.url, cast.outsider.user.email, PASSWORD)
    expect(page.get_by_text("Intet venter på dig lige nu.")).to_be_visible()
    check(page, "outsider-empty", phone=True)
    assert not check.failures, "\n".join(check.failures)
