"""Browser journey in Debian's Chromium: nomination → approval → task 10 → follow-up → matrix.

Every page of the journey is checked with axe-core (WCAG 2.1 A/AA; serious and critical
violations fail the test) and saved as a full-page screenshot in `test-artifacts/journey/`.
Run: `uv run pytest lederspor/core/tests/test_journey.py -q -s`.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def content(cast):
    from lederspor.catalogue.content import load_catalogue
    from lederspor.programmes.content import load_programmes

    load_programmes()
    return load_catalogue()


def test_nomination_to_follow_up_journey(live_server, cast, content, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("journey")
    cast.cohort.refresh_from_db()
    cohort = cast.cohort
    carl = cast.colleague
    due = timezone.localdate() + dt.timedelta(days=30)

    def sign_in(email: str, name: str, *, check_login: bool = False):
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/login/")
        if check_login:
            check(page, "login")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))
        check(page, f"{name}-home")
        return page

    def menu(page, label: str) -> None:
        page.get_by_role("navigation", name="Hovedmenu").get_by_role(
            "link", name=label, exact=True
        ).click()

    def status_message(page):
        return page.get_by_role("status")

    # 1. The leader nominates Carl for the cohort.
    leader = sign_in("lars@test.dk", "leader", check_login=True)
    menu(leader, "Mine medarbejdere")
    expect(leader.get_by_role("heading", level=1)).to_have_text("Mine medarbejdere på forløb")
    expect(
        leader.get_by_role("navigation", name="Hovedmenu").get_by_role(
            "link", name="Mine medarbejdere"
        )
    ).to_have_attribute("aria-current", "page")
    check(leader, "leader-my-reports")
    leader.get_by_role("link", name="Indstil en medarbejder").click()
    check(leader, "leader-nominate")
    leader.get_by_label("Medarbejder").select_option(label=f"{carl.full_name} – {carl.job_title}")
    with translation.override("da"):
        starts = date_format(cohort.starts_on, "SHORT_DATE_FORMAT")
    leader.get_by_label("Hold").select_option(
        label=f"{cohort.name} ({cohort.programme.name}, {starts})"
    )
    leader.get_by_label("Begrundelse").fill(
        "Carl tager ansvar i teamet og leder allerede vores personalemøder godt."
    )
    leader.get_by_role("button", name="Indstil", exact=True).click()
    expect(status_message(leader)).to_contain_text(f"{carl.full_name} er indstillet")
    check(leader, "leader-nominated")

    # 2. The consultant approves the nomination.
    consultant = sign_in("kim@test.dk", "consultant")
    menu(consultant, "Indstillinger")
    expect(consultant.get_by_role("heading", level=2, name=carl.full_name)).to_be_visible()
    check(consultant, "consultant-queue")
    consultant.get_by_role("button", name=f"Godkend {carl.full_name}").click()
    expect(status_message(consultant)).to_be_visible()
    expect(consultant.get_by_role("button", name=f"Godkend {carl.full_name}")).to_have_count(0)
    check(consultant, "consultant-approved")

    # 3. The leader proposes catalogue task 10 "Mødeleder".
    menu(leader, "Mine medarbejdere")
    leader.get_by_role("link", name=carl.full_name).click()
    expect(leader.get_by_role("heading", level=1)).to_have_text(carl.full_name)
    check(leader, "leader-enrolment")
    leader.get_by_role("link", name="Foreslå en opgave").click()
    check(leader, "leader-propose-task")
    leader.get_by_label("Opgave fra kataloget").select_option(label="10. Mødeleder")
    leader.get_by_label("Læringsmål").fill("Træne at lede et møde med en klar dagsorden.")
    leader.get_by_label("Omfang").fill("Carl leder to personalemøder og får feedback bagefter.")
    leader.get_by_label("Frist").fill(due.isoformat())
    leader.get_by_role("button", name="Foreslå opgaven").click()
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Mødeleder")
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Foreslået")
    check(leader, "leader-task-proposed")

    # 4. Carl agrees the task, starts it and marks it done.
    aspirant = sign_in("carl@test.dk", "aspirant")
    menu(aspirant, "Mit forløb")
    # With one active enrolment, "Mit forløb" goes straight to the programme page.
    expect(aspirant.get_by_role("heading", level=1)).to_have_text("Mit forløb")
    expect(aspirant.get_by_role("heading", level=2, name="Praksisopgaver")).to_be_visible()
    check(aspirant, "aspirant-my-programme", phone=True)
    aspirant.get_by_role("link", name="Mødeleder").click()
    check(aspirant, "aspirant-task-proposed")
    for button, status in [
        ("Aftal opgaven", "Aftalt"),
        ("Start opgaven", "I gang"),
        ("Markér som udført", "Udført"),
    ]:
        aspirant.get_by_role("button", name=button).click()
        expect(aspirant.get_by_role("heading", level=1)).to_contain_text(status)
        check(aspirant, f"aspirant-task-{status.lower().replace(' ', '-')}")

    # 5. The leader records the follow-up conversation.
    menu(leader, "Mine medarbejdere")
    check(leader, "leader-my-reports-awaiting")
    leader.get_by_role("link", name=carl.full_name).click()
    leader.get_by_role("link", name="Mødeleder").click()
    leader.get_by_role("link", name="Registrér opfølgende samtale").click()
    check(leader, "leader-follow-up-form")
    leader.get_by_label("Observationer").fill("Carl holdt tiden og fik alle til orde.")
    leader.get_by_label("Læringspointer").fill("Forbered dagsordenen sammen med teamet.")
    leader.get_by_role("button", name="Gem opfølgning").click()
    expect(status_message(leader)).to_contain_text("Opfølgningen er gemt")
    expect(leader.get_by_role("heading", level=1)).to_contain_text("Fulgt op")
    check(leader, "leader-task-followed-up")

    # 6. The consultant sees the follow-up in the cohort matrix.
    menu(consultant, "Hold")
    check(consultant, "consultant-cohorts")
    consultant.get_by_role("link", name=cohort.name).click()
    matrix = consultant.get_by_role("table", name="Fremdrift")
    expect(matrix).to_be_visible()
    headers = matrix.locator("thead th").all_inner_texts()
    column = [h.strip() for h in headers].index("Fulgt op")
    row = matrix.get_by_role("row").filter(
        has=consultant.get_by_role("rowheader", name=re.compile(carl.full_name))
    )
    expect(row.locator("th, td").nth(column)).to_have_text("1")
    check(consultant, "consultant-matrix", phone=True)

    for page in (leader, consultant, aspirant):
        page.context.close()
    if check.notes:  # shown with -s; minor/moderate findings do not fail the journey
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
