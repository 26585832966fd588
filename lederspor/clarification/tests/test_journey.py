"""Browser journey in Debian's Chromium (issue #3 §7): a Leder på spring participant from the
14-day mail to the certificate. The consultant creates the five teaching days, writes the mail
and sets homework; the worker sends the mail; Anna marks the JTI analysis answered, her homework
done and registers her leader talk, and follows the course overview (timeline) on her page, on a
phone too; Bo gives her structured feedback; the learning goals from the conversation before the
course stand beside the closing conversation for Anna and her leader Lars, not for the chef;
once completed, Anna downloads her kursusbevis (Dag 1–5 as attended); an outsider gets the 404
page.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/clarification/`.
Run: `uv run pytest lederspor/clarification/tests/test_journey.py -q -s`.
"""

import datetime as dt
import io
import re

from django.core import mail
from django.utils import timezone
from pypdf import PdfReader

from lederspor.clarification.models import LeaderTalk
from lederspor.conversations.services import conversation_plan, record_save
from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, PHONE, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.notifications.testing import run_worker
from lederspor.programmes.models import Session
from lederspor.programmes.services import attendance_set, enrolment_complete
from lederspor.site.testing import PASSWORD, content_conversation_templates, make_cohort

pytestmark = BROWSER_MARKS

JTI = "https://jti.example.dk/besvar/foraar"
GOAL = "At blive afklaret om jeg vil søge et lederjob inden for to år."


