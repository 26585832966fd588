"""Browser journey in Debian's Chromium: the consultant composes network groups, moves and locks
a participant, publishes; the participant sees their group.

Every page is checked with axe-core (WCAG 2.1 A/AA; serious and critical violations fail) and
saved as a full-page screenshot in `test-artifacts/grouping/`.
Run: `uv run pytest lederspor/grouping/tests/test_journey.py -q -s`.
"""

import re
from collections import Counter

from lederspor.core.browser_testing import BROWSER_MARKS, DESKTOP, A11yChecker
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def _legal_move(rnd):
    """(membership, target group) that keeps sizes and hard rules."""
    from lederspor.grouping.models import GroupMembership

    sizes = Counter(rnd.memberships.values_list("group_id", flat=True))
    for ms in GroupMembership.objects.filter(round=rnd).select_related("enrolment__person"):
        if sizes[ms.group_id] <= rnd.min_size:
            continue
        for group in rnd.groups.all():
            if group.pk == ms.group_id or sizes[group.pk] >= rnd.max_size:
                continue
            units = set(group.memberships.values_list("enrolment__person__unit_id", flat=True))
            if ms.enrolment.person.unit_id not in units:
                return ms, group
    raise AssertionError("no legal move")


def test_consultant_composes_adjusts_and_publishes_groups(live_server, cast, browser):
    from playwright.sync_api import expect

    from lederspor.grouping.models import GroupingRound, GroupMembership
    from lederspor.grouping.tests.factories import add_meetings, add_participants

    expect.set_options(timeout=10_000)
    add_participants(cast, 10)
    add_meetings(cast.cohort)
    check = A11yChecker("grouping")
    cohort = cast.cohort

    def sign_in(email: str, name: str):
        context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, locale="da-DK")
        context.set_default_timeout(10_000)
        page = context.new_page()
        page.goto("/login/")
        page.get_by_label("E-mail").fill(email)
        page.get_by_label("Adgangskode").fill(PASSWORD)
        page.get_by_role("button", name="Log ind").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Velkommen"))
        return page

    # 1. The consultant opens the cohort's network groups and starts a round.
    consultant = sign_in("kim@test.dk", "consultant")
    consultant.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Hold", exact=True
    ).click()
    consultant.get_by_role("link", name=cohort.name).click()
    consultant.get_by_role("link", name="Netværksgrupper").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text("Netværksgrupper")
    check(consultant, "round-list", phone=True)
    consultant.get_by_label("Antal grupper").fill("3")
    consultant.get_by_label("Mindst antal pr. gruppe").fill("3")
    consultant.get_by_label("Tilgang til Køn").select_option(label="Spred")
    consultant.get_by_role("button", name="Opret runde").click()
    expect(consultant.get_by_role("heading", level=1)).to_contain_text("runde 1")
    check(consultant, "round-new")

    # 2. Compose: three groups with their mix and the score against random.
    consultant.get_by_role("button", name="Sammensæt grupper").click()
    expect(consultant.get_by_role("status").first).to_contain_text("mere mangfoldige")
    expect(consultant.locator(".group-card")).to_have_count(3)
    expect(consultant.locator("#score")).to_contain_text("mere mangfoldig end en tilfældig")
    check(consultant, "round-composed", phone=True)

    # 3. Move a participant (htmx: the move form opens in place, the board and score update in
    # place), then lock them.
    rnd = GroupingRound.objects.get(cohort=cohort)
    ms, target = _legal_move(rnd)
    name = ms.enrolment.person.full_name
    consultant.get_by_role("link", name=f"Flyt {name}").click()
    consultant.get_by_label(f"Flyt {name} til gruppe").select_option(label=target.name)
    consultant.get_by_role("button", name=f"Flyt {name}").click()
    expect(consultant.locator(f"#gruppe-{target.number}")).to_contain_text(name)
    check(consultant, "round-moved")
    consultant.get_by_role("button", name=f"Lås {name}").click()
    expect(consultant.locator(f"#medlem-{ms.pk}")).to_contain_text("Låst")
    check(consultant, "round-locked")
    ms.refresh_from_db()
    assert ms.group_id == target.pk and ms.locked

    # 4. Write the group's tasks, then publish with confirmation.
    mine = GroupMembership.objects.select_related("group").get(round=rnd, enrolment=cast.enrolment)
    consultant.get_by_role("link", name=f"Rediger opgaver for {mine.group.name}").click()
    check(consultant, "group-tasks")
    consultant.get_by_label("Gruppens opgaver").fill("Del en ledelsesudfordring fra jeres praksis.")
    consultant.get_by_role("button", name="Gem opgaverne").click()
    expect(consultant.get_by_role("status").first).to_contain_text("er gemt")
    consultant.get_by_role("link", name="Offentliggør grupperne").click()
    expect(consultant.get_by_role("heading", level=1)).to_have_text(
        "Offentliggør netværksgrupperne?"
    )
    check(consultant, "publish-confirm")
    consultant.get_by_role("button", name="Ja, offentliggør og send e-mails").click()
    expect(consultant.get_by_role("status").first).to_contain_text("offentliggjort")
    expect(consultant.get_by_role("heading", level=1)).to_contain_text("Offentliggjort")
    check(consultant, "round-published", phone=True)

    # 5. The participant sees the group, its members, tasks and meetings.
    aspirant = sign_in("anna@test.dk", "aspirant")
    aspirant.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Mit forløb", exact=True
    ).click()
    heading = aspirant.get_by_role("heading", level=2, name=re.compile("Din netværksgruppe"))
    expect(heading).to_have_text(f"Din netværksgruppe: {mine.group.name}")
    section = aspirant.locator(".my-group")
    expect(section).to_contain_text("Del en ledelsesudfordring fra jeres praksis.")
    expect(section).to_contain_text("Netværksmøde 1")
    check(aspirant, "participant-group", phone=True)
    aspirant.get_by_role("link", name="Oplys JTI-type").click()
    check(aspirant, "participant-jti")
    aspirant.get_by_label("Din JTI-type").fill("enfp")
    aspirant.get_by_label(re.compile("Jeg giver samtykke")).check()
    aspirant.get_by_role("button", name="Gem").click()
    expect(aspirant.get_by_role("status")).to_contain_text("JTI-type er gemt")

    for page in (consultant, aspirant):
        page.context.close()
    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
