"""The evaluations report (issue #13 §2): results across cohorts and years with the small-number
rule, response rates, the cohort's questionnaires, and the XLSX of the aggregated results."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from lederspor.evaluations.tests.conftest import session, templates  # noqa: F401 (fixtures)
from lederspor.evaluations.tests.test_selectors import _fill

URL = reverse("reports:evaluations")


def test_results_across_years_hide_small_numbers(cast, as_, templates, session):  # noqa: F811
    _fill(cast, templates, session, questionnaires=2, answers=5)  # 10 answers this year
    _fill(cast, templates, session, questionnaires=1, answers=3, year_shift=1)  # 3 last year
    page = as_(cast.hr_colleague).get(URL).content.decode()
    assert "Lederaspirantforløb: evalueringernes svar" in page
    assert "3,0" in page  # this year's mean of 1..5 twice
    assert "&lt; 5" in page  # last year's three answers
    assert "Svarprocent" in page
    # free text is counted, never shown
    assert "Svar 1" not in page
    response = as_(cast.hr_colleague).get(URL, {"eksport": "xlsx"})
    workbook = load_workbook(io.BytesIO(response.content))
    results = workbook.worksheets[-1]
    rows = [[c.value for c in row] for row in results.iter_rows(min_row=2)]
    assert any(r[3] == 10 and r[4] == 3.0 for r in rows)
    assert any(r[3] == "< 5" and r[4] == "< 5" for r in rows)
    assert not any("Svar 1" in str(v) for r in rows for v in r)


def test_the_cohort_filter_lists_its_questionnaires(cast, as_, templates, session):  # noqa: F811
    _fill(cast, templates, session, questionnaires=1, answers=6)
    page = as_(cast.consultant).get(URL, {"cohort": cast.cohort.pk}).content.decode()
    assert "Holdets evalueringer" in page
    assert "Ledelse i en politisk styret organisation" in page


@pytest.mark.parametrize("who", ["aspirant", "leader", "chef"])
def test_participants_and_leaders_get_404(cast, as_, templates, session, who):  # noqa: F811
    _fill(cast, templates, session, questionnaires=1, answers=6)
    assert as_(getattr(cast, who)).get(URL).status_code == 404


def test_query_count_does_not_grow_with_questionnaires(cast, as_, templates, session):  # noqa: F811
    client = as_(cast.hr_colleague)
    _fill(cast, templates, session, questionnaires=1, answers=5)
    client.get(URL)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)
    _fill(cast, templates, session, questionnaires=4, answers=8, year_shift=2)
    with CaptureQueriesContext(connection) as large:
        client.get(URL)
    assert len(large) == len(small)
