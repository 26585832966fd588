"""Browser journey in Debian's Chromium (issue #16 §3): the consultant puts a nomination to a
full cohort on the waiting list; a participant withdraws; the cohort page offers the seat to the
first on the list and the consultant gives it; the leader sees the position before and the seat
after; the participant may not give it to themself.

axe-core (WCAG 2.1 A/AA) runs on every page, desktop and phone; screenshots (with
`LEDERSPOR_SCREENSHOTS=1`) go to `test-artifacts/waiting-list/`.
Run: `uv run pytest lederspor/programmes/tests/test_journey_waiting_list.py -q -n 0`.
"""

import datetime as dt

from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.programmes import services
from lederspor.programmes.models import Cohort, Enrolment
from lederspor.site.testing import PASSWORD, make_person

pytestmark = BROWSER_MARKS
Status = Enrolment.Status


def test_consultant_fills_a_freed_seat_from_the_waiting_list(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    check = A11yChecker("waiting-list")
    today = timezone.localdate()
    cohort = Cohort.objects.create(
        programme=cast.programme,
        name="Lille hold",
        starts_on=today + dt.timedelta(days=14),
        ends_on=today + dt.timedelta(days=200),
        capacity=1,
    )
    cohort.consultants.add(cast.consultant)
    seated_person = make_person(
        "Sofie", "Siddende", cast.workplace, manager=cast.leader, number="J1"
    )
    first_person = make_person(
        "Frederik", "Først", cast.workplace, manager=cast.leader, number="J2"
    )
    second_person = make_person("Nanna", "Næst", cast.workplace, manager=cast.leader, number="J3")

    def nominate(person):
        return services.enrolment_nominate(
            cohort=cohort,
            person=person,
            nominated_by=cast.leader,
            motivation="Klar til at prøve ledelse",
            by=cast.leader.user,
        )

    seated = services.enrolment_approve(
        enrolment=nominate(seated_person), decided_by=cast.consultant, by=cast.consultant.user
    )
    first = nominate(first_person)
    services.enrolment_waitlist(enrolment=nominate(second_person), by=cast.consultant.user)
    # Nanna is already on the waiting list (nr. 1); Frederik's nomination waits for a decision

    def sign_in(person, name):
        page = browser_sign_in(browser, live_server.url, person.email, PASSWORD)
        check(page, f"{name}-home")
        return page

    # 1. The consultant sees the cohort is full and puts Frederik on the waiting list.
    page = sign_in(cast.consultant, "consultant")
    page.goto(f"/forloeb/hold/{cohort.pk}/")
    expect(page.get_by_role("heading", name="Venteliste")).to_be_visible()
    page.get_by_role("button", name="Sæt Frederik på venteliste").click()
    expect(page.get_by_role("status")).to_contain_text("sat på venteliste som nr. 2")
    check(page, "cohort-full", phone=True)

    # 2. Sofie withdraws (her leader melds her out); the seat is offered to Nanna, nr. 1.
    services.enrolment_withdraw(enrolment=seated, by=cast.leader.user, reason="Nyt job")
    page.goto(f"/forloeb/hold/{cohort.pk}/")
    expect(page.get_by_text("Pladsen kan tilbydes Nanna Næst")).to_be_visible()
    check(page, "cohort-offer", phone=True)
    # Nanna cannot start now: skip her; Frederik is offered the seat.
    page.get_by_role("button", name="Spring Nanna over").click()
    expect(page.get_by_role("status")).to_contain_text("flyttet bagerst på ventelisten")
    expect(page.get_by_text("Pladsen kan tilbydes Frederik Først")).to_be_visible()

    # 3. The leader sees Frederik's number on the list, nothing more.
    leader_page = sign_in(cast.leader, "leader")
    leader_page.goto("/forloeb/mine-medarbejdere/")
    expect(leader_page.get_by_text("nr. 1 på ventelisten")).to_be_visible()
    check(leader_page, "leader-position", phone=True)

    # 4. Frederik may not give himself the seat (403 on the POST, no button on his page).
    first_page = sign_in(first_person, "participant")
    first_page.goto(f"/forloeb/deltagelse/{first.pk}/")
    expect(first_page.get_by_text("Nr. 1 på ventelisten")).to_be_visible()
    expect(first_page.get_by_role("button", name="Giv pladsen")).to_have_count(0)
    check(first_page, "participant-waiting")

    # 5. The consultant gives Frederik the seat from the nominations page.
    page.goto("/forloeb/indstillinger/")
    check(page, "queue-offer", phone=True)
    page.get_by_role("button", name="Giv pladsen til Frederik Først").click()
    expect(page.get_by_role("status")).to_contain_text("har fået pladsen")
    check(page, "queue-after")
    first.refresh_from_db()
    assert first.status == Status.ENROLLED

    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
