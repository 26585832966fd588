"""Browser journey in Debian's Chromium through the local-account pages (issue #12 §2): a
leader forgets the password and sets a new one from the mail's link; an HR consultant finds an
imported person on the person pages and sends the invitation again; the person opens the
invitation and chooses a password; the leader changes the password.

Every page is checked with axe-core (WCAG 2.1 A/AA) at desktop and phone width.
"""

import re

import pytest

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker, sign_in
from lederspor.notifications.models import OutgoingEmail
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS

NEW_PASSWORD = "Grøn-cykel-over-broen-7"
LINK = re.compile(r"https?://[^/\s]+(/konto/[^\s]+/)")


def link_in(kind: str, to: str) -> str:
    """The path of the link in the newest queued mail of `kind` to `to`."""
    email = OutgoingEmail.objects.filter(kind=kind, to_address=to).latest("pk")
    match = LINK.search(email.body)
    assert match, email.body
    return match.group(1)


@pytest.mark.django_db(transaction=True)
def test_reset_invitation_and_change_through_the_pages(live_server, cast, browser):
    from playwright.sync_api import expect

    from lederspor.accounts.invitations import invitations_send
    from lederspor.people.models import Person

    expect.set_options(timeout=10_000)
    check = A11yChecker("local-accounts")

    # 1. The leader forgets the password: the sign-in page's link, the e-mail, the mail's link.
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    page.goto("/login/")
    page.get_by_role("link", name="Glemt adgangskode?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Glemt adgangskode")
    check(page, "reset-form", phone=True)
    page.get_by_label("E-mail").fill(cast.leader.email)
    page.get_by_role("button", name="Send link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tjek din e-mail")
    check(page, "reset-sent")
    page.goto(link_in("accounts.password_reset", cast.leader.email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Vælg en ny adgangskode")
    page.locator("#id_new_password1").fill("kort")
    page.locator("#id_new_password2").fill("kort")
    page.get_by_role("button", name="Gem adgangskoden").click()
    expect(page.get_by_text("Denne adgangskode er for kort.")).to_be_visible()
    check(page, "reset-set-refused", phone=True)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskoden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgangskoden er gemt")
    check(page, "reset-done")
    context.close()

    # 2. HR finds an imported person (no password yet) and sends the invitation again.
    imported = cast.colleague
    user = imported.user
    user.set_unusable_password()
    user.save(update_fields=["password"])
    invitations_send(persons=[Person.objects.select_related("user").get(pk=imported.pk)], by=None)
    hr = sign_in(browser, live_server.url, cast.consultant.email, PASSWORD)
    hr.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Personer").click()
    expect(hr.get_by_role("heading", level=1)).to_have_text("Personer")
    hr.get_by_label("Søg", exact=True).fill("kollega")
    hr.get_by_role("button", name="Søg").click()
    check(hr, "person-list", phone=True)
    hr.get_by_role("link", name=imported.full_name).click()
    expect(hr.get_by_role("heading", level=1)).to_have_text(imported.full_name)
    expect(hr.get_by_text("Har aldrig logget ind")).to_be_visible()
    check(hr, "person-detail", phone=True)
    hr.get_by_role("button", name="Send invitation igen").click()
    expect(hr.get_by_role("status")).to_contain_text("Invitationen er sendt til")
    check(hr, "person-invitation-sent")
    hr.context.close()

    # 3. The person opens the newest invitation and chooses a password, then signs in.
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    page = context.new_page()
    page.goto(link_in("accounts.invitation", imported.email))
    expect(page.get_by_role("heading", level=1)).to_have_text("Velkommen til Lederspor")
    check(page, "invitation", phone=True)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Gem adgangskoden").click()
    expect(page.get_by_role("status")).to_contain_text("Din adgangskode er gemt")
    context.close()
    sign_in(browser, live_server.url, imported.email, NEW_PASSWORD).context.close()

    # 4. The leader changes the password on the change page.
    page = sign_in(browser, live_server.url, cast.leader.email, NEW_PASSWORD)
    page.goto("/konto/skift-adgangskode/")
    check(page, "change-form", phone=True)
    page.locator("#id_old_password").fill(NEW_PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD + "x")
    page.locator("#id_new_password2").fill(NEW_PASSWORD + "x")
    page.get_by_role("button", name="Skift adgangskode").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Adgangskoden er skiftet")
    check(page, "change-done")

    # 5. Their name in the header opens the account page, which lists the change.
    page.get_by_role("link", name=cast.leader.full_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min konto")
    expect(page.get_by_role("region", name="Dine seneste log ind")).to_contain_text(
        "Adgangskode skiftet"
    )
    check(page, "account", phone=True)
    page.context.close()

    assert check.failures == [], "\n".join(check.failures)
