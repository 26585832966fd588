"""Browser journey in Debian's Chromium (issue #16 §1): an HR colleague edits a catalogue task's
text and a titled link, previews it, saves, and sees the version history. Every page is
checked with axe-core (serious and critical violations fail), on a phone too.
Run: `uv run pytest -n0 lederspor/catalogue/tests/test_journey_content.py -q`
(`LEDERSPOR_SCREENSHOTS=1` saves screenshots in test-artifacts/journey-content-edit/).
"""

import pytest
from django.urls import reverse

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def content(cast):
    from lederspor.catalogue.content import load_catalogue

    return {t.number: t for t in load_catalogue()}


def test_hr_edits_a_task_previews_saves_and_sees_history(live_server, cast, content, browser):
    from playwright.sync_api import expect

    from lederspor.catalogue.models import PracticeTask

    expect.set_options(timeout=10_000)
    check = A11yChecker("journey-content-edit")
    hr = sign_in(browser, live_server.url, "karen@test.dk", PASSWORD)
    hr.goto(reverse("catalogue:task_detail", args=[15]))
    hr.get_by_role("link", name="Redigér", exact=True).click()
    expect(hr.get_by_role("heading", level=1)).to_contain_text("Redigér: 15. Projektleder")
    check(hr, "edit", phone=True)

    hr.get_by_label("Formål").fill("Aspiranten leder et projekt fra start til slut.")
    hr.locator("#id_links-0-title").fill("Projektmodellen")
    hr.locator("#id_links-0-url").fill("https://intra.example.dk/projekt")
    hr.get_by_role("button", name="Forhåndsvis").click()
    preview = hr.get_by_role("region", name="Forhåndsvisning – ikke gemt endnu")
    expect(preview).to_contain_text("Aspiranten leder et projekt fra start til slut.")
    expect(preview.get_by_role("link", name="Projektmodellen")).to_be_visible()
    check(hr, "preview", phone=True)
    assert PracticeTask.objects.get(number=15).purpose != (
        "Aspiranten leder et projekt fra start til slut."
    )

    hr.get_by_role("button", name="Gem som ny version").click()
    expect(hr.get_by_text("Version 2 er gemt")).to_be_visible()
    expect(hr.get_by_role("link", name="Projektmodellen")).to_have_attribute(
        "href", "https://intra.example.dk/projekt"
    )
    check(hr, "task-saved")

    hr.get_by_role("link", name="Versionshistorik").first.click()
    expect(hr.get_by_role("link", name="Version 2")).to_be_visible()
    expect(hr.get_by_text("Udrulning")).to_be_visible()
    hr.get_by_role("link", name="Version 1").click()
    expect(hr.get_by_role("button", name="Gendan denne version")).to_be_visible()
    check(hr, "history", phone=True)
    assert not check.failures, "\n".join(check.failures)
