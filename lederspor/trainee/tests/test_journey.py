"""Browser journey in Debian's Chromium (issue #3 §5, §7): one trainee from nomination to
transition, through the pages only.

Lars (nearest leader) nominates Carl to a trainee cohort and Kim (HR consultant) approves him.
Kim records the personality test and its feedback from Carl's path (the prerequisite of seed
003). Kim plans "Opstartssamtale – første del" from Carl's programme page; it is held, the
answers are written and Carl, Lars and Kim each confirm ("Godkendt af alle"). Carl plans part 2
with Lars; it is held and the learning agreement is made with a goal and a practice building
block; Carl, Lars and Kim approve and it locks. Lars holds an ongoing meeting; Kim plans the
midway conversation, which gets an agreed action; Lars plans the transition conversation, Carl
and Lars write their feedback to the programme and all three confirm. Carl and Lars answer the
effects; Kim records the outcome, plans the take-off event and reads the cohort overview with
the outcome and the feedback. Bo (another trainee) cannot open Carl's effects, Otto (outsider)
cannot open Carl's conversations or agreement (404).

All conversations are planned in the past (the plan form accepts that, a late registration),
since a conversation can only be marked held after it has started.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/trainee/`.
Run: `uv run pytest lederspor/trainee/tests/test_journey.py -q -s`.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from lederspor.agreements.models import AgreementStatus, LearningAgreement
from lederspor.conversations.content import load_conversation_templates
from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.programmes.models import Enrolment
from lederspor.site.testing import PASSWORD
from lederspor.trainee.models import EffectAnswer, PersonalityTest, TraineeOutcome

pytestmark = BROWSER_MARKS


@pytest.fixture
def seed_content():
    """Not the session's seed-content layer (lederspor/conftest.py): this journey flushes the
    database, so its cohort's content is loaded by `make_cohort` inside the test."""


