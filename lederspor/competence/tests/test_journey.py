"""Browser journey in Debian's Chromium (issue #5 §4): a leader builds a plan for "Medicin til
beboerne" from scratch through all five fields of seed 004, names a participant, and awards a
B kørekort after a recorded practice review; the participant reads the plan and sees the
licence; an outsider gets the 404 page.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/competence/`.
Run: `uv run pytest lederspor/competence/tests/test_journey.py -q -s`.
"""

import datetime as dt
import re

from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, pick
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.licences.services import licence_requirement_set, licence_task_create
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS

CONCRETE = (
    "At give medicin til beboerne på plejecentret ved morgenvagten, så hver beboer får den "
    "rigtige dosis til tiden"
)


def test_plan_five_fields_then_award_b_licence_after_practice_review(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("competence")
    check_count_before = check.count
    task = licence_task_create(unit=cast.workplace, title="Medicin til beboerne", by=cast.admin)
    licence_requirement_set(task=task, level="B", profession="Pædagog", by=cast.admin)
    today = timezone.localdate()

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    def sign_in(email: str, name: str):
        page = browser_sign_in(browser, live_server.url, email, PASSWORD)
        check(page, f"{name}-home")
        return page

    def next_field(page):
        page.get_by_role("button", name="Gem og gå til næste felt").click()
        expect(page.locator("[role=status]:has(.messages)")).to_contain_text("Feltet er gemt")

    # 1. Lars creates the plan.
    lars = sign_in("lars@test.dk", "leader")
    lars.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Kompetenceudvikling"
    ).click()
    expect(lars.get_by_role("heading", level=1)).to_have_text("Kompetenceudvikling")
    check(lars, "leader-plan-list", phone=True)
    lars.get_by_role("link", name="Ny plan").click()
    check(lars, "leader-plan-create")
    lars.get_by_label("Titel").fill("Medicin til beboerne")
    pick(lars, "Enhed", "A1a", "Arbejdsplads A1a – Område A1")
    lars.get_by_role("button", name="Opret plan").click()
    expect(lars.get_by_role("heading", level=1)).to_contain_text("1. Opgave")
    plan_path = (
        lars.get_by_role("navigation", name="Brødkrummer")
        .get_by_role("link", name="Medicin til beboerne")
        .get_attribute("href")
    )
    check(lars, "leader-field-task-empty", phone=True)

    # 2. Field 1, Opgave: a too-general situation first gets the seed's warning.
    situation = lars.get_by_label("Hvilken situation skal håndteres anderledes?")
    situation.fill("Medicin")
    lars.get_by_role("button", name="Gem", exact=True).click()
    expect(lars.locator("[role=status]:has(.messages)")).to_contain_text("Feltet er gemt")
    expect(lars.get_by_role("note").filter(has_text="for ukonkret")).to_be_visible()
    check(lars, "leader-plan-too-general")
    lars.get_by_role("link", name="Udfyld felterne").click()
    expect(lars.get_by_role("heading", level=1)).to_contain_text("1. Opgave")
    expect(lars.get_by_role("note")).to_contain_text("for ukonkret")
    check(lars, "leader-field-task-warning")
    # Seed 004's texts at field 1 (issue #14): the dimensions, the text box and the kørekort box
    # open as <details>; the quick guide is a PDF for the signed-in leader.
    method_texts = lars.get_by_role("region", name="Fra metoden")
    method_texts.locator("summary", has_text="Hvad skal vi gøre anderledes?").click()
    expect(method_texts.get_by_text("Sådan fortæller lederen")).to_be_visible()
    method_texts.locator("summary", has_text="Kørekort på tre niveauer").click()
    expect(method_texts.get_by_text("kan det få tjenstlige konsekvenser")).to_be_visible()
    method_texts.locator("summary", has_text="Integrér strategi og læring").click()
    expect(method_texts.get_by_text("Ingen af dimensionerne kan stå alene")).to_be_visible()
    expect(lars.get_by_text("Kan fx være relevant når ...")).to_have_count(3)
    check(lars, "leader-field-task-method-texts", phone=True)
    guide_path = lars.get_by_role("link", name="Hent lynguiden som PDF").get_attribute("href")
    guide = lars.request.get(f"{live_server.url}{guide_path}")
    assert guide.status == 200 and guide.headers["content-type"] == "application/pdf"
    situation.fill(CONCRETE)
    lars.get_by_label("Det skal være én situation, der er konkret og genkendelig.").check()
    lars.get_by_label("Medarbejderen skal kunne håndtere opgaven på en anden måde.").check()
    lars.get_by_label("Ansvaret for at løse opgaven skal være tydeligt.").check()
    lars.get_by_label("Hvordan løser vi opgaven i dag?").fill(
        "Sygeplejersken doserer og giver al medicin; pædagogerne hjælper kun til."
    )
    lars.get_by_label("Hvordan skal den helt konkret løses fremover?").fill(
        "Pædagogerne giver selv den doserede medicin og kvitterer i medicinmodulet."
    )
    lars.get_by_label("Nuværende ansvar (for gruppen)").select_option(label="Med støtte")
    lars.get_by_label("Ansvar der skal nås (for gruppen)").select_option(label="Selvstændigt")
    lars.get_by_label("Målet kræver kørekort").select_option(label="Medicin til beboerne")
    next_field(lars)

    # 3. Field 2, Perspektiv.
    expect(lars.get_by_role("heading", level=1)).to_contain_text("2. Perspektiv")
    lars.locator("summary", has_text="Et dobbelt perspektiv på barselsafsnittet").click()
    expect(lars.get_by_role("link", name="Læs mere i eksempel 4: Barselsafsnittet")).to_be_visible()
    lars.locator("summary", has_text="Den strategiske dimension").click()
    check(lars, "leader-field-perspective")
    lars.get_by_label("For kerneopgaven (og dermed borgerne)").fill(
        "Beboerne får medicinen til tiden, også når sygeplejersken er optaget."
    )
    lars.get_by_label("For arbejdspladsen og organiseringen af arbejdet").fill(
        "Sygeplejersken får tid til de komplekse opgaver."
    )
    next_field(lars)

    # 4. Field 3, Læringsmål: a methods goal and a knowledge goal, one checklist item.
    expect(lars.get_by_role("heading", level=1)).to_contain_text("3. Læringsmål")
    goal1 = lars.get_by_role("group", name="Læringsmål 1", exact=True)
    goal1.get_by_label("Niveau").select_option(label="Metoder og teknikker")
    goal1.get_by_label("Mål").fill("Kan følge proceduren for medicinudlevering trin for trin.")
    goal2 = lars.get_by_role("group", name="Læringsmål 2", exact=True)
    goal2.get_by_label("Niveau").select_option(label="Faglig viden")
    goal2.get_by_label("Mål").fill("Kender de almindelige bivirkninger og hvornår man ringer.")
    lars.get_by_label("Særlige arbejdsteknikker, fx forflytnings- eller samtaleteknik.").check()
    check(lars, "leader-field-goals", phone=True)
    next_field(lars)

    # 5. Field 4, Træningsbane: dates, a suggested learning form, two activities.
    expect(lars.get_by_role("heading", level=1)).to_contain_text("4. Træningsbane")
    lars.get_by_label("Træningsbanen starter").fill(day(7))
    lars.get_by_label("Træningsbanen slutter").fill(day(60))
    side_by_side = lars.get_by_role("listitem").filter(
        has=lars.get_by_label("Sidemandsoplæring", exact=True)
    )
    expect(side_by_side).to_contain_text("Foreslået")
    lars.get_by_label("Sidemandsoplæring", exact=True).check()
    act1 = lars.get_by_role("group", name="Aktivitet 1", exact=True)
    act1.get_by_label("Tempo").select_option(label="Vidensopbygning")
    act1.get_by_label(re.compile("^Aktivitet")).fill("Kursus i medicinhåndtering")
    act1.get_by_label("Fra", exact=True).fill(day(7))
    act1.get_by_label("Til", exact=True).fill(day(8))
    act2 = lars.get_by_role("group", name="Aktivitet 2", exact=True)
    act2.get_by_label("Tempo").select_option(label="Feedback")
    act2.get_by_label(re.compile("^Aktivitet")).fill("Sygeplejersken ser med ved morgenvagten")
    act2.get_by_label("Feedbackform").select_option(label="Instruerende")
    check(lars, "leader-field-training", phone=True)
    next_field(lars)

    # 6. Field 5, Hverdag: the date and one anchoring.
    expect(lars.get_by_role("heading", level=1)).to_contain_text("5. Hverdag")
    lars.get_by_label("Opgaven løses på den nye måde fra").fill(day(61))
    anchor = lars.get_by_role("group", name="Forankring 1", exact=True)
    anchor.get_by_label("Type").select_option(label="Opfølgning på mål")
    anchor.get_by_label(re.compile("^Hvad")).fill("Samtale en måned efter kurset")
    pick(lars, "Hvem", "lars", "Lars Leder – Afdelingsleder, Arbejdsplads A1a", within=anchor)
    anchor.get_by_label("Hvornår").fill(day(90))
    check(lars, "leader-field-everyday")
    lars.get_by_role("button", name="Gem", exact=True).click()
    expect(lars.locator("[role=status]:has(.messages)")).to_contain_text("Feltet er gemt")
    expect(lars.get_by_text(CONCRETE)).to_be_visible()
    expect(lars.get_by_text("Samtale en måned efter kurset")).to_be_visible()
    check(lars, "leader-plan-filled")

    # 7. Carl is named; he lacks B; the plan moves to the training ground.
    lars.get_by_role("link", name="Ret deltagere og ansvarstrin").click()
    check(lars, "leader-participants")
    row = lars.get_by_role("group", name="Deltager 1", exact=True)
    pick(lars, "Deltager", "carl", "Carl Kollega – Medarbejder, Arbejdsplads A1a", within=row)
    lars.get_by_role("button", name="Gem deltagere").click()
    expect(lars.locator("[role=status]:has(.messages)")).to_contain_text("Deltagerne er gemt")
    carl_row = lars.get_by_role("row", name=re.compile("Carl Kollega"))
    expect(carl_row).to_contain_text("Mangler B")
    expect(carl_row.get_by_role("link", name="Registrér praksisgennemgang")).to_be_visible()
    lars.get_by_role("button", name="Flyt til Træningsbane").click()
    expect(lars.locator("[role=status]:has(.messages)")).to_contain_text(
        "Planens status er nu Træningsbane"
    )
    check(lars, "leader-plan-training", phone=True)

    # 8. The practice review, prefilled from the plan, awards B.
    carl_row.get_by_role("link", name="Registrér praksisgennemgang").click()
    expect(lars.get_by_role("heading", level=1)).to_have_text(
        "Praksisgennemgang: Medicin til beboerne"
    )
    expect(lars.get_by_role("combobox", name="Medarbejder")).to_have_value(
        "Carl Kollega – Medarbejder, Arbejdsplads A1a"
    )
    expect(lars.get_by_label("Niveau")).to_have_value("B")
    check(lars, "leader-review-form", phone=True)
    pick(lars, "Ressourceperson", "lars", "Lars Leder – Afdelingsleder, Arbejdsplads A1a")
    lars.get_by_label("Dato").fill(today.isoformat())
    lars.get_by_label("Bestået", exact=True).check()
    lars.get_by_role("button", name="Registrér", exact=True).click()
    expect(lars.locator("[role=status]:has(.messages)")).to_contain_text(
        "Carl Kollega har bestået og har nu kørekort på B-niveau"
    )
    # the review returns to the plan it was opened from
    expect(lars.get_by_role("heading", level=1)).to_contain_text("Medicin til beboerne")
    expect(lars.get_by_role("row", name=re.compile("Carl Kollega"))).to_contain_text("Har B")
    check(lars, "leader-plan-licensed")
    lars.get_by_role("link", name="Medicin til beboerne", exact=True).click()
    holders = lars.get_by_role("region", name="Har kørekort")
    expect(holders.get_by_role("row", name=re.compile("Carl Kollega"))).to_contain_text("B")
    check(lars, "leader-licence-task")
    lars.goto(plan_path)

    # 9. The PDF download.
    pdf_href = lars.get_by_role("link", name="Hent som PDF").get_attribute("href")
    response = lars.request.get(live_server.url + pdf_href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"

    # 10. Carl reads the plan and sees his licence.
    carl = sign_in("carl@test.dk", "participant")
    carl.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Kompetenceudvikling"
    ).click()
    check(carl, "participant-plan-list")
    carl.get_by_role("region", name="Planer").get_by_role(
        "link", name="Medicin til beboerne"
    ).click()
    expect(carl.get_by_role("heading", level=1)).to_contain_text("Medicin til beboerne")
    expect(carl.get_by_role("link", name="Udfyld felterne")).to_have_count(0)
    expect(carl.get_by_role("button", name="Flyt til Hverdag")).to_have_count(0)
    check(carl, "participant-plan", phone=True)
    carl.get_by_role("link", name="Kompetenceudvikling").first.click()
    carl.get_by_role("link", name="Mine kørekort").click()
    mine = carl.get_by_role("region", name="Kørekort jeg har")
    expect(mine.get_by_role("row", name=re.compile("Medicin til beboerne"))).to_contain_text(
        "Gyldigt"
    )
    expect(mine.get_by_role("row", name=re.compile("Medicin til beboerne"))).to_contain_text("B")
    check(carl, "participant-my-licences", phone=True)

    # 11. An outsider gets the 404 page.
    otto = sign_in("otto@test.dk", "outsider")
    otto.goto(plan_path)
    expect(otto.get_by_role("heading", level=1)).to_have_text("Siden findes ikke")
    check(otto, "outsider-404")

    for page in (lars, carl, otto):
        page.context.close()
    assert check.count > check_count_before
    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
