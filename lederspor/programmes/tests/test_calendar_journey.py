"""Browser journey in Debian's Chromium (issue #16 §3): the consultant opens "Min kalender",
goes to next week, moves a session onto another one in the same room, sees the clash flagged on
the edit page, the calendar and the cohort page, and makes a feed address for Outlook.

axe-core (WCAG 2.1 A/AA) runs on every page, desktop and phone; screenshots (with
`LEDERSPOR_SCREENSHOTS=1`) go to `test-artifacts/calendar/`.
Run: `uv run pytest lederspor/programmes/tests/test_calendar_journey.py -q -s -n 0`.
"""

import datetime as dt
import re

from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, sign_in
from lederspor.programmes.models import Session
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def next_week(weekday: int, hour: int) -> dt.datetime:
    """Next week's `weekday` (0 = Monday) at `hour`, local time."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    day = monday + dt.timedelta(days=weekday)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def test_move_a_session_onto_another_and_see_the_clash(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("calendar")
    room = "Rådhuset, mødelokale 2"
    for theme, weekday in (("Forandringsledelse", 1), ("Netværksmøde om trivsel", 3)):
        Session.objects.create(
            cohort=cast.cohort,
            kind=Session.Kind.TEACHING_DAY,
            theme=theme,
            starts_at=next_week(weekday, 9),
            ends_at=next_week(weekday, 12),
            place=room,
        )

    page = sign_in(browser, live_server.url, cast.consultant.email, PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Kalender").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min kalender")
    check(page, "my-calendar-this-week", phone=True)
    page.get_by_role("link", name="Næste uge").click()
    expect(
        page.get_by_role("link", name="Aspiranthold test: Netværksmøde om trivsel", exact=True)
    ).to_be_visible()
    expect(page.locator(".badge-clash")).to_have_count(0)
    check(page, "my-calendar-next-week", phone=True)

    # move Thursday's meeting onto Tuesday's teaching day, in the same room
    page.get_by_role("link", name=re.compile("Ret eller flyt .*Netværksmøde om trivsel")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger mødegang")
    tuesday = timezone.localtime(next_week(1, 10))
    page.get_by_label("Starter").fill(tuesday.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill((tuesday + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger mødegang")
    warning = page.locator(".warning-box")
    expect(warning).to_contain_text("Overlapper med")
    expect(warning).to_contain_text("Forandringsledelse")
    expect(warning).to_contain_text("samme person og samme lokale")
    check(page, "session-edit-clash", phone=True)

    # the calendar flags both, and so does the cohort page
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Kalender").click()
    page.get_by_role("link", name="Næste uge").click()
    expect(page.locator(".badge-clash")).to_have_count(2)
    expect(page.get_by_role("status").first).to_contain_text("overlapper")
    check(page, "my-calendar-clash", phone=True)
    page.goto(f"/forloeb/hold/{cast.cohort.pk}/")
    expect(page.locator(".badge-clash")).to_have_count(2)
    page.get_by_role("link", name="Se holdets kalender uge for uge").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kalender for")
    check(page, "cohort-calendar", phone=True)

    # a feed address for Outlook, shown once
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Kalender").click()
    page.get_by_role("link", name="Abonnér i Outlook").click()
    page.get_by_role("button", name="Opret adresse").click()
    expect(page.get_by_label("Kalenderadresse")).to_have_value(re.compile(r"/kalender/feed/kal_"))
    check(page, "subscription-new-address", phone=True)

    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
