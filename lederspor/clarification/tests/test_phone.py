"""On a phone (390 px) the Leder på spring cohort page's table scroll sideways inside their card; the
page itself does not get wider than the screen."""

import pytest
from django.urls import reverse

from lederspor.clarification import services
from lederspor.core.browser_testing import BROWSER_MARKS, PHONE
from lederspor.core.browser_testing import sign_in as browser_sign_in
from lederspor.site.testing import PASSWORD

pytestmark = BROWSER_MARKS


@pytest.fixture
def seed_content():
    """Not the session's seed-content layer (lederspor/conftest.py): this journey flushes the
    database, so its cohort's content is loaded by `make_cohort` inside the test."""


#: (page width, screen width, [(table box width, table width)]) measured in the browser
MEASURE = """() => [
  document.documentElement.scrollWidth,
  window.innerWidth,
  [...document.querySelectorAll('.table-wrap')].map(w => [w.clientWidth, w.scrollWidth]),
]"""


def test_the_cohort_table_scroll_inside_their_card_on_a_phone(
    live_server, cast, browser, cohort, anna, bo, days
):
    services.leader_talk_create(
        enrolment=anna,
        title="Når vi ændrer vagtplanen i hjemmeplejen",
        session=days[4],
        by=cast.admin,
    )
    page = browser_sign_in(browser, live_server.url, "kim@test.dk", PASSWORD)
    page.set_viewport_size(PHONE)
    page.goto(reverse("clarification:cohort", args=[cohort.pk]))
    page.wait_for_load_state("load")
    page_width, screen, tables = page.evaluate(MEASURE)
    assert page_width <= screen, (page_width, screen, tables)
    assert tables and all(box <= screen for box, _table in tables), tables
    assert any(table > box for box, table in tables), tables  # it does scroll sideways
