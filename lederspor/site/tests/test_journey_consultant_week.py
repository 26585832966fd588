"""A consultant's week in the demo, as one browser journey (issue #16 §5): the demo consultant
(maria.mortensen) starts on "Venter på dig", decides a nomination to a full cohort (it goes on
the waiting list), mails the cohort from a template, moves a session onto another event of hers
and sees the clash, and fills a freed seat from the waiting list; the nominee's leader is told.

It builds the demo municipality (`site.demo.build_demo`, today) in the journey's own database:
a journey runs against a live server, so it cannot share the demo layer of the other tests.
axe-core (WCAG 2.1 A/AA) runs on every page, at desktop and phone width; screenshots (with
`LEDERSPOR_SCREENSHOTS=1`) go to `test-artifacts/consultant-week/`.
Run: `uv run pytest lederspor/site/tests/test_journey_consultant_week.py -q -n 0`.
"""

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, sign_in
from lederspor.mailings.models import Mailing
from lederspor.notifications.testing import run_worker
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment, Session
from lederspor.site.demo import build_demo
from lederspor.site.demo.waiting_list import WAITLIST_COHORT

pytestmark = BROWSER_MARKS
Status = Enrolment.Status
CONSULTANT = "maria.mortensen@lederspor-kommune.dk"


def _clash_target(consultant: Person) -> tuple[Session, Session]:
    """Two coming sessions of the consultant's cohorts on different days: the one she moves (an
    aspirant network meeting) and the one she moves it onto (another cohort's session)."""
    now = timezone.now()
    mine = Session.objects.filter(cohort__consultants=consultant, starts_at__gt=now)
    moved = mine.filter(kind=Session.Kind.NETWORK_MEETING).order_by("starts_at").first()
    assert moved is not None, "the demo consultant has a coming network meeting"
    other = (
        mine.exclude(cohort=moved.cohort)
        .exclude(starts_at__date=moved.starts_at.date())
        .order_by("starts_at")
        .first()
    )
    assert other is not None, "the demo consultant has a coming session on another cohort"
    return moved, other


def test_a_consultants_week_in_the_demo(live_server, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)
    logins = build_demo()
    password = logins.password
    check = A11yChecker("consultant-week")
    consultant = Person.objects.get(email=CONSULTANT)
    page = sign_in(browser, live_server.url, CONSULTANT, password)

    # 1. Monday: "Venter på dig" says how many nominations wait; she opens them.
    waiting = page.get_by_role("region", name="Venter på dig")
    # she is HR staff too: every cohort's nominations count
    nominations = Enrolment.objects.filter(status=Status.NOMINATED).count()
    assert nominations > 1, "the demo has nominations for the consultant to decide"
    link = waiting.get_by_role("link", name=f"{nominations} indstillinger venter på din afgørelse")
    expect(link).to_be_visible()
    seat_offer = waiting.get_by_role("link", name=re.compile("ledig plads kan gives"))
    expect(seat_offer).to_be_visible()
    check(page, "home", phone=True)
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Indstillinger til behandling")
    check(page, "nominations", phone=True)

    # The running aspirant cohort is full: the first nomination goes on its waiting list.
    nomination = (
        Enrolment.objects.filter(status=Status.NOMINATED, cohort__consultants=consultant)
        .select_related("person", "cohort")
        .order_by("nominated_at", "pk")
        .first()
    )
    assert nomination is not None
    cohort = nomination.cohort
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    assert seated >= cohort.capacity, "the demo's running aspirant cohort is full"
    page.get_by_role("button", name=f"Sæt {nomination.person.full_name} på venteliste").click()
    expect(page.get_by_role("status").first).to_contain_text("på venteliste som nr. 1")
    nomination.refresh_from_db()
    assert nomination.status == Status.WAITLISTED

    # 2. Tuesday: she mails the cohort a reminder from the demo's template.
    page.goto(f"/forloeb/hold/{cohort.pk}/")
    page.get_by_role("link", name="Send mail til holdet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fællesmails")
    page.get_by_role("link", name="Ny mail til holdet").click()
    page.get_by_label("Skabelon", exact=True).select_option(label="Påmindelse om næste mødegang")
    page.get_by_role("button", name="Brug skabelon").click()
    check(page, "mail-compose", phone=True)
    page.get_by_role("button", name="Se forhåndsvisning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forhåndsvisning")
    check(page, "mail-preview", phone=True)
    before = Mailing.objects.count()
    page.get_by_role("button", name=re.compile(r"^Send til \d+ modtagere$")).click()
    expect(page.get_by_text(re.compile(r"Mailen er sendt til \d+ modtagere"))).to_be_visible()
    assert Mailing.objects.count() == before + 1
    mailing = Mailing.objects.latest("pk")
    assert mailing.recipients.count() >= cohort.capacity  # to every seated participant

    # 3. Wednesday: she moves a network meeting onto another cohort's session; the clash shows.
    moved, other = _clash_target(consultant)
    start = timezone.localtime(other.starts_at) + dt.timedelta(minutes=30)
    page.goto(f"/forloeb/kalender/?uge={start.date().isoformat()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Min kalender")
    check(page, "calendar-before", phone=True)
    page.goto(f"/forloeb/hold/{moved.cohort_id}/")
    page.locator(f'a[href="/forloeb/moedegang/{moved.pk}/rediger/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rediger mødegang")
    page.get_by_label("Starter").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Slutter").fill((start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Gem").click()
    warning = page.locator(".warning-box")
    expect(warning).to_contain_text("Overlapper med")
    expect(warning).to_contain_text(other.theme)
    check(page, "session-moved-clash", phone=True)
    page.goto(f"/forloeb/kalender/?uge={start.date().isoformat()}")
    expect(page.locator(".badge-clash")).to_have_count(2)
    check(page, "calendar-clash", phone=True)

    # 4. Thursday: a seat freed on the small extra cohort goes to the first on its list.
    extra = Cohort.objects.get(name=WAITLIST_COHORT)
    first = (
        extra.enrolments.filter(status=Status.WAITLISTED)
        .select_related("person__manager")
        .order_by("waitlisted_at", "pk")
        .first()
    )
    assert first is not None
    page.goto(f"/forloeb/hold/{extra.pk}/")
    expect(page.get_by_text(f"Pladsen kan tilbydes {first.person.full_name}")).to_be_visible()
    check(page, "waiting-list-offer", phone=True)
    mail.outbox.clear()
    page.get_by_role("button", name=f"Giv pladsen til {first.person.full_name}").click()
    expect(page.get_by_role("status").first).to_contain_text("har fået pladsen")
    first.refresh_from_db()
    assert first.status == Status.ENROLLED
    run_worker()
    told = {address for message in mail.outbox for address in message.to}
    assert first.person.email in told
    assert first.person.manager is not None and first.person.manager.email in told
    check(page, "waiting-list-given")

    if check.notes:
        print("\naxe minor/moderate findings:\n" + "\n".join(check.notes))
    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
