"""A Gower-type dissimilarity from participants' attributes, for diverse network groups.

Seed 002 §6: "Vi sammensætter grupperne så mangfoldigt som muligt". The consultant sets, per
criterion (forvaltning, workplace, profession, gender, age band, years in the organisation,
leader experience, consented JTI type …), whether to *spread* it (diversify), *collect* it (keep
similar people together) or ignore it, with a weight. This module turns that into the (n, n)
matrix the grouping solver maximises inside groups. No Django here: callers pass plain values.

For a pair (i, j) and criterion k with weight w_k:

* categorical: d_k = 0 if the values are equal, else 1;
* numeric: d_k = |x_i − x_j| / (max − min) over the participants (0 when all are equal);
* *spread* scores d_k, *collect* scores 1 − d_k;
* a missing value (None) leaves criterion k out for that pair.

D_ij = Σ w_k · score_k / Σ w_k over the criteria present for both, in [0, 1] (Gower 1971,
"A general coefficient of similarity and some of its properties", Biometrics 27:857–871).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

#: one participant's value of a criterion: a category, a number (`numeric`) or None (unknown)
Value = str | float | None


class Mode(StrEnum):
    """What the consultant wants for one criterion."""

    SPREAD = "spread"  # "spred": as different as possible inside a group
    COLLECT = "collect"  # "saml": as similar as possible inside a group
    IGNORE = "ignore"  # "ignorér"


@dataclass(frozen=True)
class Criterion:
    """One attribute column: `values[i]` for participant i (None = unknown).

    `numeric` treats values as numbers (age, years); otherwise they are categories. `weight` ≥ 0.
    """

    name: str
    values: Sequence[Value]
    mode: Mode = Mode.SPREAD
    weight: float = 1.0
    numeric: bool = False


def _scores(criterion: Criterion, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(score, present) matrices of shape (n, n) for one criterion."""
    values = list(criterion.values)
    if len(values) != n:
        raise ValueError(f"criterion {criterion.name!r} has {len(values)} values, expected {n}")
    present_1d = np.array([v is not None and v != "" for v in values])
    present = present_1d[:, None] & present_1d[None, :]
    if criterion.numeric:
        x = np.array(
            [
                float(v) if p and v is not None else np.nan
                for v, p in zip(values, present_1d, strict=True)
            ]
        )
        finite = x[present_1d]
        spread = float(finite.max() - finite.min()) if finite.size else 0.0
        diff = np.abs(x[:, None] - x[None, :])
        d = np.where(present, diff / spread if spread > 0 else 0.0, 0.0)
    else:
        codes: dict[Value, int] = {
            v: idx for idx, v in enumerate(dict.fromkeys(v for v in values if v is not None))
        }
        c = np.array(
            [codes.get(v, -1) if p else -1 for v, p in zip(values, present_1d, strict=True)]
        )
        d = (c[:, None] != c[None, :]).astype(float)
        d = np.where(present, d, 0.0)
    score = d if criterion.mode == Mode.SPREAD else 1.0 - d
    return np.where(present, score, 0.0), present


def gower_dissimilarity(criteria: Sequence[Criterion], n: int) -> np.ndarray:
    """Return the (n, n) symmetric matrix D in [0, 1] with a zero diagonal (see module doc).

    Criteria with mode IGNORE or weight 0 are skipped; with none left, D is all zeros. Raises
    ValueError for a negative weight or a column of the wrong length.
    """
    total = np.zeros((n, n))
    weight_sum = np.zeros((n, n))
    for criterion in criteria:
        if criterion.weight < 0:
            raise ValueError(f"criterion {criterion.name!r} has a negative weight")
        if criterion.mode == Mode.IGNORE or criterion.weight == 0:
            continue
        score, present = _scores(criterion, n)
        total += criterion.weight * score
        weight_sum += criterion.weight * present
    with np.errstate(invalid="ignore", divide="ignore"):
        d = np.where(weight_sum > 0, total / weight_sum, 0.0)
    np.fill_diagonal(d, 0.0)
    return d


def criterion_mix(values: Sequence[object], groups: np.ndarray, m: int) -> list[dict[object, int]]:
    """Per group, how many members have each value of one criterion (for "why it is diverse").

    `groups[i]` is participant i's group in 0..m−1. Returns m dicts value → count (None kept).
    """
    mix: list[dict[object, int]] = [{} for _ in range(m)]
    for value, g in zip(values, groups, strict=True):
        mix[int(g)][value] = mix[int(g)].get(value, 0) + 1
    return mix
