"""Browser journey in Debian's Chromium (issue #15 §1–§4): the data-protection officer searches
the read log for a participant and previews an erasure (a missing confirmation keeps the typed
reason); the participant opens Mine data from the footer, sees who read their records and
downloads all their data; anyone reads the privacy notice.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots (LEDERSPOR_SCREENSHOTS=1) go to
`test-artifacts/privacy/`. Run: `uv run pytest lederspor/privacy/tests/test_journey_privacy.py
-q -s`.
"""

import io
import zipfile

from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.people.models import Person
from lederspor.privacy.models import ReadLogEntry
from lederspor.privacy.tests.test_views import grant_data_protection
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_dpo_searches_the_log_and_previews_an_erasure_and_a_participant_downloads(
    live_server, cast, browser
):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    dpo = grant_data_protection(cast.hr_colleague)
    anna, kim = cast.aspirant, cast.consultant
    ReadLogEntry.objects.create(
        at=timezone.now() - timezone.timedelta(days=1),
        reader=kim.user,
        reader_label=f"{kim.full_name} <{kim.email}>",
        kinds="enrolment,conversation",
        subjects=f" {anna.pk} {cast.other_aspirant.pk} ",
        subject_count=2,
        path=f"/forloeb/deltagelse/{cast.enrolment.pk}/",
        channel="page",
    )
    check = A11yChecker("privacy")

    # 1. Karen (HR with the data-protection role) searches the read log for Anna.
    karen = browser_sign_in(browser, live_server.url, dpo.user.email, PASSWORD)
    karen.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Databeskyttelse"
    ).click()
    expect(karen.get_by_role("heading", level=1)).to_have_text("Databeskyttelse")
    check(karen, "dpo-overview")
    karen.get_by_role("link", name="Læselog", exact=True).click()
    expect(karen.get_by_role("heading", level=1)).to_have_text("Læselog")
    karen.get_by_label("Person").fill("Anna Aspirant")
    karen.get_by_role("button", name="Søg").click()
    expect(karen.get_by_text("passer på 1 person")).to_be_visible()
    row = karen.get_by_role("row").filter(has_text="Kim Konsulent")
    expect(row).to_contain_text("Anna Aspirant, Bo Aspirant")
    expect(row).to_contain_text("Forløb og tilmeldinger, Samtaler")
    check(karen, "dpo-read-log", phone=True)
    assert ReadLogEntry.objects.filter(reader=dpo.user, kinds="read_log").exists()

    # 2. She finds Anna and previews the erasure; without the confirmation nothing happens.
    karen.goto("/databeskyttelse/")
    karen.get_by_label("Find en person").fill("Anna")
    karen.get_by_role("button", name="Søg").click()
    karen.get_by_role("link", name="Slet data om Anna Aspirant").click()
    expect(karen.get_by_role("heading", level=1)).to_have_text("Slet data om Anna Aspirant")
    expect(karen.get_by_text("Intet er slettet endnu", exact=False)).to_be_visible()
    check(karen, "dpo-erasure-preview", phone=True)
    karen.get_by_label("Begrundelse").fill("Anmodning af 3. marts, sag 2026-1234")
    karen.get_by_role("button", name="Slet personens data").click()
    expect(
        karen.get_by_text("Bekræft, at du har kontrolleret anmodningen, før du sletter.")
    ).to_be_visible()
    expect(karen.get_by_label("Begrundelse")).to_have_value("Anmodning af 3. marts, sag 2026-1234")
    check(karen, "dpo-erasure-error")
    assert Person.objects.get(pk=anna.pk).email == anna.email

    # 3. Anna opens Mine data from the footer, sees Kim's read and downloads her data.
    page = browser_sign_in(browser, live_server.url, anna.user.email, PASSWORD)
    page.get_by_role("contentinfo").get_by_role("link", name="Mine data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mine data")
    reads = page.get_by_role("row").filter(has_text="Kim Konsulent")
    expect(reads.first).to_be_visible()
    expect(page.get_by_text("Bo Aspirant")).to_have_count(0)
    check(page, "participant-my-data", phone=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download alle mine data").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"indsigt-{anna.pk}-")
    with zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read())) as archive:
        names = archive.namelist()
        assert "index.html" in names
        assert any(n.startswith("data/") and n.endswith(".json") for n in names)
        assert "Anna" in archive.read("index.html").decode()

    # 4. The privacy notice, from the footer, for anyone.
    page.get_by_role("contentinfo").get_by_role("link", name="Privatlivspolitik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privatlivspolitik")
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
    anonymous = context.new_page()
    anonymous.goto("/privatlivspolitik/")
    expect(anonymous.get_by_text("Datatilsynet").first).to_be_visible()
    check(anonymous, "notice", phone=True)

    assert check.failures == [], "\n".join(check.failures)
