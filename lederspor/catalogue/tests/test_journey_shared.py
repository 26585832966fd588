"""Browser journey in Debian's Chromium (issue #14 §1, seed 000): the chef proposes task 16 tied
to a network meeting, the aspirant agrees, the host confirms; the aspirant ticks off a step of
task 18. Every changed page is checked with axe-core (serious and critical violations fail).
Run: `uv run pytest -n0 lederspor/catalogue/tests/test_journey_shared.py -q`.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, pick, sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def content(cast):
    from lederspor.catalogue.content import load_catalogue

    return {t.number: t for t in load_catalogue()}


def test_chef_proposes_aspirant_agrees_host_confirms_steps_ticked(
    live_server, cast, content, browser
):
    from playwright.sync_api import expect

    from lederspor.catalogue import services
    from lederspor.catalogue.models import TaskAssignment
    from lederspor.programmes.models import Session

    expect.set_options(timeout=10_000)
    check = A11yChecker("journey-aspirant-tasks")
    start = timezone.now() + dt.timedelta(days=9)
    meeting = Session.objects.create(
        cohort=cast.cohort,
        kind=Session.Kind.NETWORK_MEETING,
        theme="Kommunikation og den svære samtale",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        place="Kulturhuset",
    )
    enrolment_url = reverse("programmes:enrolment_detail", args=[cast.enrolment.pk])

    # 1. The chef of the aspirant's area proposes task 16 with Hanne as host, tied to a meeting.
    chef = sign_in(browser, live_server.url, "charlotte@test.dk", PASSWORD)
    chef.goto(enrolment_url)
    chef.get_by_role("link", name="Foreslå en opgave").click()
    check(chef, "chef-propose", phone=True)
    chef.get_by_label("Opgave fra kataloget").select_option(label="16. Følgeskab")
    chef.get_by_label("Læringsmål").fill("At opleve en anden leders hverdag")
    pick(chef, "Opgaveejer/vært i kommunen", "hanne", "Hanne Vært – Teamleder, Arbejdsplads A1b")
    chef.get_by_label("Netværksmøde").select_option(str(meeting.pk))
    chef.get_by_role("button", name="Foreslå opgaven").click()
    expect(chef.get_by_role("heading", level=1)).to_contain_text("Foreslået")
    expect(chef.get_by_text("Charlotte Chef (chef)")).to_be_visible()
    check(chef, "chef-task")
    task = TaskAssignment.objects.get(enrolment=cast.enrolment)

    # 2. The aspirant agrees; the task now waits for the host.
    aspirant = sign_in(browser, live_server.url, "anna@test.dk", PASSWORD)
    aspirant.goto(reverse("catalogue:assignment_detail", args=[task.pk]))
    aspirant.get_by_role("button", name="Aftal opgaven").click()
    expect(aspirant.get_by_role("heading", level=1)).to_contain_text("Venter på vært")
    check(aspirant, "aspirant-awaiting-host")
    aspirant.goto(enrolment_url)
    expect(aspirant.get_by_text("Praksisopgaver knyttet til mødets tema:")).to_be_visible()
    expect(aspirant.locator(".task-card")).to_contain_text(
        "netværksmøde: Kommunikation og den svære samtale"
    )
    check(aspirant, "aspirant-programme", phone=True)

    # 3. The host confirms on the task's page.
    host = sign_in(browser, live_server.url, "hanne@test.dk", PASSWORD)
    host.goto(reverse("catalogue:assignment_detail", args=[task.pk]))
    expect(host.get_by_role("heading", name="Bekræft aftalen som vært")).to_be_visible()
    check(host, "host-confirm", phone=True)
    host.get_by_role("button", name="Bekræft aftalen").click()
    expect(host.get_by_role("heading", level=1)).to_contain_text("Aftalt")
    check(host, "host-confirmed")

    # 4. Task 18, agreed: the aspirant ticks off the formøde.
    t18 = services.task_assignment_propose(
        enrolment=cast.enrolment,
        proposed_by=cast.leader,
        by=cast.leader.user,
        catalogue_task=content[18],
        learning_goal="Deltage i en svær samtale",
    )
    services.task_assignment_agree(assignment=t18, expected_version=1, by=cast.aspirant.user)
    aspirant.goto(reverse("catalogue:assignment_detail", args=[t18.pk]))
    expect(aspirant.get_by_role("heading", name="Opgavens trin")).to_be_visible()
    # the hidden ": <step>" is positioned absolutely, so Chromium names it "Kryds af : <step>"
    tick = re.compile(r"^Kryds af\s*:\s*Formøde forud for mødet$")
    aspirant.get_by_role("button", name=tick).click()
    expect(aspirant.get_by_text("Trinnet er krydset af.")).to_be_visible()
    check(aspirant, "aspirant-steps", phone=True)

    assert not check.failures, "\n".join(check.failures)
