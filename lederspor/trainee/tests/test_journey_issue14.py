"""Browser journey in Debian's Chromium (issue #14 §1, seed 003): what the seed asks of the
trainee programme beyond the main journey (`test_journey.py`), through the pages only.

Lars (nearest leader) opens the nomination page and finds the "Spot et ledertalent" checklist,
marked as written by Lederspor. Kim (the cohort's HR consultant) chooses start part 1 as one joint
meeting, plans it (it began an hour ago) and marks it held: Anna's path counts part 1 as held
and shows her aspirant enrolment (the fixed building block) with a link; Bo (another trainee)
cannot open the joint-meeting page. Kim records the outcome "’Lederparat’ ledertrainee" with a
date (no 1–5 rating). Anna opens her midway conversation and sees the learning agreement's goals
and blocks, the aspirant block linked, and the "Ledelse skal trænes" checklist.

axe-core (WCAG 2.1 A/AA) runs on every changed page.
Run: `uv run pytest lederspor/trainee/tests/test_journey_issue14.py -q -s`.
"""

import datetime as dt

import pytest
from django.utils import timezone

from lederspor.agreements.services import agreement_create
from lederspor.agreements.tests.conftest import approve_all, fill
from lederspor.conversations.content import load_conversation_templates
from lederspor.conversations.models import AttendeeRole, ConversationKind, ConversationStatus
from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.site.testing import PASSWORD
from lederspor.trainee.models import (
    JointMeetingStatus,
    JointStartMeeting,
    PersonalityTest,
    TraineeOutcome,
)

pytestmark = BROWSER_MARKS


@pytest.fixture
def seed_content():
    """Not the session's seed-content layer: this journey flushes the database, so its cohort's
    content is loaded by `make_cohort` inside the test."""


def test_joint_start_aspirant_block_outcome_and_checklists(
    live_server, cast, browser, cohort, enrolment, other_enrolment, make_conversation
):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    load_conversation_templates()
    check = A11yChecker("trainee-issue14")
    today = timezone.localdate()
    for e in (enrolment, other_enrolment):
        PersonalityTest.objects.create(
            enrolment=e,
            taken_on=today - dt.timedelta(days=20),
            feedback_given_on=today - dt.timedelta(days=10),
            feedback_by=cast.consultant,
        )

    def sign_in(person):
        return browser_sign_in(browser, live_server.url, person.email, PASSWORD)

    # 1. Lars finds the "Spot et ledertalent" checklist on the nomination page.
    lars = sign_in(cast.leader)
    lars.goto(f"{live_server.url}/forloeb/indstil/")
    expect(
        lars.get_by_role("heading", name="Tjekliste før indstillingen: Spot et ledertalent")
    ).to_be_visible()
    expect(
        lars.get_by_text(
            "Tjekliste skrevet af Lederspor på grundlag af pjecen »Spot et ledertalent«"
        )
    ).to_be_visible()
    check(lars, "leader-nominate-checklist")

    # 2. Kim chooses the joint meeting and plans it (it began an hour ago).
    kim = sign_in(cast.consultant)
    kim.goto(f"{live_server.url}/ledertrainee/hold/{cohort.pk}/")
    check(kim, "consultant-cohort-summary")
    kim.get_by_role("link", name="Fælles opstartsmøde").click()
    check(kim, "consultant-joint-start")
    kim.get_by_label("Hold første del af opstartssamtalen som ét fælles møde").check()
    kim.get_by_role("button", name="Gem valget").click()
    expect(kim.get_by_role("status")).to_contain_text("Valget er gemt")
    start = timezone.localtime() - dt.timedelta(hours=1)
    kim.get_by_label("Starter").fill(start.strftime("%Y-%m-%dT%H:%M"))
    kim.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    kim.get_by_label("Sted").fill("Rådhuset, mødesal 1")
    check(kim, "consultant-joint-start-plan")
    kim.get_by_role("button", name="Planlæg mødet og send invitationer").click()
    expect(kim.get_by_role("status")).to_contain_text("Det fælles opstartsmøde er planlagt")
    meeting = JointStartMeeting.objects.get(cohort=cohort)
    assert meeting.conversations.count() == 2
    check(kim, "consultant-joint-start-planned")
    kim.get_by_role("button", name="Markér mødet som afholdt").click()
    expect(kim.get_by_role("status")).to_contain_text("markeret som afholdt")
    meeting.refresh_from_db()
    assert meeting.status == JointMeetingStatus.HELD

    # 3. Bo, another trainee, cannot open the joint-meeting page.
    bo = sign_in(cast.other_aspirant)
    assert (
        bo.goto(f"{live_server.url}/ledertrainee/hold/{cohort.pk}/faelles-opstart/").status == 404
    )

    # 4. Anna's path: part 1 held as a joint meeting; the aspirant block links to her enrolment.
    anna = sign_in(cast.aspirant)
    anna.goto(f"{live_server.url}/forloeb/deltagelse/{enrolment.pk}/")
    panel = anna.locator("section", has=anna.get_by_role("heading", name="Ledertraineens vej"))
    expect(panel).to_contain_text("Afholdt som fælles møde")
    expect(panel.get_by_role("link", name="Åbn lederaspirantforløbet")).to_be_visible()
    check(anna, "trainee-path")

    # 5. Kim records the outcome with a date.
    kim.goto(f"{live_server.url}/ledertrainee/{enrolment.pk}/resultat/")
    kim.get_by_label("’Lederparat’ ledertrainee").check()
    kim.get_by_label("Dato").fill(today.isoformat())
    check(kim, "consultant-outcome")
    kim.get_by_role("button", name="Gem resultat").click()
    expect(kim.get_by_role("status")).to_contain_text("Resultatet er registreret")
    row = TraineeOutcome.objects.get(enrolment=enrolment)
    assert (row.outcome, row.decided_on) == ("leader_ready", today)

    # 6. Anna's midway conversation shows the agreement and the "Ledelse skal trænes" checklist.
    approve_all(fill(agreement_create(enrolment=enrolment, user=cast.leader.user), cast), cast)
    midway = make_conversation(
        enrolment, ConversationKind.MIDWAY, status=ConversationStatus.PLANNED
    )
    midway.attendees.create(person=cast.leader, role=AttendeeRole.LEADER)
    anna.goto(f"{live_server.url}/samtaler/{midway.pk}/")
    expect(anna.get_by_role("heading", name="Læringsaftalens mål og byggeklodser")).to_be_visible()
    expect(anna.get_by_text("Følge lederen i budgetlægning")).to_be_visible()
    expect(
        anna.get_by_role("link", name="Lederaspirantforløbet: " + cast.enrolment.cohort.name)
    ).to_be_visible()
    expect(
        anna.get_by_text(
            "Tjekliste skrevet af Lederspor på grundlag af pjecen »Ledelse skal trænes«"
        )
    ).to_be_visible()
    check(anna, "trainee-midway")

    print(f"\naxe ran on {check.count} pages; notes: {len(check.notes)}")
    for note in check.notes:
        print(" -", note)
    assert check.failures == [], "\n".join(check.failures)
