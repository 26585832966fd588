"""Browser journey in Debian's Chromium: the consultant enrols leaders, makes and publishes
pairs; the host plans, the partners align expectations, hold the visit, agree the reflection's
time and place, reflect; the locked visit is reopened on the guest's request.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/visits/`.
Run: `uv run pytest lederspor/visits/tests/test_journey.py -q -s`.
"""

import datetime as dt
import re

from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker
from lederspor.site.testing import PASSWORD
from lederspor.visits.tests import factories as f

pytestmark = BROWSER_MARKS


def test_enrol_pair_publish_plan_align_hold_reflect(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("visits")
    f.leader(cast, "Bente")  # Bente Jobbesøg, a leader in a forvaltning of her own
    cohort = f.cohort(cast, [])
    check_count_before = check.count

    def sign_in(email: str, name: str):
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))
        check(page, f"{name}-home")
        return page

    # 1. The consultant enrols Lars and Bente, makes the pairs and publishes them.
    consultant = sign_in("kim@test.dk", "consultant")
    consultant.get_by_role("link", name="Jobbesøgshold").click()
    check(consultant, "consultant-cohorts")
    consultant.get_by_role("link", name=cohort.name).click()
    check(consultant, "consultant-overview-empty")
    consultant.get_by_role("link", name="Optag ledere").click()
    consultant.get_by_label("Søg leder").fill("Leder")
    consultant.get_by_role("button", name="Søg").click()
    check(consultant, "consultant-enrol-search")
    consultant.get_by_label("Lars Leder").check()
    consultant.get_by_label("Søg leder").fill("Bente")
    consultant.get_by_role("button", name="Søg").click()
    consultant.get_by_label("Bente Jobbesøg").check()
    consultant.get_by_role("button", name="Optag de valgte").click()
    expect(consultant.get_by_role("status")).to_contain_text("1 ledere er optaget")
    consultant.get_by_role("link", name="Optag ledere").click()
    consultant.get_by_label("Søg leder").fill("Lars")
    consultant.get_by_role("button", name="Søg").click()
    consultant.get_by_label("Lars Leder").check()
    consultant.get_by_role("button", name="Optag de valgte").click()
    consultant.get_by_label("Forskellig forvaltning").check()
    consultant.get_by_role("button", name="Dan par").click()
    expect(consultant.get_by_role("status")).to_contain_text("Parrene er dannet")
    expect(consultant.get_by_role("rowheader", name=re.compile("Lars Leder"))).to_be_visible()
    check(consultant, "consultant-pairs-made")
    consultant.get_by_role("button", name="Offentliggør parrene").click()
    expect(consultant.get_by_role("status")).to_contain_text("1 par er offentliggjort")
    check(consultant, "consultant-published", phone=True)

    # 2. Lars (who hosts the 2nd visit) sees his partner and plans the visit.
    lars = sign_in("lars@test.dk", "host")
    lars.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mit jobbesøg"
    ).click()
    expect(lars.get_by_role("heading", level=2, name="Din makker")).to_be_visible()
    expect(lars.get_by_text("Bente Jobbesøg", exact=True)).to_be_visible()
    check(lars, "host-my-job-visit", phone=True)
    lars.get_by_role("link", name="2. jobbesøg hos Lars Leder").click()
    check(lars, "host-visit-planned")
    lars.get_by_role("link", name="Vælg aktivitet, tid og sted").click()
    expect(lars.get_by_text("hvor du som vært skal stå på tæer", exact=False)).to_be_visible()
    check(lars, "host-plan-form", phone=True)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    lars.get_by_label("Ledelsesaktivitet").fill("Møde i den strategiske styregruppe")
    lars.get_by_label("Visionsledelse").check()
    lars.get_by_label("Distribueret ledelse").check()
    lars.get_by_label("Start").fill(f"{yesterday.isoformat()}T09:00")
    lars.get_by_label("Slut").fill(f"{yesterday.isoformat()}T11:00")
    lars.get_by_label("Sted").fill("Rådhuset")
    lars.get_by_role("button", name="Gem besøget").click()
    expect(lars.get_by_role("status")).to_contain_text("kalenderinvitation")
    check(lars, "host-visit-scheduled")

    # 3. Bente answers expectation questions; Lars writes his intended leadership.
    bente_page = sign_in("bente@test.dk", "guest")
    bente_page.goto(lars.url)
    bente_page.get_by_label(
        "Hvad er formålet med aktiviteten, og hvem deltager i aktiviteten?"
    ).fill("At beslutte næste skridt; styregruppen deltager.")
    bente_page.get_by_role("button", name="Gem forventningsafstemningen").click()
    expect(bente_page.get_by_role("status")).to_contain_text("forventningsafstemning er gemt")
    check(bente_page, "guest-expectations-saved", phone=True)
    lars.reload()
    lars.get_by_label("Intenderet ledelse – det vil jeg gerne lykkes med").fill(
        "Give klar retning og invitere til uenighed."
    )
    lars.locator("#model").get_by_role("button", name="Gem").first.click()
    expect(lars.get_by_role("status")).to_contain_text("intenderede ledelse er gemt")

    # 4. The visit is held; Bente writes what she observed; they reflect together.
    bente_page.reload()
    bente_page.get_by_label("Faktisk ledelse – det så jeg").fill("Alle fik ordet.")
    bente_page.locator("#model").get_by_role("button", name="Gem").click()
    expect(bente_page.get_by_role("status")).to_contain_text("iagttagelser er gemt")
    bente_page.get_by_role("button", name="Markér besøget som gennemført").click()
    expect(bente_page.get_by_role("heading", level=1)).to_contain_text("Gennemført")
    check(bente_page, "guest-visit-held")
    # the joint reflection's own time and place (seed 001 step 2), apart from the visit's
    bente_page.get_by_text("Skriv tid og sted for refleksionen").click()
    bente_page.get_by_label("Refleksionen starter").fill(f"{yesterday.isoformat()}T13:00")
    bente_page.get_by_label("Refleksionen slutter").fill(f"{yesterday.isoformat()}T14:00")
    bente_page.get_by_label("Refleksionens sted").fill("Café Ingolf")
    bente_page.get_by_role("button", name="Gem tid og sted").click()
    expect(bente_page.get_by_role("status")).to_contain_text("fælles refleksion er gemt")
    expect(bente_page.get_by_text("Café Ingolf")).to_be_visible()
    check(bente_page, "guest-reflection-time")
    bente_page.get_by_label(re.compile("^Hvad blev vi klogere på")).fill(
        "At intenderet og opfattet ledelse ikke altid mødes."
    )
    bente_page.get_by_role("button", name="Gem refleksionen").click()
    expect(bente_page.get_by_role("status")).to_contain_text("refleksion er gemt")
    bente_page.get_by_role("button", name="Afslut refleksionen").click()
    expect(bente_page.get_by_role("heading", level=1)).to_contain_text("Reflekteret")
    check(bente_page, "guest-visit-reflected", phone=True)
    # reflected: the content is locked; Bente asks the consultant to reopen it
    expect(bente_page.get_by_role("heading", name="Besøget er låst")).to_be_visible()
    expect(bente_page.get_by_role("button", name="Gem refleksionen")).to_have_count(0)
    bente_page.get_by_role("button", name="Bed konsulenten om at genåbne besøget").click()
    expect(bente_page.get_by_role("status")).to_contain_text("Konsulenten har fået besked")
    check(bente_page, "guest-visit-locked")

    # 5. The consultant sees progress (not content).
    consultant.reload()
    expect(consultant.get_by_text("Reflekteret", exact=True)).to_be_visible()
    expect(consultant.get_by_text("Møde i den strategiske styregruppe")).to_have_count(0)
    expect(consultant.get_by_role("heading", name="Holdets kalender")).to_be_visible()
    check(consultant, "consultant-progress")
    consultant.get_by_role("button", name="Genåbn besøget").click()
    expect(consultant.get_by_role("status")).to_contain_text("Besøget er genåbnet")
    check(consultant, "consultant-reopened")
    bente_page.reload()
    expect(bente_page.get_by_role("heading", level=1)).to_contain_text("Gennemført")
    expect(bente_page.get_by_role("button", name="Gem refleksionen")).to_be_visible()

    for page in (consultant, lars, bente_page):
        page.context.close()
    assert check.count > check_count_before
    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
