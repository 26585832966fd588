"""Browser journey in Debian's Chromium (issue #13 §5): a consultant reads the year in numbers.

Kim (HR consultant) opens **Rapporter** from the menu, filters the programme report to the
aspirant programme and one year, opens **Blev de ledere?** and its chart (an SVG with its table
beside it), and downloads the XLSX, which the test opens with openpyxl. Lars (nearest leader)
finds no "Rapporter" in the menu and gets the Danish 404 page at /rapporter/.

axe-core (WCAG 2.1 A/AA) runs on every page, at desktop and phone width; screenshots go to
`test-artifacts/reports/` with LEDERSPOR_SCREENSHOTS=1.
Run: `uv run pytest lederspor/reports/tests/test_journey.py -q -s -n0`.
"""

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.people.models import LeadershipChange
from lederspor.programmes.models import Enrolment
from lederspor.reports.tests.test_reports import _complete, _past_cohort
from lederspor.site.testing import PASSWORD, make_person

pytestmark = BROWSER_MARKS


@pytest.fixture
def seed_content():
    """Not the session's seed-content layer: this journey flushes the database."""


def _history(cast) -> int:
    """Three years of aspirant cohorts, ten completed each, some of whom became leaders;
    returns the year of the oldest cohort."""
    oldest = None
    for years_ago in (3, 4, 5):
        cohort = _past_cohort(
            cast, years_ago=years_ago, name=f"Aspiranter for {years_ago} år siden"
        )
        oldest = cohort.starts_on.year
        for n in range(10):
            person = make_person(
                f"A{years_ago}n{n}", "Aspirant", cast.workplace, number=f"h{years_ago}-{n}"
            )
            LeadershipChange.objects.create(
                person=person, kind="stopped", on=dt.date(2015, 1, 1), source="import"
            )
            _complete(cohort, person)
            if n % 2 == 0:
                LeadershipChange.objects.create(
                    person=person,
                    kind="became",
                    on=cohort.ends_on + dt.timedelta(days=100 + 60 * n),
                    source="import",
                )
        for n in range(4):
            person = make_person(
                f"R{years_ago}n{n}", "Indstillet", cast.workplace, number=f"r{years_ago}-{n}"
            )
            Enrolment.objects.create(
                cohort=cohort,
                person=person,
                status=Enrolment.Status.REJECTED,
                decision_reason="Ikke i år",
                decided_at=timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(9))),
            )
    assert oldest is not None
    return oldest


def test_consultant_filters_reads_the_leader_pipeline_and_exports(live_server, cast, browser):
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)
    year = _history(cast)
    check = A11yChecker("reports")

    page = browser_sign_in(browser, live_server.url, cast.consultant.email, PASSWORD)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Rapporter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter: Forløbsrapport")
    check(page, "programme-report", phone=True)

    page.get_by_label("Forløb", exact=True).select_option(label="Lederaspirantforløb")
    page.get_by_label("År (holdets start)", exact=True).select_option(str(year))
    page.get_by_role("button", name="Vis").click()
    status = page.get_by_role("table", name="Indstillinger og deltagelse")
    expect(status).to_contain_text(str(year))
    expect(status.get_by_role("row")).to_have_count(2)  # the header and the one year
    expect(page.get_by_role("figure").first).to_contain_text(
        "14 indstillinger i alt, heraf 10 gennemført."
    )
    check(page, "programme-report-filtered")

    page.get_by_role("navigation", name="Rapporter").get_by_role(
        "link", name="Blev de ledere?"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rapporter: Blev de ledere?")
    chart = page.get_by_role("img", name="Lederaspirantforløb: blev leder efter forløbet")
    expect(chart).to_be_visible()
    # the filter went along with the tab: only the chosen year is counted
    expect(page.get_by_role("figure").first).to_contain_text("af de gennemførte")
    table = page.get_by_role("table", name="Lederaspirantforløb: blev leder efter forløbet")
    expect(table.get_by_role("row", name="Inden 36 måneder")).to_contain_text("10")
    check(page, "leader-pipeline", phone=True)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("rapport-blev-de-ledere-")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    assert workbook.sheetnames[-1] == "Blev deltagerne ledere"
    sheet = workbook["Blev deltagerne ledere"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["Forløb", "År", "Gruppe", "Personer"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [r[:4] for r in rows] == [
        ["Lederaspirantforløb", year, "Gennemførte", 10],
        ["Lederaspirantforløb", year, "Indstillet, ikke optaget", 4],
    ]
    assert sheet.freeze_panes == "A2"

    leader = browser_sign_in(browser, live_server.url, cast.leader.email, PASSWORD)
    expect(
        leader.get_by_role("navigation", name="Hovedmenu").get_by_role("link", name="Rapporter")
    ).to_have_count(0)
    response = leader.goto(live_server.url + "/rapporter/")
    assert response is not None and response.status == 404
    expect(leader.get_by_role("heading", level=1)).to_contain_text("findes ikke")

    assert check.failures == [], "\n".join(check.failures)
