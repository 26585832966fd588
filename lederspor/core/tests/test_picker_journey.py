"""Browser journey in Debian's Chromium (issue #17 §1; core.combobox, docs/pickers.md): the
nearest leader proposes a practice task and picks its host by typing in the combobox, under the
project's strict Content-Security-Policy; axe at desktop and phone width with the matches open.
Run: `uv run pytest -n0 lederspor/core/tests/test_picker_journey.py -q`.
"""

from django.urls import reverse

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_leader_picks_the_task_host_by_typing(live_server, cast, browser):
    from playwright.sync_api import expect

    from lederspor.catalogue.models import TaskAssignment

    expect.set_options(timeout=10_000)
    check = A11yChecker("journey-picker")
    leader = sign_in(browser, live_server.url, "lars@test.dk", PASSWORD)
    errors: list[str] = []
    leader.on("pageerror", lambda error: errors.append(str(error)))
    leader.goto(reverse("catalogue:assignment_create", args=[cast.enrolment.pk]))

    combobox = leader.get_by_role("combobox", name="Opgaveejer/vært i kommunen")
    expect(combobox).to_be_visible()
    # the fallback's search button is gone: the combobox searches as you type
    expect(leader.get_by_role("button", name="Søg", exact=True)).to_have_count(0)
    leader.get_by_label("Titel").fill("Mødeleder på personalemødet")
    leader.get_by_label("Læringsmål").fill("At lede et møde med en klar dagsorden")
    combobox.fill("hann")
    matches = leader.locator(".picker").get_by_role("option")
    expect(matches).to_have_text(["Hanne Vært – Teamleder, Arbejdsplads A1b"])
    check(leader, "matches-open", phone=True)

    # by keyboard: down to the match, Enter chooses it
    combobox.focus()
    leader.keyboard.press("ArrowDown")
    leader.keyboard.press("Enter")
    expect(combobox).to_have_value("Hanne Vært – Teamleder, Arbejdsplads A1b")
    leader.get_by_role("button", name="Foreslå opgaven").click()
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Mødeleder på personalemødet")
    check(leader, "task-proposed")

    task = TaskAssignment.objects.get(enrolment=cast.enrolment)
    assert task.host == cast.host
    assert errors == []
    assert check.failures == [], "\n".join(check.failures)
