"""Browser journey in Debian's Chromium (issue #3 §5, §7), the trainee programme's own pages:
Lars nominates Carl to a trainee cohort and Kim approves him; Kim records the personality test
and its feedback from Carl's path; Carl and Lars answer the effects of the first phase; after the
transition conversation Lars records the outcome; Kim plans the take-off event and reads the
cohort overview. Carl's colleague Bo cannot open Carl's effect page (404).

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/trainee/`.
Run: `uv run pytest lederspor/trainee/tests/test_journey.py -q -s`.
"""

import datetime as dt
import re

from django.utils import timezone

from lederspor.conversations.models import ConversationKind, ConversationStatus
from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.core.testing import PASSWORD
from lederspor.programmes.models import Enrolment
from lederspor.trainee.models import EffectAnswer, PersonalityTest, TraineeOutcome

pytestmark = BROWSER_MARKS


def test_trainee_from_nomination_to_outcome(live_server, cast, browser, cohort, make_conversation):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("trainee")
    today = timezone.localdate()

    def sign_in(email: str):
        return browser_sign_in(browser, live_server.url, email, PASSWORD)

    # 1. Lars nominates Carl to the trainee cohort.
    lars = sign_in("lars@test.dk")
    lars.goto("/forloeb/indstil/")
    lars.get_by_label("Medarbejder").select_option(str(cast.colleague.pk))
    lars.get_by_label("Hold").select_option(str(cohort.pk))
    lars.get_by_label(re.compile("Begrundelse")).fill("Carl er et stort ledertalent.")
    check(lars, "leader-nominates")
    lars.get_by_role("button", name=re.compile("Indstil")).click()
    expect(lars.get_by_role("status")).to_contain_text("Carl Kollega er indstillet")

    # 2. Kim approves the nomination in the queue.
    kim = sign_in("kim@test.dk")
    kim.goto("/forloeb/indstillinger/")
    check(kim, "consultant-queue")
    kim.get_by_role("button", name="Godkend Carl Kollega").click()
    enrolment = Enrolment.objects.get(cohort=cohort, person=cast.colleague)
    assert enrolment.status == Enrolment.Status.ENROLLED

    # 3. Kim opens Carl's path: the prerequisite is missing; she records the test.
    kim.goto(f"/forloeb/deltagelse/{enrolment.pk}/")
    panel = kim.locator("section", has=kim.get_by_role("heading", name="Ledertraineens vej"))
    expect(panel).to_contain_text("Mangler: persontest")
    check(kim, "consultant-path", phone=True)
    panel.get_by_role("link", name="Registrér persontest").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Persontest og feedback")
    kim.get_by_label("Persontesten er taget").fill((today - dt.timedelta(days=6)).isoformat())
    kim.get_by_label("Feedback givet", exact=True).fill((today - dt.timedelta(days=8)).isoformat())
    kim.get_by_role("button", name="Gem persontest").click()
    expect(
        kim.get_by_text("Feedbacken kan ikke være givet før persontesten blev taget.")
    ).to_be_visible()
    check(kim, "consultant-test-error")
    kim.get_by_label("Feedback givet", exact=True).fill((today - dt.timedelta(days=2)).isoformat())
    kim.get_by_role("button", name="Gem persontest").click()
    expect(kim.get_by_role("status")).to_contain_text("Persontesten er registreret")
    expect(kim.get_by_text("Opfyldt: persontest med feedback")).to_be_visible()
    assert PersonalityTest.objects.get(enrolment=enrolment).feedback_by == cast.consultant

    # 4. Carl answers the effects of the first phase from his path.
    carl = sign_in("carl@test.dk")
    carl.goto(f"/forloeb/deltagelse/{enrolment.pk}/")
    carl.get_by_role("link", name="Besvar effekterne").click()
    expect(carl.get_by_role("heading", level=1)).to_have_text("Effekt af forløbet")
    first = carl.get_by_role("group", name=re.compile("^Personlig afklaring"))
    first.get_by_label("4 – I høj grad").check()
    first.get_by_label("Kommentar").fill("Jeg kender nu mine styrker.")
    check(carl, "trainee-effects", phone=True)
    carl.get_by_role("button", name="Gem svar").click()
    expect(carl.get_by_role("status")).to_contain_text("Dine svar er gemt")
    check(carl, "trainee-effects-saved")

    # 5. Lars answers too and sees Carl's answer beside his.
    lars.goto(f"/ledertrainee/{enrolment.pk}/effekt/")
    lars.get_by_role("group", name=re.compile("^Personlig afklaring")).get_by_label(
        "3 – I nogen grad"
    ).check()
    lars.get_by_role("button", name="Gem svar").click()
    expect(lars.get_by_text("Jeg kender nu mine styrker.")).to_be_visible()
    assert EffectAnswer.objects.filter(enrolment=enrolment).count() == 2

    # 6. Bo, another employee, may not see Carl's answers.
    bo = sign_in("bo@test.dk")
    assert bo.goto(f"/ledertrainee/{enrolment.pk}/effekt/").status == 404

    # 7. After the transition conversation Lars records the outcome.
    make_conversation(
        enrolment,
        ConversationKind.TRANSITION,
        status=ConversationStatus.HELD,
        days=-1,
        answers={"feedback_trainee": "Mere sparring med andre trainees", "feedback_leader": ""},
    )
    lars.goto(f"/forloeb/deltagelse/{enrolment.pk}/")
    lars.get_by_role("link", name="Registrér resultat").click()
    lars.get_by_label("’Lederparat’ ledertrainee").check()
    check(lars, "leader-outcome")
    lars.get_by_role("button", name="Gem resultat").click()
    expect(lars.get_by_role("status")).to_contain_text("Resultatet er registreret")
    assert TraineeOutcome.objects.get(enrolment=enrolment).outcome == "leader_ready"

    # 8. Kim plans the take-off event and reads the cohort overview.
    kim.goto(f"/ledertrainee/hold/{cohort.pk}/")
    check(kim, "consultant-overview-before")
    kim.get_by_role("link", name="Planlæg take-off-arrangement").click()
    expect(kim.get_by_text("Vejledning til lederansøgningen")).to_be_visible()
    start = timezone.localtime(timezone.now() + dt.timedelta(days=20)).replace(hour=9, minute=0)
    kim.get_by_label("Starter").fill(start.strftime("%Y-%m-%dT%H:%M"))
    kim.get_by_label("Slutter").fill((start + dt.timedelta(hours=4)).strftime("%Y-%m-%dT%H:%M"))
    kim.get_by_label("Sted").fill("Rådhushallen")
    check(kim, "consultant-take-off")
    kim.get_by_role("button", name="Opret take-off-arrangement").click()
    expect(kim.get_by_role("status")).to_contain_text("Take-off-arrangementet er oprettet")
    expect(kim.get_by_text("Rådhushallen")).to_be_visible()
    expect(kim.get_by_text("Mere sparring med andre trainees")).to_be_visible()
    expect(kim.get_by_role("cell", name="’Lederparat’ ledertrainee")).to_be_visible()
    check(kim, "consultant-overview", phone=True)

    assert check.failures == [], "\n".join(check.failures)
