"""Pair matching for job visits (seed 001) and wrap-up groups of two pairs.

Seed 001 (Aarhus Kommune, *jobbesøg*): two leaders (*makkere*) visit each other, one hosting in
March and the other in April; in May two visit pairs meet for a joint wrap-up ("Fælles opsamling
mellem 2 besøgspar"). This module chooses the pairs and the wrap-up groups; it knows nothing of
Django. Weights come from the caller (e.g. overlapping leadership themes); forbidden pairs (same
manager line, earlier partners, same forvaltning when the consultant wants) are `allowed=False`.

The matching itself is networkx's maximum-weight matching (Edmonds' blossom algorithm).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import networkx as nx
import numpy as np

#: beyond this many people, only the most promising candidates are tried as the trio's third
_TRIO_CANDIDATES = 24
#: up to this many people (odd), every allowed trio is tried: the result is exactly optimal
_EXACT_TRIO_MAX = 13


class InfeasiblePairing(ValueError):
    """No pairing satisfies the allowed-pairs constraint; the message names who cannot be paired."""


@dataclass(frozen=True)
class PairingResult:
    """Pairs (and at most one trio) covering every person exactly once.

    `groups` holds tuples of person indices: all of length 2, except one of length 3 when the
    count is odd. `objective` is the sum of weights over all pairs inside the groups (a trio
    counts its three pairs). `seconds` is wall time.
    """

    groups: tuple[tuple[int, ...], ...]
    objective: float
    seconds: float

    @property
    def trio(self) -> tuple[int, ...] | None:
        """The one group of three, if the count was odd."""
        return next((g for g in self.groups if len(g) == 3), None)


def _validate(weights: np.ndarray, allowed: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    w = np.asarray(weights, dtype=float)
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise ValueError(f"weights must be a square matrix, got shape {w.shape}")
    if not np.allclose(w, w.T):
        raise ValueError("weights must be symmetric")
    if allowed is None:
        a = np.ones_like(w, dtype=bool)
    else:
        a = np.asarray(allowed, dtype=bool)
        if a.shape != w.shape:
            raise ValueError(f"allowed must have the shape of weights {w.shape}, got {a.shape}")
        if not np.array_equal(a, a.T):
            raise ValueError("allowed must be symmetric")
    a = a.copy()
    np.fill_diagonal(a, False)
    return w, a


def _perfect_matching(
    w: np.ndarray, a: np.ndarray, people: list[int]
) -> tuple[list[tuple[int, int]], float] | None:
    """Maximum-weight perfect matching of `people` (even count) or None if none exists."""
    graph = nx.Graph()
    graph.add_nodes_from(people)
    offset = float(np.abs(w).max()) + 1.0  # keep every weight positive so cardinality wins
    for x_pos, i in enumerate(people):
        for j in people[x_pos + 1 :]:
            if a[i, j]:
                graph.add_edge(i, j, weight=w[i, j] + offset)
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    if 2 * len(matching) != len(people):
        return None
    pairs = sorted((min(int(i), int(j)), max(int(i), int(j))) for i, j in matching)
    return pairs, float(sum(w[i, j] for i, j in pairs))


def _unpairable(a: np.ndarray) -> list[int]:
    return [int(i) for i in np.flatnonzero(~a.any(axis=1))]


def match_pairs(weights: np.ndarray, allowed: np.ndarray | None = None) -> PairingResult:
    """Pair everyone so that the sum of pair weights is maximal; an odd count gets one trio.

    `weights`: (n, n) symmetric float matrix, higher = better partners. `allowed`: (n, n)
    symmetric bool matrix, False forbids the pair (the diagonal is ignored). With n odd and
    n ≤ `_EXACT_TRIO_MAX`, every allowed trio is tried, so the result is optimal. For larger odd n,
    every person k is tried as the third member (the most promising `_TRIO_CANDIDATES` when n is
    large):
    the others are matched perfectly and k joins the pair (a, b) with the largest
    w[k, a] + w[k, b] whose two pairs with k are allowed; the best total wins.

    Returns a `PairingResult`. Raises `InfeasiblePairing` when n < 2, when someone has no allowed
    partner at all (named), or when no perfect pairing exists; ValueError on malformed input.
    """
    started = time.perf_counter()
    w, a = _validate(weights, allowed)
    n = w.shape[0]
    if n < 2:
        raise InfeasiblePairing(f"at least two people are needed to make pairs, got {n}")
    lonely = _unpairable(a)
    if lonely:
        raise InfeasiblePairing(f"no allowed partner for person(s) {lonely}")
    everyone = list(range(n))
    if n % 2 == 0:
        found = _perfect_matching(w, a, everyone)
        if found is None:
            raise InfeasiblePairing("no pairing exists in which every pair is allowed")
        pairs, total = found
        return PairingResult(tuple(pairs), total, time.perf_counter() - started)

    if n <= _EXACT_TRIO_MAX:
        return _exact_with_trio(w, a, started)
    candidates = everyone
    if n > _TRIO_CANDIDATES:
        # the people with the best two allowed partners make the best trio members
        masked = np.where(a, w, -np.inf)
        best_two = np.sort(masked, axis=1)[:, -2:].sum(axis=1)
        candidates = [int(k) for k in np.argsort(-best_two, kind="stable")[:_TRIO_CANDIDATES]]
    best: tuple[float, list[tuple[int, ...]]] | None = None
    for k in candidates:
        rest = [i for i in everyone if i != k]
        found = _perfect_matching(w, a, rest)
        if found is None:
            continue
        pairs, total = found
        options = [
            (w[k, i] + w[k, j], idx) for idx, (i, j) in enumerate(pairs) if a[k, i] and a[k, j]
        ]
        if not options:
            continue
        gain, idx = max(options)
        groups: list[tuple[int, ...]] = [p for p_idx, p in enumerate(pairs) if p_idx != idx]
        groups.append(tuple(sorted((k, *pairs[idx]))))
        if best is None or total + gain > best[0] + 1e-12:
            best = (total + gain, sorted(groups))
    if best is None:
        raise InfeasiblePairing("no pairing with one trio exists in which every pair is allowed")
    return PairingResult(tuple(best[1]), float(best[0]), time.perf_counter() - started)


def _exact_with_trio(w: np.ndarray, a: np.ndarray, started: float) -> PairingResult:
    """Try every allowed trio with a perfect matching of the rest; exact for small odd n."""
    n = w.shape[0]
    best: tuple[float, list[tuple[int, ...]]] | None = None
    for i in range(n):
        for j in range(i + 1, n):
            if not a[i, j]:
                continue
            for k in range(j + 1, n):
                if not (a[i, k] and a[j, k]):
                    continue
                rest = [x for x in range(n) if x not in (i, j, k)]
                found = _perfect_matching(w, a, rest)
                if found is None:
                    continue
                pairs, total = found
                value = total + w[i, j] + w[i, k] + w[j, k]
                if best is None or value > best[0] + 1e-12:
                    best = (value, sorted([*pairs, (i, j, k)]))
    if best is None:
        raise InfeasiblePairing("no pairing with one trio exists in which every pair is allowed")
    return PairingResult(tuple(best[1]), float(best[0]), time.perf_counter() - started)


def group_pairs(pairs: list[tuple[int, ...]], weights: np.ndarray) -> PairingResult:
    """Put visit pairs together two by two for the May wrap-up (seed 001: "2 besøgspar").

    The weight between two pairs is the sum of `weights` over the four cross pairs (how much the
    two pairs gain from meeting). Uses `match_pairs` on the pairs, so an odd number of pairs gives
    one wrap-up group of three pairs. Returns a `PairingResult` whose `groups` are tuples of
    *pair indices* into `pairs`. Raises InfeasiblePairing for fewer than two pairs.
    """
    w = np.asarray(weights, dtype=float)
    k = len(pairs)
    between = np.zeros((k, k))
    for x in range(k):
        for y in range(x + 1, k):
            between[x, y] = between[y, x] = w[np.ix_(pairs[x], pairs[y])].sum()
    return match_pairs(between)