def test_from_the_14_day_mail_to_the_certificate(live_server, cast, browser, settings, tmp_path):
    from playwright.sync_api import expect

    settings.DATA_DIR = tmp_path
    expect.set_options(timeout=10_000)
    check = A11yChecker("clarification")
    # the cohort starts in ten days, so the 14-day mail is due as soon as it is saved
    cohort, (anna, _bo) = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant],
        starts_in_days=10,
        length_days=120,
    )

    def sign_in(email: str, name: str):
        page = browser_sign_in(browser, live_server.url, email, PASSWORD)
        check(page, f"{name}-home")
        return page

    # 1. Kim, the consultant, creates the teaching days, the mail and a homework task.
    kim = sign_in("kim@test.dk", "consultant")
    kim.goto(f"/forloeb/deltagelse/{anna.pk}/")
    kim.get_by_role("link", name="Holdets side for Leder på spring").click()
    check(kim, "consultant-cohort-empty")
    kim.get_by_role("link", name="Opret de fem undervisningsdage").click()
    check(kim, "consultant-teaching-days-form")
    for n in range(1, 6):
        day = cohort.starts_on + dt.timedelta(days=14 * (n - 1))
        kim.locator(f"#id_day_{n}").fill(day.isoformat())
    kim.get_by_label("Sted").fill("Rådhuset, mødesal 2")
    kim.get_by_role("button", name="Opret undervisningsdagene").click()
    expect(kim.get_by_role("status")).to_contain_text("De fem undervisningsdage er oprettet")
    expect(
        kim.get_by_role("heading", name="1. undervisningsdag: Ledelse i en kommunal kontekst")
    ).to_be_visible()
    check(kim, "consultant-cohort-days", phone=True)
    kim.get_by_text("Ny hjemmeopgave til 1. undervisningsdag").click()
    kim.locator(f"#hw_title_{cohort.sessions.order_by('starts_at').first().pk}").fill(
        "Mit ledelsesrum"
    )
    kim.get_by_role("button", name="Opret hjemmeopgave").first.click()
    expect(kim.get_by_role("status")).to_contain_text("Hjemmeopgaven er oprettet")
    kim.get_by_role("link", name="Skriv mailen").click()
    check(kim, "consultant-mail-form")
    kim.get_by_label("Link til JTI-analysen").fill(JTI)
    kim.get_by_role("button", name="Gem og planlæg mailen").click()
    expect(kim.get_by_role("status")).to_contain_text("Mailen er gemt og planlagt")
    check(kim, "consultant-mail-saved")

    # 2. The worker sends the mail.
    mail.outbox.clear()
    run_worker()
    to_anna = [m for m in mail.outbox if m.to == [cast.aspirant.email] and JTI in m.body]
    assert len(to_anna) == 1

    # 3. Anna follows her steps.
    anna_page = sign_in("anna@test.dk", "participant")
    anna_page.goto(f"/forloeb/deltagelse/{anna.pk}/")
    panel = anna_page.get_by_role("region", name="Leder på spring – forløbets skridt")
    expect(panel).to_contain_text("Mailen med artikler og link til JTI-analysen er sendt.")
    check(anna_page, "participant-panel", phone=True)
    overview = anna_page.get_by_role("region", name="Overblik over forløbet")
    expect(overview.locator("ol.lps-timeline > li").first).to_be_visible()
    expect(overview).to_contain_text("Dag 1: Ledelse i en kommunal kontekst")
    expect(overview).to_contain_text("Dag 5: Min vej mod ledelse – fortsat")
    expect(overview.locator('[aria-current="step"]')).to_have_count(1)
    anna_page.set_viewport_size(PHONE)
    width, screen = anna_page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert width <= screen, (width, screen)
    anna_page.set_viewport_size(DESKTOP)
    panel.get_by_role("button", name="Jeg har besvaret JTI-analysen").click()
    expect(anna_page.get_by_role("status")).to_contain_text("Du har markeret")
    panel.get_by_role("button", name=re.compile(r"^Markér som udført\W+Mit ledelsesrum")).click()
    expect(panel).to_contain_text("1 af 1 udført.")
    panel.get_by_role("link", name="Registrér dit lederindlæg").click()
    check(anna_page, "participant-talk-form")
    anna_page.get_by_label("Titel på lederindlægget").fill("Når vi ændrer vagtplanen")
    anna_page.get_by_role("button", name="Gem lederindlægget").click()
    expect(anna_page.get_by_role("heading", level=1)).to_have_text("Når vi ændrer vagtplanen")
    check(anna_page, "participant-talk")
    talk = LeaderTalk.objects.get(enrolment=anna)

    # 4. Bo gives structured feedback and feedforward.
    bo = sign_in("bo@test.dk", "peer")
    bo.goto(f"/leder-paa-spring/hold/{cohort.pk}/lederindlaeg/")
    # before the 5th teaching day the talk is not held yet: no feedback button
    expect(bo.get_by_role("main")).to_contain_text("Feedback kan gives fra den dag.")
    expect(bo.get_by_role("link", name="Giv feedback til Anna Aspirant")).to_have_count(0)
    check(bo, "peer-talk-list-before")
    # the talk's day comes (the session is moved to today, as if the weeks had passed)
    now = timezone.now()
    Session.objects.filter(pk=talk.session_id).update(
        starts_at=now - dt.timedelta(hours=2), ends_at=now - dt.timedelta(hours=1)
    )
    bo.reload()
    check(bo, "peer-talk-list")
    bo.get_by_role("link", name="Giv feedback til Anna Aspirant").click()
    check(bo, "peer-feedback-form", phone=True)
    bo.get_by_role("group", name="Kommunikativ gennemslagskraft").get_by_label(
        "Feedback: det virkede godt"
    ).fill("Du stod roligt og holdt øjenkontakt.")
    bo.get_by_role("group", name="Formidling").get_by_label("Feedforward: prøv næste gang").fill(
        "Brug en pause før pointen."
    )
    bo.get_by_role("button", name="Gem feedback").click()
    expect(bo.get_by_role("status")).to_contain_text("Din feedback er gemt")
    check(bo, "peer-talk-own-feedback")

    anna_page.goto(f"/leder-paa-spring/lederindlaeg/{talk.pk}/")
    expect(anna_page.get_by_role("main")).to_contain_text("Du stod roligt og holdt øjenkontakt.")
    expect(anna_page.get_by_role("main")).to_contain_text("Fra Bo Aspirant")

    # 5. The closing conversation shows the learning goals set before the course.
    templates = content_conversation_templates()
    assert templates
    start = timezone.make_aware(
        dt.datetime.combine(cohort.starts_on - dt.timedelta(days=7), dt.time(10))
    )
    before = conversation_plan(
        enrolment=anna,
        kind="leader_before",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        by=cast.leader.user,
    )
    record_save(
        conversation=before,
        answers={"course_goals": GOAL},
        notes="",
        expected_version=before.version,
        by=cast.leader.user,
    )
    end = timezone.make_aware(dt.datetime.combine(cohort.ends_on, dt.time(9)))
    after = conversation_plan(
        enrolment=anna,
        kind="leader_after",
        starts_at=end,
        ends_at=end + dt.timedelta(hours=1),
        by=cast.leader.user,
    )
    anna_page.goto(f"/samtaler/{after.pk}/")
    goals = anna_page.get_by_role("region", name="Læringsmål fra samtalen før kurset")
    expect(goals).to_contain_text(GOAL)
    check(anna_page, "participant-closing-conversation-goals", phone=True)
    lars = sign_in("lars@test.dk", "leader")
    lars.goto(f"/forloeb/deltagelse/{anna.pk}/")
    expect(lars.locator("#lps-goals")).to_contain_text(GOAL)
    check(lars, "leader-programme-page-goals")
    charlotte = sign_in("charlotte@test.dk", "chef")
    charlotte.goto(f"/forloeb/deltagelse/{anna.pk}/")
    expect(charlotte.get_by_role("region", name="Overblik over forløbet")).to_be_visible()
    expect(charlotte.get_by_role("main")).not_to_contain_text(GOAL)
    check(charlotte, "chef-programme-page")

    # 6. Completed: Anna downloads her kursusbevis.
    days = list(cohort.sessions.filter(kind=Session.Kind.TEACHING_DAY).order_by("starts_at"))
    for day in days:
        attendance_set(session=day, enrolment=anna, status="present", by=cast.admin)
    enrolment_complete(enrolment=anna, by=cast.admin)
    anna_page.goto(f"/forloeb/deltagelse/{anna.pk}/")
    link = anna_page.get_by_role("link", name="Hent kursusbevis (PDF)")
    expect(link).to_be_visible()
    check(anna_page, "participant-completed")
    # WeasyPrint may take more than the default 10 s on a busy CI machine
    response = anna_page.request.get(link.get_attribute("href"), timeout=60_000)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = " ".join(
        " ".join(
            p.extract_text() or "" for p in PdfReader(io.BytesIO(response.body())).pages
        ).split()
    )
    assert "Deltog i 5 af 5 undervisningsdage" in text and "Dag 5:" in text

    # 7. An outsider gets the 404 page for the talk.
    otto = sign_in("otto@test.dk", "outsider")
    result = otto.goto(f"/leder-paa-spring/lederindlaeg/{talk.pk}/")
    assert result.status == 404
    check(otto, "outsider-404")

    print("\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
