"""Browser journey (Chromium): HR uploads a persons file as a full load, lands on the run's
page with a progress bar that polls, the worker runs it, the page reloads by itself with the
report; the import page, the waiting run page and the report are checked with axe (also at
phone width). Run: `uv run pytest -n0 lederspor/people/tests/test_import_journey.py`."""

import re

from django.urls import reverse

from lederspor.core.browser_testing import BROWSER_MARKS, A11yChecker, sign_in
from lederspor.people.models import OrgLoadRun, Person
from lederspor.people.runs import execute_run
from lederspor.people.tests.test_deactivation import persons_table
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


def test_hr_imports_in_the_background_and_sees_the_report(
    live_server, cast, browser, settings, tmp_path
):
    from playwright.sync_api import expect

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.LEDERSPOR_ORG_DEACTIVATE_MAX_SHARE = 0.5
    table = persons_table(without=(cast.outsider,))
    csv = tmp_path / "alle.csv"
    csv.write_text(
        "\n".join(
            [";".join(table.columns)]
            + [";".join(v.get(c, "") for c in table.columns) for _l, v in table.rows]
        )
        + "\n"
    )
    check = A11yChecker("import-journey")
    page = sign_in(browser, live_server.url, cast.consultant.user.email, PASSWORD)
    page.goto(reverse("people:import"))
    check(page, "import", phone=True)
    page.get_by_label("Personer").check()
    page.locator("input[type=file]").set_input_files(str(csv))
    page.get_by_label(re.compile("^Fuld indlæsning")).check()
    page.get_by_role("button", name="Importér").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Indlæsning af alle.csv")
    expect(page.locator("#run-progress")).to_contain_text("I kø")
    expect(page.get_by_role("progressbar", name="Fremskridt")).to_be_visible()
    check(page, "run-queued", phone=True)

    run = OrgLoadRun.objects.latest("id")
    assert execute_run(run.pk) == "succeeded"
    # the page polls every second and reloads itself when the run has ended
    expect(page.get_by_role("heading", name="Rapport")).to_be_visible(timeout=10_000)
    expect(page.get_by_text("Indlæsningen er gennemført.")).to_be_visible()
    expect(page.get_by_role("table").filter(has_text="Otto Udenfor")).to_be_visible()
    check(page, "run-report", phone=True)
    assert not Person.objects.get(pk=cast.outsider.pk).is_active

    assert not check.failures, "axe (WCAG 2.1 A/AA) found serious/critical violations:\n" + (
        "\n".join(check.failures)
    )