def test_trainee_from_nomination_to_transition(live_server, cast, browser, cohort):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    load_conversation_templates()
    check = A11yChecker("trainee")
    today = timezone.localdate()

    def day(offset: int) -> str:
        return (today + dt.timedelta(days=offset)).isoformat()

    def sign_in(email: str):
        return browser_sign_in(browser, live_server.url, email, PASSWORD)

    def path_panel(page):
        return page.locator("section", has=page.get_by_role("heading", name="Ledertraineens vej"))

    def path_step(page, name: str):
        return path_panel(page).locator("li", has=page.get_by_text(name, exact=True))

    def plan(page, *, offset: int, starts: str, ends: str, place: str, title: str, name: str):
        """On the plan form (kind chosen by the link): a date `offset` days from today."""
        expect(page.get_by_role("heading", level=1)).to_contain_text("Planlæg")
        page.get_by_label("Dato").fill(day(offset))
        page.get_by_label("Starter kl.").fill(starts)
        page.get_by_label("Slutter kl.").fill(ends)
        page.get_by_label("Sted").fill(place)
        check(page, f"{name}-plan")
        page.get_by_role("button", name="Planlæg samtalen").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Planlagt")
        return Conversation.objects.filter(enrolment=enrolment).latest("pk")

    def hold(page, answers: dict[str, str], *, notes: str, name: str) -> None:
        """Mark the open conversation held and write the shared answers and the notes."""
        page.get_by_role("button", name="Markér som afholdt").click()
        expect(page.get_by_role("status")).to_contain_text("markeret som afholdt")
        page.get_by_role("link", name="Skriv referat").click()
        for label, text in answers.items():
            page.get_by_label(label, exact=True).fill(text)
        page.get_by_label("Referat og noter").fill(notes)
        check(page, f"{name}-record")
        page.get_by_role("button", name="Gem referatet").click()
        expect(page.get_by_role("status")).to_contain_text("Referatet er gemt")
        for text in answers.values():
            expect(page.get_by_text(text, exact=True)).to_be_visible()

    def confirm(page, conversation, name: str, *, last: bool = False) -> None:
        page.goto(f"/samtaler/{conversation.pk}/")
        page.get_by_role("button", name="Bekræft referatet").click()
        expect(page.get_by_role("status")).to_contain_text("Du har bekræftet referatet")
        expect(page.get_by_role("button", name="Bekræft referatet")).to_have_count(0)
        heading = expect(page.get_by_role("heading", level=1))
        if last:
            heading.to_contain_text("Godkendt af alle")
            expect(page.get_by_role("link", name="Skriv referat")).to_have_count(0)
        else:
            heading.to_contain_text("Afholdt")
        check(page, f"{name}-confirmed")

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
    programme_page = f"/forloeb/deltagelse/{enrolment.pk}/"

    # 3. Kim opens Carl's path: the prerequisite is missing, so the start conversation cannot
    #    be planned yet; she records the test (a wrong date first).
    kim.goto(programme_page)
    panel = path_panel(kim)
    expect(panel).to_contain_text("Indstillet af Lars Leder")
    expect(panel).to_contain_text("Mangler: persontest")
    expect(
        path_step(kim, "Opstartssamtale – første del").get_by_role("link", name="Planlæg samtalen")
    ).to_have_count(0)
    check(kim, "consultant-path", phone=True)
    panel.get_by_role("link", name="Registrér persontest").click()
    expect(kim.get_by_role("heading", level=1)).to_have_text("Persontest og feedback")
    kim.get_by_label("Persontesten er taget").fill(day(-30))
    kim.get_by_label("Feedback givet", exact=True).fill(day(-32))
    kim.get_by_role("button", name="Gem persontest").click()
    expect(
        kim.get_by_text("Feedbacken kan ikke være givet før persontesten blev taget.")
    ).to_be_visible()
    check(kim, "consultant-test-error")
    kim.get_by_label("Feedback givet", exact=True).fill(day(-25))
    kim.get_by_role("button", name="Gem persontest").click()
    expect(kim.get_by_role("status")).to_contain_text("Persontesten er registreret")
    expect(kim.get_by_text("Opfyldt: persontest med feedback")).to_be_visible()
    assert PersonalityTest.objects.get(enrolment=enrolment).feedback_by == cast.consultant

    # 4. Kim plans start part 1 from the path; it is held and she writes the answers.
    kim.goto(programme_page)
    path_step(kim, "Opstartssamtale – første del").get_by_role(
        "link", name="Planlæg samtalen"
    ).click()
    part1 = plan(
        kim,
        offset=-9,
        starts="09:00",
        ends="10:30",
        place="HR, mødelokale 3",
        title="Opstartssamtale – første del",
        name="consultant-part1",
    )
    assert part1.kind == ConversationKind.START_PART1
    assert {a.person for a in part1.attendees.all()} == {
        cast.colleague,
        cast.leader,
        cast.consultant,
    }
    check(kim, "consultant-part1-planned")
    hold(
        kim,
        {
            "Hvad motiverer ledertraineen til at gå ledervejen?": "At skabe retning for et team",
            "Hvad skal I have på plads, før I selv gennemfører anden del af samtalen?": (
                "Forslag til læringsmål og byggeklodser"
            ),
        },
        notes="God start på forløbet.",
        name="consultant-part1",
    )
    confirm(kim, part1, "consultant-part1")

    # 5. Lars finds it among his conversations and confirms; Carl confirms last: signed.
    lars.goto("/samtaler/")
    check(lars, "leader-conversations")
    lars.get_by_role("link", name="Opstartssamtale – første del").click()
    expect(lars.get_by_text("At skabe retning for et team")).to_be_visible()
    confirm(lars, part1, "leader-part1")
    carl = sign_in("carl@test.dk")
    confirm(carl, part1, "trainee-part1", last=True)
    part1.refresh_from_db()
    assert part1.status == ConversationStatus.SIGNED

    # 6. Carl plans part 2 with Lars from his path; it is held.
    carl.goto(programme_page)
    expect(path_step(carl, "Opstartssamtale – første del")).to_contain_text("Gennemført")
    check(carl, "trainee-path", phone=True)
    path_step(carl, "Opstartssamtale – anden del").get_by_role(
        "link", name="Planlæg samtalen"
    ).click()
    part2 = plan(
        carl,
        offset=-8,
        starts="13:00",
        ends="14:30",
        place="Lars' kontor",
        title="Opstartssamtale – anden del",
        name="trainee-part2",
    )
    assert {a.person for a in part2.attendees.all()} == {cast.colleague, cast.leader}
    hold(
        carl,
        {
            "Hvad forventer ledertraineen af forløbet og af nærmeste leder?": (
                "Sparring hver fjortende dag"
            ),
            "Hvilke læringsmål skal stå i læringsaftalen?": "Tydelighed, når jeg uddelegerer",
        },
        notes="Vi udformede læringsaftalen sammen.",
        name="trainee-part2",
    )
    carl.goto(programme_page)
    expect(path_step(carl, "Opstartssamtale – anden del")).to_contain_text(
        "Afholdt – venter på bekræftelse"
    )
    expect(path_step(carl, "Opstartssamtale – anden del")).not_to_contain_text("Gennemført")
    confirm(carl, part2, "trainee-part2")
    confirm(lars, part2, "leader-part2", last=True)

    # 7. Carl creates the learning agreement: a goal and a practice building block.
    carl.goto(programme_page)
    path_step(carl, "Læringsaftale").get_by_role("link", name="Åbn læringsaftalen").click()
    expect(carl).to_have_url(re.compile(rf"/laeringsaftaler/{enrolment.pk}/$"))
    check(carl, "trainee-agreement-start")
    carl.get_by_role("button", name="Opret læringsaftale").click()
    expect(carl.get_by_role("heading", level=1)).to_contain_text("Redigér læringsaftale")
    carl.get_by_label("Sådan støtter nærmeste leder").fill("Sparring hver fjortende dag")
    carl.locator("#id_goals-0-kind").select_option("personal")
    carl.locator("#id_goals-0-text").fill("Tydelighed, når jeg uddelegerer")
    carl.locator("#id_blocks-1-kind").select_option("practice")
    carl.locator("#id_blocks-1-title").fill("Bisidder ved MUS-samtaler")
    carl.locator("#id_blocks-1-practice_form").select_option("observer")
    carl.locator("#id_blocks-1-scope").select_option("local")
    carl.locator("#id_blocks-1-starts_on").fill(day(-7))
    carl.locator("#id_blocks-1-ends_on").fill(day(60))
    check(carl, "trainee-agreement-edit")
    carl.get_by_role("button", name="Gem").click()
    expect(carl.get_by_role("status")).to_contain_text("Læringsaftalen er gemt")
    expect(carl.get_by_role("link", name=re.compile("Opstartssamtale – anden del"))).to_be_visible()
    carl.get_by_role("button", name="Godkend som Ledertrainee").click()
    expect(carl.get_by_role("status")).to_contain_text("Din godkendelse er registreret")
    check(carl, "trainee-agreement-approved")
    agreement = LearningAgreement.objects.get(enrolment=enrolment)
    assert agreement.conversation == part2

    # 8. Lars and Kim approve: the agreement locks and nobody may edit it any more.
    for page, label, name in ((lars, "Nærmeste leder", "leader"), (kim, "HR-konsulent", "hr")):
        page.goto(f"/laeringsaftaler/{enrolment.pk}/")
        expect(page.get_by_role("heading", name="Bisidder ved MUS-samtaler")).to_be_visible()
        expect(
            page.get_by_role("region", name="Læringsmål").get_by_text(
                "Tydelighed, når jeg uddelegerer"
            )
        ).to_be_visible()
        page.get_by_role("button", name=f"Godkend som {label}").click()
        check(page, f"{name}-agreement-approved")
    expect(kim.get_by_role("status")).to_contain_text("Læringsaftalen er nu låst")
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.APPROVED
    carl.goto(f"/laeringsaftaler/{enrolment.pk}/")
    expect(carl.get_by_role("link", name="Redigér aftalen")).to_have_count(0)
    expect(carl.get_by_role("button", name=re.compile("^Godkend som"))).to_have_count(0)
    check(carl, "trainee-agreement-locked")
    carl.goto(programme_page)
    expect(path_step(carl, "Læringsaftale")).to_contain_text("Godkendt (version 1)")

    # 9. Lars plans an ongoing meeting from the conversations panel; he holds it.
    lars.goto(programme_page)
    lars.get_by_role("link", name="Løbende møde med nærmeste leder").click()
    plan(
        lars,
        offset=-6,
        starts="14:00",
        ends="15:00",
        place="Lars' kontor",
        title="Løbende møde med nærmeste leder",
        name="leader-ongoing",
    )
    hold(
        lars,
        {
            "Hvad er næste skridt – og er kompleksiteten passende, eller skal den øges?": (
                "Carl tager ansvar for et budgetmøde"
            )
        },
        notes="Kompleksiteten øges.",
        name="leader-ongoing",
    )
    lars.goto(programme_page)
    expect(path_step(lars, "Løbende møder med nærmeste leder")).to_contain_text(
        "1 afholdt, 0 planlagt"
    )

    # 10. Kim plans the midway conversation; it is held with an agreed action for Carl.
    kim.goto(programme_page)
    path_step(kim, "Midtvejssamtale").get_by_role("link", name="Planlæg samtalen").click()
    midway = plan(
        kim,
        offset=-4,
        starts="10:00",
        ends="11:00",
        place="HR, mødelokale 3",
        title="Midtvejssamtale",
        name="consultant-midway",
    )
    hold(
        kim,
        {
            "Hvordan går det med læringsmålene i læringsaftalen?": "Godt på vej med uddelegering",
            "Skal læringsaftalen justeres for resten af forløbet?": "Nej",
        },
        notes="Forløbet følger planen.",
        name="consultant-midway",
    )
    kim.get_by_role("textbox", name="Aftale", exact=True).fill("Carl søger en skyggeplads")
    kim.get_by_label("Ansvarlig").select_option(label=f"{cast.colleague.full_name} (Deltager)")
    kim.get_by_label("Frist").fill(day(14))
    kim.get_by_role("button", name="Tilføj aftalen").click()
    expect(kim.get_by_role("status")).to_contain_text("Aftalen er tilføjet")
    check(kim, "consultant-midway-action")
    carl.goto(f"/samtaler/{midway.pk}/")
    expect(carl.get_by_text("Carl søger en skyggeplads")).to_be_visible()
    expect(carl.get_by_text("Ansvarlig: Carl Kollega")).to_be_visible()
    check(carl, "trainee-midway")
    lars.goto(programme_page)
    expect(path_step(lars, "Midtvejssamtale")).to_contain_text("venter på bekræftelse")
    expect(path_step(lars, "Transitionssamtale")).to_contain_text("Senere")
    confirm(carl, midway, "trainee-midway")
    confirm(lars, midway, "leader-midway")
    confirm(kim, midway, "consultant-midway", last=True)

    # 11. Lars plans the transition conversation and holds it; Carl and Lars give feedback to
    #     the programme; all three confirm.
    lars.goto(programme_page)
    expect(path_step(lars, "Midtvejssamtale")).to_contain_text("Gennemført")
    path_step(lars, "Transitionssamtale").get_by_role("link", name="Planlæg samtalen").click()
    transition = plan(
        lars,
        offset=-1,
        starts="09:00",
        ends="10:30",
        place="HR, mødelokale 3",
        title="Transitionssamtale",
        name="leader-transition",
    )
    hold(
        lars,
        {
            "Hvilken effekt har forløbet haft?": "Carl leder nu et projekt alene",
            "Lederens feedback til den videre udvikling af ledertraineeforløbet": (
                "Flere praksiselementer på tværs"
            ),
        },
        notes="Carl er klar til at søge lederstillinger.",
        name="leader-transition",
    )
    carl.goto(f"/samtaler/{transition.pk}/")
    carl.get_by_role("link", name="Skriv referat").click()
    expect(carl.get_by_label("Hvilken effekt har forløbet haft?", exact=True)).to_have_value(
        "Carl leder nu et projekt alene"
    )
    carl.get_by_label(
        "Ledertraineens feedback til den videre udvikling af ledertraineeforløbet", exact=True
    ).fill("Mere sparring med andre trainees")
    carl.get_by_role("button", name="Gem referatet").click()
    expect(carl.get_by_text("Mere sparring med andre trainees")).to_be_visible()
    check(carl, "trainee-transition-record")
    confirm(carl, transition, "trainee-transition")
    confirm(lars, transition, "leader-transition")
    confirm(kim, transition, "consultant-transition", last=True)
    transition.refresh_from_db()
    assert transition.status == ConversationStatus.SIGNED
    assert transition.answers["feedback_trainee"] == "Mere sparring med andre trainees"

    # 12. Carl answers the effects from his path; Lars answers too and sees Carl's answer.
    carl.goto(programme_page)
    expect(path_step(carl, "Transitionssamtale")).to_contain_text("Gennemført")
    carl.get_by_role("link", name="Besvar effekterne").click()
    expect(carl.get_by_role("heading", level=1)).to_have_text("Effekt af forløbet")
    first = carl.get_by_role("group", name=re.compile("^Personlig afklaring"))
    first.get_by_label("4 – I høj grad").check()
    first.get_by_label("Kommentar").fill("Jeg kender nu mine styrker.")
    check(carl, "trainee-effects", phone=True)
    carl.get_by_role("button", name="Gem svar").click()
    expect(carl.get_by_role("status")).to_contain_text("Dine svar er gemt")
    check(carl, "trainee-effects-saved")
    lars.goto(f"/ledertrainee/{enrolment.pk}/effekt/")
    lars.get_by_role("group", name=re.compile("^Personlig afklaring")).get_by_label(
        "3 – I nogen grad"
    ).check()
    lars.get_by_role("button", name="Gem svar").click()
    expect(lars.get_by_text("Jeg kender nu mine styrker.")).to_be_visible()
    check(lars, "leader-effects-saved")
    assert EffectAnswer.objects.filter(enrolment=enrolment).count() == 2

    # 13. Bo, another trainee, may not see Carl's answers.
    bo = sign_in("bo@test.dk")
    assert bo.goto(f"/ledertrainee/{enrolment.pk}/effekt/").status == 404

    # 14. Kim records the outcome from Carl's path.
    kim.goto(programme_page)
    expect(path_step(kim, "Effekt af forløbet")).to_contain_text("Gennemført")
    path_panel(kim).get_by_role("link", name="Registrér resultat").click()
    kim.get_by_label("’Lederparat’ ledertrainee").check()
    check(kim, "consultant-outcome")
    kim.get_by_role("button", name="Gem resultat").click()
    expect(kim.get_by_role("status")).to_contain_text("Resultatet er registreret")
    expect(path_step(kim, "Resultat")).to_contain_text("’Lederparat’ ledertrainee")
    outcome = TraineeOutcome.objects.get(enrolment=enrolment)
    assert (outcome.outcome, outcome.recorded_by) == ("leader_ready", cast.consultant)

    # 15. Kim plans the take-off event and reads the cohort overview.
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
    expect(kim.get_by_text("Flere praksiselementer på tværs")).to_be_visible()
    expect(kim.get_by_role("cell", name="’Lederparat’ ledertrainee")).to_be_visible()
    check(kim, "consultant-overview", phone=True)

    # 16. Otto, an outsider, gets 404 on Carl's conversations and learning agreement.
    otto = sign_in("otto@test.dk")
    for url in (
        f"/samtaler/{part1.pk}/",
        f"/samtaler/{transition.pk}/referat/",
        f"/laeringsaftaler/{enrolment.pk}/",
        f"/laeringsaftaler/aftale/{agreement.pk}/",
    ):
        assert otto.goto(url).status == 404, url
    check(otto, "outsider-404")

    print(f"\naxe ran on {check.count} pages; notes: {len(check.notes)}")
    for note in check.notes:
        print("  ", note)
    assert check.failures == [], "\n".join(check.failures)
