"""Browser journey in Debian's Chromium (issue #13 §2, §5): the consultant builds an evaluation
from a template for yesterday's network meeting and sends it; the worker mails the link; the
participant answers from the link (a missing answer keeps what was typed); the consultant sees
the results with the small-number rule ("< 5"), and the participant may not see them.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/evaluations/`.
Run: `uv run pytest lederspor/evaluations/tests/test_journey_evaluation.py -q -s`.
"""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.evaluations.content import load_evaluation_templates
from lederspor.evaluations.models import Questionnaire, Response
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Session
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_consultant_sends_an_evaluation_and_sees_results_with_the_small_number_rule(
    live_server, cast, browser
):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    template = next(t for t in load_evaluation_templates() if t.key == "aspirant-network-meeting")
    day = timezone.localdate() - dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    session = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Kommunikation og den svære samtale",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=6),
    )
    check = A11yChecker("evaluations")

    def sign_in(person, name):
        page = browser_sign_in(browser, live_server.url, person.user.email, PASSWORD)
        check(page, f"{name}-home")
        return page

    # 1. Kim builds the evaluation from the cohort's page and sends it.
    kim = sign_in(cast.consultant, "consultant")
    kim.goto(f"/forloeb/hold/{cast.cohort.pk}/")
    kim.get_by_role("link", name="Evalueringer").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Evalueringer")
    check(kim, "consultant-list-empty")
    kim.get_by_label("Skabelon").select_option(value=str(template.pk))
    kim.get_by_label("Mødegang").select_option(value=str(session.pk))
    kim.get_by_role("button", name="Opret evaluering").click()
    expect(kim.get_by_role("heading", level=1)).to_contain_text("evaluering af netværksmødet")
    check(kim, "consultant-editor")
    kim.get_by_role("button", name="Send evalueringen").click()
    expect(kim.get_by_text("Planlagt")).to_be_visible()
    check(kim, "consultant-list-scheduled", phone=True)
    questionnaire = Questionnaire.objects.get()

    # 2. The worker mails the link (the meeting has ended).
    mail.outbox.clear()
    run_worker()
    to_anna = next(m for m in mail.outbox if m.to == [cast.aspirant.email])
    assert "Kommunikation og den svære samtale" in to_anna.subject
    link = re.search(r"(/evalueringer/svar/[^/\s]+/)", to_anna.body).group(1)

    # 3. Anna answers from the link; a missing answer keeps what she typed.
    anna = sign_in(cast.aspirant, "participant")
    anna.goto(link)
    check(anna, "participant-answer", phone=True)
    expect(anna.get_by_text("Evalueringen er anonym.", exact=False).first).to_be_visible()
    anna.get_by_label("Hvad tager du med fra netværksmødet?").fill("Modet til at tage samtalen")
    anna.get_by_role("button", name="Send mit svar").click()
    expect(anna.get_by_text("Besvar venligst spørgsmålet.").first).to_be_visible()
    expect(anna.get_by_label("Hvad tager du med fra netværksmødet?")).to_have_value(
        "Modet til at tage samtalen"
    )
    check(anna, "participant-answer-error")
    fieldsets = anna.locator("fieldset")
    for i in range(fieldsets.count()):
        fieldsets.nth(i).locator("input").first.check()
    anna.get_by_role("button", name="Send mit svar").click()
    expect(anna.get_by_role("heading", level=1)).to_have_text("Tak for dit svar")
    check(anna, "participant-thanks")
    assert Response.objects.get().person_id is None
    anna.goto(f"/evalueringer/{questionnaire.pk}/resultater/")
    expect(anna.get_by_role("heading", level=1)).not_to_have_text("Resultater")

    # 4. Kim sees the results: one answer is under the limit, so "< 5" and no free text.
    kim.goto(f"/evalueringer/hold/{cast.cohort.pk}/")
    kim.get_by_role("link", name="Resultater").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Resultater")
    expect(kim.get_by_text("1 / 2")).to_be_visible()
    expect(kim.get_by_role("cell", name="< 5").first).to_be_visible()
    expect(kim.get_by_text("Modet til at tage samtalen")).to_have_count(0)
    check(kim, "consultant-results", phone=True)
