"""Exact maximally diverse grouping for small n by dynamic programming over subsets.

F_g(U) is the best value of assigning exactly the people in U to groups 0..g-1; then
F_{g+1}(U) = max over T ⊆ U of F_g(U \\ T) + value_g(T), where value_g(T) is the sum of weights
inside T, or -inf if T breaks a constraint for group g (size bounds, locked people, keep-apart
pairs). The answer is F_m(everyone). Work and memory are O(m · 3^n), so the method is used for
n ≤ 12 (3^12 = 531,441), where it takes well under a second and proves optimality.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

EXACT_MAX_N = 12


@lru_cache(maxsize=4)
def _submask_pairs(n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """All pairs (U, T) with T ⊆ U ⊆ {0..n-1}, sorted by U, and the start of each U's run.

    Returns (union, part, starts): int64 arrays of length 3^n, 3^n and 2^n.
    """
    union = np.zeros(1, dtype=np.int64)
    part = np.zeros(1, dtype=np.int64)
    for bit in range(n):
        b = 1 << bit
        union = np.concatenate([union, union | b, union | b])
        part = np.concatenate([part, part, part | b])
    order = np.argsort(union, kind="stable")
    union, part = union[order], part[order]
    starts = np.flatnonzero(np.r_[True, union[1:] != union[:-1]])
    union.flags.writeable = False
    part.flags.writeable = False
    starts.flags.writeable = False
    return union, part, starts


def solve_exact(
    weights: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    keep_apart: np.ndarray,
    locked_group: np.ndarray,
) -> np.ndarray | None:
    """Return an optimal assignment (n,) of group indices, or None if no feasible one exists.

    ``weights`` (n, n) symmetric; ``lower``/``upper`` (m,) size bounds; ``keep_apart`` (k, 2)
    pairs of people that must be in different groups; ``locked_group`` (n,) the group a person
    is locked to, or -1. Requires n ≤ EXACT_MAX_N.
    """
    n = weights.shape[0]
    m = lower.shape[0]
    if n > EXACT_MAX_N:
        raise ValueError(f"exact method supports n <= {EXACT_MAX_N}, got {n}")
    full = (1 << n) - 1
    subsets = np.arange(1 << n, dtype=np.int64)
    member = ((subsets[:, None] >> np.arange(n)) & 1).astype(np.float64)
    value = 0.5 * np.einsum("ti,ti->t", member @ weights, member)
    size = member.sum(axis=1).astype(np.int64)
    for i, j in keep_apart:
        value[(member[:, i] > 0) & (member[:, j] > 0)] = -np.inf

    union, part, starts = _submask_pairs(n)
    layers = [np.full(1 << n, -np.inf)]
    layers[0][0] = 0.0
    group_values = []
    for g in range(m):
        mine = int(sum(1 << int(i) for i in np.flatnonzero(locked_group == g)))
        others = int(
            sum(1 << int(i) for i in np.flatnonzero((locked_group >= 0) & (locked_group != g)))
        )
        ok = (size >= lower[g]) & (size <= upper[g]) & ((subsets & mine) == mine)
        ok &= (subsets & others) == 0
        vg = np.where(ok, value, -np.inf)
        group_values.append(vg)
        layers.append(np.maximum.reduceat(layers[g][union ^ part] + vg[part], starts))
    if not np.isfinite(layers[m][full]):
        return None

    groups = np.full(n, -1, dtype=np.int64)
    rest = full
    for g in range(m - 1, -1, -1):
        lo, hi = starts[rest], (starts[rest + 1] if rest + 1 < len(starts) else len(part))
        cand = part[lo:hi]
        scores = layers[g][rest ^ cand] + group_values[g][cand]
        chosen = int(cand[int(np.argmax(scores))])
        groups[(chosen >> np.arange(n)) & 1 == 1] = g
        rest ^= chosen
    return groups
