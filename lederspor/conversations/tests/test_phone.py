"""Mine samtaler on a phone (390 px): every column of a conversation row is readable without
sideways scrolling, with its column name (review finding: Status and "Din rolle" were cut
off). Runs in Debian's Chromium: `uv run pytest lederspor/conversations/tests/test_phone.py`.
"""

import datetime as dt

from django.utils import timezone

from lederspor.conversations.content import load_conversation_templates
from lederspor.conversations.services import conversation_plan
from lederspor.core.browser_testing import BROWSER_MARKS, PHONE, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.site.testing import PASSWORD, make_cohort

pytestmark = BROWSER_MARKS


def test_list_rows_fit_a_phone(live_server, cast, browser):
    from playwright.sync_api import expect

    load_conversation_templates()
    _cohort, (enrolment,) = make_cohort(
        "clarification", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    day = timezone.localdate() + dt.timedelta(days=3)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    conversation_plan(
        enrolment=enrolment,
        kind="leader_before",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        by=cast.leader.user,
    )
    page = browser_sign_in(browser, live_server.url, cast.leader.user.email, PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto("/samtaler/")
    wrap = page.locator(".table-wrap").first
    sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth]")
    assert sizes[0] <= sizes[1], f"the table scrolls sideways: {sizes}"
    for column, text in (("Status", "Planlagt"), ("Din rolle", "Nærmeste leder")):
        # the column name is shown before the value (and is part of the cell's name)
        cell = page.get_by_role("cell", name=f"{column}: {text}", exact=True)
        expect(cell).to_be_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (text, box)
    expect(page.get_by_role("columnheader", name="Status")).to_have_count(1)
    check = A11yChecker("conversations-phone")
    check(page, "leader-list-phone")
    assert not check.failures, "\n".join(check.failures)
