"""Score against a random grouping, the "why diverse" texts and criterion building."""

import datetime as dt
import itertools

import numpy as np
import pytest
from django.utils import timezone

from lederspor.grouping import criteria as crit
from lederspor.grouping.score import grouping_score, improvement_pct, value_mix, why_diverse
from lederspor.optimize.dissimilarity import Mode, gower_dissimilarity
from lederspor.people.selectors import load_units


def _random_matrix(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    d = rng.random((n, n))
    d = (d + d.T) / 2
    np.fill_diagonal(d, 0.0)
    return d


def test_objective_is_the_sum_of_dissimilarities_inside_groups():
    d = _random_matrix(5, 1)
    objective, _ = grouping_score(d, [0, 0, 1, 1, 1])
    assert objective == pytest.approx(d[0, 1] + d[2, 3] + d[2, 4] + d[3, 4])


@pytest.mark.parametrize("sizes", [(3, 3), (2, 4), (2, 2, 3)])
def test_random_baseline_is_the_exact_mean_over_all_groupings_with_those_sizes(sizes):
    n = sum(sizes)
    d = _random_matrix(n, n)
    base = [g for g, s in enumerate(sizes) for _ in range(s)]
    values = [grouping_score(d, list(p))[0] for p in set(itertools.permutations(base))]
    _, baseline = grouping_score(d, base)
    assert baseline == pytest.approx(float(np.mean(values)))


def test_baseline_formula_sum_of_pairs_times_mean_dissimilarity():
    d = _random_matrix(10, 3)
    _, baseline = grouping_score(d, [0] * 4 + [1] * 6)
    assert baseline == pytest.approx((6 + 15) * d[np.triu_indices(10, 1)].mean())


def test_improvement_pct():
    assert improvement_pct(12.0, 10.0) == pytest.approx(20.0)
    assert improvement_pct(None, 10.0) is None
    assert improvement_pct(5.0, 0.0) is None


def test_value_mix_counts_categories_and_ranges_numbers():
    assert value_mix(["Lærer", "Pædagog", "Lærer", None], numeric=False) == (
        "Lærer 2, Pædagog 1, Uoplyst 1"
    )
    assert value_mix([3, 25, 10], numeric=True) == "3–25"


def test_why_diverse_names_counts_and_spans():
    columns = {
        "department": ["A", "B", "C", "C"],
        "workplace": ["w1", "w2", "w3", "w4"],
        "profession": ["Lærer", "Lærer", "Pædagog", "Jurist"],
        "gender": ["Kvinde", "Mand", "Kvinde", "Kvinde"],
        "age_band": ["30–39", "50–59", "<30", "30–39"],
        "_age": [31, 58, 27, 35],
        "seniority": [2, 20, 1, 7],
        "leader_experience": ["Ja", "Nej", "Nej", "Nej"],
        "jti": ["ENTJ", None, None, "ISFP"],
    }
    modes = {k: "spread" for k in crit.CRITERIA}
    text = ", ".join(why_diverse(columns, modes))
    assert "3 forvaltninger" in text
    assert "3 faggrupper" in text
    assert "kvinder: 3, mænd: 1" in text
    assert "aldersspænd 27–58 år" in text
    assert "anciennitet 1–20 år" in text
    assert "1 med ledererfaring" in text
    assert "2 JTI-typer" in text
    modes["department"] = "ignore"
    assert "forvaltning" not in ", ".join(why_diverse(columns, modes))


def test_why_diverse_leaves_out_criteria_without_variation_or_data():
    columns = {
        "department": ["A", "A", "A"],
        "workplace": ["w1", "w2", "w3"],
        "profession": [None, None, None],
        "gender": ["Kvinde", "Kvinde", "Kvinde"],
        "age_band": ["30–39", "30–39", "30–39"],
        "_age": [33, 33, 33],
        "seniority": [None, None, None],
        "leader_experience": ["Nej", "Nej", "Nej"],
        "jti": ["ENTJ", None, None],
    }
    modes = {k: "spread" for k in crit.CRITERIA}
    assert why_diverse(columns, modes) == ["3 arbejdspladser"]


@pytest.mark.parametrize(
    ("age", "band"), [(None, None), (24, "<30"), (30, "30–39"), (49, "40–49"), (60, "60+")]
)
def test_age_band(age, band):
    assert crit.age_band(age) == band


def test_criterion_values_from_people_data(cast):
    e = cast.enrolment
    person = e.person
    person.birth_year = cast.cohort.starts_on.year - 41
    person.employed_since = cast.cohort.starts_on - dt.timedelta(days=int(365.25 * 12) + 2)
    person.gender = "female"
    person.save()
    e.refresh_from_db()
    ctx = crit.Context(units=load_units(), on=cast.cohort.starts_on)
    values = crit.criterion_values([e], ctx)
    assert values["department"] == ["Forvaltning A"]
    assert values["workplace"] == ["Arbejdsplads A1a"]
    assert values["profession"] == ["Pædagog"]
    assert values["gender"] == ["Kvinde"]
    assert values["age_band"] == ["40–49"]
    assert values["seniority"] == [12]
    assert values["leader_experience"] == ["Nej"]


def test_jti_type_counts_only_with_consent(cast):
    from lederspor.programmes.models import Enrolment

    Enrolment.objects.filter(pk=cast.enrolment.pk).update(
        jti_type="ENTJ", jti_consent_at=timezone.now()
    )
    cast.enrolment.refresh_from_db()
    ctx = crit.Context(units=load_units(), on=cast.cohort.starts_on)
    assert crit.criterion_values([cast.enrolment], ctx)["jti"] == ["ENTJ"]
    # a type without a consent time (never stored so by the service) is not used
    cast.enrolment.jti_consent_at = None
    assert crit.criterion_values([cast.enrolment], ctx)["jti"] == [None]
    cast.other_enrolment.refresh_from_db()
    assert crit.criterion_values([cast.other_enrolment], ctx)["jti"] == [None]


def test_build_criteria_follows_modes_and_weights():
    values = {key: ["a", "b"] if key != "seniority" else [1, 5] for key in crit.CRITERIA}
    specs = [
        {"key": "gender", "mode": "collect", "weight": 2},
        {"key": "nonsense", "mode": "spread", "weight": 1},
    ]
    built = crit.build_criteria(specs, values)
    assert [c.name for c in built] == list(crit.CRITERIA)
    gender = next(c for c in built if c.name == "gender")
    assert gender.mode == Mode.COLLECT and gender.weight == 2
    assert all(c.mode == Mode.IGNORE for c in built if c.name != "gender")
    # only "collect" on gender, and the two differ: dissimilarity 1 − 1 = 0
    assert gower_dissimilarity(built, 2)[0, 1] == 0.0
    assert next(c for c in built if c.name == "seniority").numeric
