"""Browser journey in Debian's Chromium (issue #3 §3, §7): Anna writes a private note after a
teaching day; her leader Lars cannot open it; she shares it with him and he reads it from his
logbook page; she shares another with her network group and Bo reads it; she deletes a note
and undoes the deletion.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/logbook/`.
Run: `uv run pytest lederspor/logbook/tests/test_journey.py -q -s`.
"""

import re

import pytest

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.logbook.models import LogbookEntry
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def seed_content():
    """Not the session's seed-content layer (lederspor/conftest.py): this journey flushes the
    database, so its cohort's content is loaded by `make_cohort` inside the test."""


def test_private_note_shared_with_leader_and_group(live_server, cast, browser, lps, groups):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("logbook")
    lps_enrolment = lps[1][0]

    def sign_in(email: str, name: str):
        page = browser_sign_in(browser, live_server.url, email, PASSWORD)
        return page

    # 1. Anna opens her empty logbook: it explains itself with the seed's words.
    anna = sign_in("anna@test.dk", "aspirant")
    anna.goto("/logbog/")
    expect(anna.get_by_role("heading", level=1)).to_have_text("Min logbog")
    expect(anna.get_by_text("Det er oplagt at bruge logbogen")).to_be_visible()
    check(anna, "aspirant-empty-logbook", phone=True)

    # 2. She writes a private note for her Leder på spring programme.
    anna.get_by_role("link", name="Skriv i logbogen").click()
    check(anna, "aspirant-choose-programme")
    anna.get_by_role("link", name=re.compile("Lederafklaring|Leder på spring")).click()
    expect(anna.get_by_label("Kun mig")).to_be_checked()
    anna.get_by_label("Overskrift").fill("Mit ledelsesrum")
    anna.get_by_label("Tekst").fill("Jeg vil tegne mit eget ledelsesrum.")
    check(anna, "aspirant-entry-form", phone=True)
    anna.get_by_role("button", name="Gem notat").click()
    expect(anna.get_by_role("status")).to_contain_text("Notatet er gemt")
    expect(anna.get_by_text("Kun du kan læse notatet.")).to_be_visible()
    check(anna, "aspirant-entry-private")
    entry_url = anna.url

    # 3. Lars, her nearest leader, cannot open it yet.
    lars = sign_in("lars@test.dk", "leader")
    response = lars.goto(entry_url)
    assert response.status == 404
    check(lars, "leader-private-404")

    # 4. Anna shares it with him; he finds it on his logbook page.
    anna.get_by_role("button", name="Del med min nærmeste leder").click()
    expect(anna.get_by_role("status")).to_contain_text("Notatet er delt")
    lars.goto("/logbog/")
    expect(lars.get_by_role("heading", name="Delt med dig som nærmeste leder")).to_be_visible()
    check(lars, "leader-logbook")
    lars.get_by_role("link", name="Anna Aspirant").click()
    expect(lars.get_by_role("heading", level=1)).to_have_text("Logbog for Anna Aspirant")
    check(lars, "leader-shared-list", phone=True)
    lars.get_by_role("link", name="Mit ledelsesrum").click()
    expect(lars.get_by_text("Jeg vil tegne mit eget ledelsesrum.")).to_be_visible()
    expect(lars.get_by_role("link", name="Ret notatet")).to_have_count(0)
    check(lars, "leader-reads-entry")

    # 5. A second note, shared with the network group from the form; Bo reads it.
    anna.goto(f"/logbog/ny/?forloeb={lps_enrolment.pk}")
    anna.get_by_label("Overskrift").fill("Hjemmeopgave: autoritet")
    anna.get_by_label("Tekst").fill("Jeg trækker mig, når der er uenighed.")
    anna.get_by_label("Min netværksgruppe").check()
    anna.get_by_role("button", name="Gem notat").click()
    expect(anna.get_by_text("Delt med netværksgruppen.")).to_be_visible()
    bo = sign_in("bo@test.dk", "peer")
    bo.goto("/logbog/gruppe/")
    expect(bo.get_by_role("link", name="Hjemmeopgave: autoritet")).to_be_visible()
    expect(bo.get_by_text("Mit ledelsesrum")).to_have_count(0)
    check(bo, "peer-group-entries", phone=True)

    # 6. Anna deletes the first note and undoes it.
    anna.goto(entry_url)
    anna.get_by_role("link", name="Slet").click()
    check(anna, "aspirant-delete-confirm")
    anna.get_by_role("button", name="Slet notatet").click()
    expect(anna.get_by_text("Notatet “Mit ledelsesrum” er slettet.")).to_be_visible()
    check(anna, "aspirant-deleted-undo")
    anna.get_by_role("button", name="Fortryd").click()
    expect(anna.get_by_role("status")).to_contain_text("Notatet er gendannet")
    assert LogbookEntry.objects.filter(title="Mit ledelsesrum").count() == 1

    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
