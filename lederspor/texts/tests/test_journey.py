"""Browser journey in Debian's Chromium: an HR staff member opens "Tekster", edits a mail text,
previews it with sample data, saves it and sees the new version in the history (issue #16 §1).

Every page is checked with axe-core (serious and critical violations fail), desktop and phone;
with `LEDERSPOR_SCREENSHOTS=1` each is saved in `test-artifacts/texts/`.
Run: `uv run pytest lederspor/texts/tests/test_journey.py -q -n 0`.
"""

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_hr_edits_a_mail_text_with_preview_and_sees_it_in_the_history(live_server, cast, browser):
    from playwright.sync_api import expect

    from lederspor.texts import services

    expect.set_options(timeout=10_000)
    services.load_text_defaults()
    check = A11yChecker("texts")
    page = sign_in(browser, live_server.url, cast.hr_colleague.email, PASSWORD)

    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Tekster").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tekster")
    check(page, "list", phone=True)

    page.get_by_role("link", name="Invitation til Lederspor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitation til Lederspor")
    page.get_by_label("Emnelinje").fill("Velkommen til Lederspor, {fornavn}")
    page.get_by_role("button", name="Vis eksempel").click()
    preview = page.get_by_role("region", name="Eksempel – ikke gemt endnu")
    expect(preview).to_contain_text("Velkommen til Lederspor, Mette")
    check(page, "preview", phone=True)

    page.get_by_label("Note til versionen (valgfri)").fill("Mere personlig")
    page.get_by_role("button", name="Gem som ny version").click()
    expect(page.get_by_role("status").first).to_contain_text("version 2")
    history = page.get_by_role("region", name="Versionshistorik")
    expect(history).to_contain_text("Version 2")
    expect(history).to_contain_text("Mere personlig")
    check(page, "saved", phone=True)

    history.get_by_role("link", name="Version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 1")
    check(page, "version")
    assert services.live(services.get_text("mail.accounts.invitation"))["subject"] == (
        "Velkommen til Lederspor, {fornavn}"
    )
    assert not check.failures, "\n".join(check.failures)
