"""Browser journey in Debian's Chromium (issue #3 §2): the trainee creates the learning
agreement from the programme page, writes a goal and a practice element, and approves; the
nearest leader and the consultant approve, which locks it; the leader starts "Ændr aftalen";
the chef reads; an outsider gets the 404 page.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/agreements/`.
Run: `uv run pytest lederspor/agreements/tests/test_journey.py -q -s`.
"""

import datetime as dt

from django.utils import timezone

from lederspor.agreements.models import AgreementStatus, LearningAgreement
from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.site.testing import PASSWORD, make_cohort

pytestmark = BROWSER_MARKS


def test_trainee_leader_and_consultant_agree_and_lock(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("agreements")
    _cohort, (enrolment,) = make_cohort(
        "trainee", consultants=[cast.consultant], participants=[cast.aspirant]
    )
    start = (timezone.localdate() + dt.timedelta(days=7)).isoformat()
    end = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    def sign_in(person, name):
        page = browser_sign_in(browser, live_server.url, person.email, PASSWORD)
        check(page, f"{name}-home")
        return page

    # 1. Anna, the trainee, opens her programme page and creates the agreement.
    page = sign_in(cast.aspirant, "trainee")
    page.goto(f"/forloeb/deltagelse/{enrolment.pk}/")
    check(page, "trainee-programme", phone=True)
    page.get_by_role("link", name="Opret læringsaftale").click()
    check(page, "trainee-start")
    page.get_by_role("button", name="Opret læringsaftale").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Redigér læringsaftale")
    check(page, "trainee-edit", phone=True)
    page.get_by_label("Sådan støtter nærmeste leder").fill("Sparring hver fredag")
    page.locator("#id_goals-0-kind").select_option("personal")
    page.locator("#id_goals-0-text").fill("Tydelighed, når jeg uddelegerer")
    page.locator("#id_blocks-1-kind").select_option("practice")
    page.locator("#id_blocks-1-title").fill("Bisidder ved MUS")
    page.locator("#id_blocks-1-practice_form").select_option("observer")
    page.locator("#id_blocks-1-scope").select_option("local")
    page.locator("#id_blocks-1-starts_on").fill(end)
    page.locator("#id_blocks-1-ends_on").fill(start)  # wrong way round
    page.get_by_role("button", name="Gem").click()
    expect(page.locator("#id_blocks-1-ends_on_error")).to_contain_text("før startdatoen")
    expect(page.locator("#id_goals-0-text")).to_have_value("Tydelighed, når jeg uddelegerer")
    check(page, "trainee-edit-error")
    page.locator("#id_blocks-1-starts_on").fill(start)
    page.locator("#id_blocks-1-ends_on").fill(end)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("status")).to_contain_text("Læringsaftalen er gemt")
    check(page, "trainee-detail", phone=True)
    page.get_by_role("button", name="Godkend som Ledertrainee").click()
    expect(page.get_by_role("status")).to_contain_text("Din godkendelse er registreret")

    agreement = LearningAgreement.objects.get(enrolment=enrolment)

    # 2. Lars, the nearest leader, and Kim, the consultant, approve; it locks.
    for person, label, name in (
        (cast.leader, "Nærmeste leder", "leader"),
        (cast.consultant, "HR-konsulent", "consultant"),
    ):
        page = sign_in(person, name)
        page.goto(f"/laeringsaftaler/{enrolment.pk}/")
        expect(page.get_by_text("Bisidder ved MUS")).to_be_visible()
        page.get_by_role("button", name=f"Godkend som {label}").click()
        check(page, f"{name}-approved")
    expect(page.get_by_role("status")).to_contain_text("Læringsaftalen er nu låst")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED

    # 3. The consultant records that the practice element is under way, then starts v2.
    page.get_by_label("Status").first.select_option("in_progress")
    page.get_by_role("button", name="Gem status og refleksion").first.click()
    expect(page.get_by_role("status")).to_contain_text("Byggeklodsen er opdateret")
    page.get_by_role("button", name="Ændr aftalen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("version 2")
    check(page, "consultant-v2-edit")

    # 4. The chef reads without buttons; an outsider gets 404.
    page = sign_in(cast.chef, "chef")
    page.goto(f"/laeringsaftaler/aftale/{agreement.pk}/")
    expect(page.get_by_role("heading", name="Historik")).to_be_visible()
    expect(page.get_by_role("button", name="Ændr aftalen")).to_have_count(0)
    check(page, "chef-reads")
    page = sign_in(cast.outsider, "outsider")
    response = page.goto(f"/laeringsaftaler/aftale/{agreement.pk}/")
    assert response.status == 404

    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
