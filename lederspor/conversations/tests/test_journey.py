"""Browser journey in Debian's Chromium (issue #3 §1, §4): Lars plans the conversation before
Leder på spring with Anna from her programme page; Anna prepares privately; they hold it, write
the record and an agreed action, both confirm and it is signed; Anna plans her career
conversation with Hanne, who sees only that conversation and the letter; an outsider gets 404.

axe-core (WCAG 2.1 A/AA) runs on every page; screenshots go to `test-artifacts/conversations/`.
Run: `uv run pytest lederspor/conversations/tests/test_journey.py -q -s`.
"""

import datetime as dt

from django.utils import timezone

from lederspor.conversations.content import load_conversation_templates
from lederspor.conversations.models import Conversation
from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, pick
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.people.models import Person
from lederspor.site.testing import PASSWORD, make_cohort

pytestmark = BROWSER_MARKS


def test_conversation_from_planning_to_signed_and_career_host(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    load_conversation_templates()
    _cohort, (enrolment, _other) = make_cohort(
        "clarification",
        consultants=[cast.consultant],
        participants=[cast.aspirant, cast.other_aspirant],
    )
    check = A11yChecker("conversations")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    next_week = (timezone.localdate() + dt.timedelta(days=7)).isoformat()

    def sign_in(person, name):
        page = browser_sign_in(browser, live_server.url, person.user.email, PASSWORD)
        check(page, f"{name}-home")
        return page

    # 1. Lars plans the conversation before the programme (held yesterday, registered late).
    lars = sign_in(cast.leader, "leader")
    lars.goto("/samtaler/")
    check(lars, "leader-empty-list")
    lars.goto(f"/samtaler/plan/{enrolment.pk}/?kind=leader_before")
    check(lars, "leader-plan")
    lars.get_by_label("Dato").fill(yesterday)
    lars.get_by_label("Starter kl.").fill("10:00")
    lars.get_by_label("Slutter kl.").fill("09:00")
    lars.get_by_label("Sted").fill("Mødelokale 2")
    lars.get_by_role("button", name="Planlæg samtalen").click()
    expect(lars.get_by_text("Samtalen skal slutte efter, at den starter.").first).to_be_visible()
    expect(lars.get_by_label("Sted")).to_have_value("Mødelokale 2")
    check(lars, "leader-plan-error")
    lars.get_by_label("Slutter kl.").fill("11:00")
    lars.get_by_role("button", name="Planlæg samtalen").click()
    expect(lars.get_by_role("heading", level=1)).to_contain_text("Samtale med nærmeste leder")
    check(lars, "leader-detail-planned", phone=True)
    conversation = Conversation.objects.get(kind="leader_before")

    # 2. Anna prepares privately.
    anna = sign_in(cast.aspirant, "participant")
    anna.goto("/samtaler/")
    check(anna, "participant-list")
    anna.get_by_role("link", name="Samtale med nærmeste leder").click()
    anna.get_by_role("link", name="Forbered dig").click()
    check(anna, "participant-prepare")
    anna.get_by_label("Hvad driver mig i forhold til at ville arbejde med ledelse?").fill(
        "Min egen tanke om retning"
    )
    anna.get_by_role("button", name="Gem min forberedelse").click()
    expect(anna.get_by_text("Min egen tanke om retning")).to_be_visible()
    check(anna, "participant-detail-prepared")

    # 3. Lars does not see it; he marks the conversation held, writes the record and an action.
    lars.goto(f"/samtaler/{conversation.pk}/")
    expect(lars.get_by_text("Min egen tanke om retning")).to_have_count(0)
    lars.get_by_role("button", name="Markér som afholdt").click()
    lars.get_by_role("link", name="Skriv referat").click()
    check(lars, "leader-record")
    lars.get_by_label("Hvad driver mig i forhold til at ville arbejde med ledelse?").fill(
        "Lyst til at skabe retning for andre"
    )
    lars.get_by_label("Referat og noter").fill("En god første samtale.")
    lars.get_by_role("button", name="Gem referatet").click()
    lars.get_by_role("textbox", name="Aftale", exact=True).fill("Anna skriver tre læringsmål")
    lars.get_by_label("Ansvarlig").select_option(label=f"{cast.aspirant.full_name} (Deltager)")
    lars.get_by_label("Frist").fill(next_week)
    lars.get_by_role("button", name="Tilføj aftalen").click()
    expect(lars.get_by_text("Anna skriver tre læringsmål")).to_be_visible()
    lars.get_by_role("button", name="Bekræft referatet").click()
    check(lars, "leader-detail-held")

    # 4. Anna confirms: signed.
    anna.goto(f"/samtaler/{conversation.pk}/")
    anna.get_by_role("button", name="Bekræft referatet").click()
    expect(anna.get_by_role("heading", level=1)).to_contain_text("Godkendt af alle")
    expect(anna.get_by_role("link", name="Skriv referat")).to_have_count(0)
    check(anna, "participant-detail-signed")

    # 5. Anna plans the career conversation with Hanne as host (a team leader: the host list
    # holds leaders and HR staff, seed 002 §4).
    Person.objects.filter(pk=cast.host.pk).update(is_leader=True)
    anna.goto(f"/samtaler/plan/{enrolment.pk}/?kind=career")
    anna.get_by_label("Dato").fill(next_week)
    anna.get_by_label("Starter kl.").fill("13:00")
    anna.get_by_label("Slutter kl.").fill("14:00")
    anna.get_by_label("Sted").fill("Rådhuset")
    pick(
        anna,
        "Vært",
        "hanne",
        f"{cast.host.full_name} – {cast.host.job_title}, {cast.host.unit.name}",
    )
    anna.get_by_role("button", name="Planlæg samtalen").click()
    anna.get_by_label("Fortroligheden er adresseret").check()
    anna.get_by_label("Vinkler jeg er særligt nysgerrig på").fill("Hvordan blev du leder?")
    anna.get_by_role("button", name="Gem noterne").click()
    check(anna, "participant-career")
    career = Conversation.objects.get(kind="career")

    # 6. Hanne sees only that conversation, with Anna's curiosity points, and the letter.
    hanne = sign_in(cast.host, "host")
    hanne.goto("/samtaler/")
    expect(hanne.get_by_role("link", name="Karrieresamtale")).to_have_count(1)
    expect(hanne.get_by_role("link", name="Samtale med nærmeste leder")).to_have_count(0)
    check(hanne, "host-list")
    hanne.get_by_role("link", name="Karrieresamtale").click()
    expect(hanne.get_by_text("Hvordan blev du leder?")).to_be_visible()
    check(hanne, "host-detail", phone=True)
    response = hanne.request.get(f"/samtaler/{career.pk}/brev-til-vaert.pdf")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert hanne.goto(f"/samtaler/{conversation.pk}/").status == 404

    # 7. An outsider gets the 404 page.
    otto = sign_in(cast.outsider, "outsider")
    assert otto.goto(f"/samtaler/{career.pk}/").status == 404
    check(otto, "outsider-404")

    print(f"\naxe ran on {check.count} pages; notes: {len(check.notes)}")
    for note in check.notes:
        print("  ", note)
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
