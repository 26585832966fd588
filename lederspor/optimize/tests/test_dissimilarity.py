"""Tests of the Gower-type dissimilarity (no database)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lederspor.optimize.dissimilarity import Criterion, Mode, criterion_mix, gower_dissimilarity


def test_categorical_spread_and_collect():
    dept = ["Børn", "Børn", "Sundhed"]
    spread = gower_dissimilarity([Criterion("forvaltning", dept)], 3)
    assert spread[0, 1] == 0 and spread[0, 2] == 1 and spread[1, 2] == 1
    collect = gower_dissimilarity([Criterion("forvaltning", dept, Mode.COLLECT)], 3)
    assert collect[0, 1] == 1 and collect[0, 2] == 0


def test_numeric_is_scaled_by_range_and_weights_average():
    age = [30, 40, 50]
    d = gower_dissimilarity(
        [
            Criterion("alder", age, numeric=True, weight=1),
            Criterion("køn", ["k", "k", "m"], weight=3),
        ],
        3,
    )
    # pair (0, 1): age 10/20 = 0.5 (w1), gender equal 0 (w3) -> 0.5/4
    assert d[0, 1] == pytest.approx(0.125)
    # pair (0, 2): age 1.0, gender 1 -> (1 + 3)/4
    assert d[0, 2] == pytest.approx(1.0)


def test_missing_values_leave_the_criterion_out_for_that_pair():
    d = gower_dissimilarity(
        [Criterion("jti", ["INTJ", None, "ESFP"]), Criterion("faggruppe", ["a", "a", "a"])], 3
    )
    assert d[0, 1] == 0  # only faggruppe counts: equal
    assert d[0, 2] == pytest.approx(0.5)


def test_ignored_and_zero_weight_criteria_do_not_count():
    d = gower_dissimilarity(
        [Criterion("x", ["a", "b"], Mode.IGNORE), Criterion("y", ["a", "b"], weight=0)], 2
    )
    assert not d.any()


def test_bad_input_is_rejected():
    with pytest.raises(ValueError, match="negative"):
        gower_dissimilarity([Criterion("x", ["a"], weight=-1)], 1)
    with pytest.raises(ValueError, match="expected 3"):
        gower_dissimilarity([Criterion("x", ["a"])], 3)


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", None]), st.one_of(st.none(), st.integers(20, 65))
        ),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(list(Mode)),
)
def test_matrix_is_symmetric_in_unit_range_with_zero_diagonal(rows, mode):
    n = len(rows)
    d = gower_dissimilarity(
        [
            Criterion("kat", [r[0] for r in rows], mode),
            Criterion("tal", [r[1] for r in rows], Mode.SPREAD, numeric=True, weight=2),
        ],
        n,
    )
    assert d.shape == (n, n)
    assert np.allclose(d, d.T)
    assert (d >= 0).all() and (d <= 1 + 1e-12).all()
    assert not np.diag(d).any()


def test_criterion_mix_counts_values_per_group():
    mix = criterion_mix(["k", "m", "k", None], np.array([0, 0, 1, 1]), 2)
    assert mix == [{"k": 1, "m": 1}, {"k": 1, None: 1}]
