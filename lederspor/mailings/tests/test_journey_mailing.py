"""Browser journey in Debian's Chromium (issue #16 §3): the consultant opens the cohort, picks
a template, previews the mail (with the merge fields filled in for the first participant),
sends it, and the worker delivers one mail per participant; HR sees it on the person's page.

axe-core (WCAG 2.1 A/AA) runs on every page, at desktop and phone width; screenshots go to
`test-artifacts/mailings/`. Run: `uv run pytest lederspor/mailings/tests/test_journey_mailing.py -q -s -n 0`.
"""

from django.core import mail

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.mailings.models import Mailing, MailTemplate
from lederspor.notifications.testing import run_worker
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_consultant_mails_the_cohort_from_a_template(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    MailTemplate.objects.create(
        name="Velkommen til holdet",
        subject="Velkommen til {hold}",
        body="Kære {fornavn}\n\nDin nærmeste leder er {nærmeste_leder}.",
    )
    check = A11yChecker("mailings")
    kim = browser_sign_in(browser, live_server.url, cast.consultant.user.email, PASSWORD)

    # 1. From the cohort's page to its mailings (none yet) and a new mail to the cohort.
    kim.goto(f"/forloeb/hold/{cast.cohort.pk}/")
    kim.get_by_role("link", name="Send mail til holdet").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Fællesmails")
    check(kim, "cohort-list-empty", phone=True)
    kim.get_by_role("link", name="Ny mail til holdet").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Ny fællesmail")

    # 2. The template fills the form; an unknown merge field is refused with the text kept.
    kim.get_by_label("Skabelon", exact=True).select_option(label="Velkommen til holdet")
    kim.get_by_role("button", name="Brug skabelon").click()
    expect(kim.locator("#id_subject")).to_have_value("Velkommen til {hold}")
    check(kim, "compose", phone=True)
    kim.locator("#id_body").fill("Kære {fornavn} {efternavn}")
    kim.get_by_role("button", name="Se forhåndsvisning").click()
    expect(kim.get_by_text("Ukendt flettefelt {efternavn}", exact=False)).to_be_visible()
    expect(kim.locator("#id_body")).to_have_value("Kære {fornavn} {efternavn}")
    check(kim, "compose-error")
    kim.locator("#id_body").fill("Kære {fornavn}\n\nDin nærmeste leder er {nærmeste_leder}.")

    # 3. The preview: the first participant's mail, the count, the list.
    kim.get_by_role("button", name="Se forhåndsvisning").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Forhåndsvisning")
    expect(kim.get_by_text("Mailen sendes til 2 modtagere.")).to_be_visible()
    anna_mail = kim.get_by_role("region", name="Til Anna Aspirant")
    expect(anna_mail.get_by_text("Velkommen til Aspiranthold test")).to_be_visible()
    expect(anna_mail.get_by_text("Din nærmeste leder er Lars Leder.")).to_be_visible()
    check(kim, "preview", phone=True)

    # 4. Send: the mailing's page; the worker sends one mail per participant.
    kim.get_by_role("button", name="Send til 2 modtagere").click()
    expect(kim.get_by_text("Mailen er sendt til 2 modtagere.", exact=False)).to_be_visible()
    check(kim, "mailing", phone=True)
    assert Mailing.objects.count() == 1
    run_worker()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.aspirant.email, cast.other_aspirant.email]
    )

    # 5. On Anna's HR page, among her mailings.
    kim.goto(f"/organisation/personer/{cast.aspirant.pk}/")
    expect(kim.get_by_role("link", name="Velkommen til Aspiranthold test")).to_be_visible()
    check(kim, "person-page")
    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
