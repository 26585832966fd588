"""Maximally diverse grouping (MDGP): split n people into m groups of bounded size so that the
sum of dissimilarities inside groups is as large as possible.

Model. ``distances`` d (n, n) is symmetric and non-negative. Group g must get between
``lower[g]`` and ``upper[g]`` people. Optional side constraints: ``keep_apart`` pairs must end in
different groups (hard), ``locked`` people must be in a given group (hard), and
``together_penalty`` p (n, n) is subtracted for every pair that shares a group (soft; used as
rotation memory: pairs that were together in earlier rounds). The objective is

    Σ_{i<j, same group} (d_ij − p_ij).

Methods. n ≤ 12: exact dynamic programming over subsets (provably optimal, deterministic,
independent of the time limit). Larger n: iterated tabu search with full swap and insert
neighbourhoods evaluated with NumPy, started on the size profile with the largest expected value
(see ``_search``). Sources: Gallego, Laguna, Martí & Duarte (2013), J. Oper. Res. Soc.
64(5):724-734 (problem, MDGPLIB, tabu search); Lai & Hao (2016), Eur. J. Oper. Res.
254(3):780-800 (iterated maxima search); Yang et al. (2022), Eur. J. Oper. Res. 302(3):925-953
(TPSDP, best-known values). This package does not import Django.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from lederspor.optimize import _exact, _search

__all__ = [
    "GroupingProblem",
    "GroupingResult",
    "InfeasibleGrouping",
    "check_feasible",
    "check_solvable",
    "objective",
    "solve_grouping",
]


class InfeasibleGrouping(ValueError):
    """A grouping problem or assignment breaks a constraint.

    ``constraint`` names it, for callers that translate the message: ``"lower"`` (minimum group
    sizes), ``"upper"`` (maximum group sizes), ``"locked"`` (people locked to a group),
    ``"keep_apart"`` (pairs that must be in different groups) or ``"assignment"`` (the
    assignment array itself is malformed: wrong length or group index out of range).
    """

    def __init__(self, constraint: str, message: str) -> None:
        super().__init__(f"{constraint}: {message}")
        self.constraint = constraint


@dataclass(frozen=True, eq=False)
class GroupingProblem:
    """Input of :func:`solve_grouping`.

    ``distances``: float array (n, n), symmetric, non-negative, finite; the diagonal is ignored.
    ``lower``, ``upper``: length-m tuples of group size bounds, 0 ≤ lower[g] ≤ upper[g].
    ``keep_apart``: pairs (i, j), i ≠ j, 0-based person indices, that must not share a group.
    ``locked``: person index → group index; that person must be in that group.
    ``together_penalty``: optional float array (n, n), symmetric, non-negative, finite;
    subtracted from the objective for each pair in the same group (same units as distances).

    Raises ``ValueError`` if the data are malformed (shapes, signs, indices). Whether a feasible
    assignment exists is checked by :func:`check_solvable` (and by :func:`solve_grouping`).
    """

    distances: np.ndarray
    lower: tuple[int, ...]
    upper: tuple[int, ...]
    keep_apart: tuple[tuple[int, int], ...] = ()
    locked: Mapping[int, int] = field(default_factory=dict)
    together_penalty: np.ndarray | None = None

    def __post_init__(self) -> None:
        d = np.asarray(self.distances, dtype=np.float64)
        if d.ndim != 2 or d.shape[0] != d.shape[1]:
            raise ValueError(f"distances must be a square (n, n) array, got shape {d.shape}")
        _check_matrix("distances", d)
        object.__setattr__(self, "distances", d)
        n, m = d.shape[0], len(self.lower)
        if m < 1 or len(self.upper) != m:
            raise ValueError("lower and upper must have the same length m >= 1")
        lower = tuple(int(x) for x in self.lower)
        upper = tuple(int(x) for x in self.upper)
        if any(a < 0 or a > b for a, b in zip(lower, upper, strict=True)):
            raise ValueError("group size bounds must satisfy 0 <= lower[g] <= upper[g]")
        object.__setattr__(self, "lower", lower)
        object.__setattr__(self, "upper", upper)
        pairs = tuple((int(i), int(j)) for i, j in self.keep_apart)
        for i, j in pairs:
            if not (0 <= i < n and 0 <= j < n) or i == j:
                raise ValueError(f"keep_apart pair ({i}, {j}) must name two different people")
        object.__setattr__(self, "keep_apart", pairs)
        locked = {int(i): int(g) for i, g in self.locked.items()}
        for i, g in locked.items():
            if not (0 <= i < n and 0 <= g < m):
                raise ValueError(f"locked person {i} -> group {g} is out of range")
        object.__setattr__(self, "locked", locked)
        if self.together_penalty is not None:
            p = np.asarray(self.together_penalty, dtype=np.float64)
            if p.shape != d.shape:
                raise ValueError(f"together_penalty must have shape {d.shape}, got {p.shape}")
            _check_matrix("together_penalty", p)
            object.__setattr__(self, "together_penalty", p)

    @property
    def n(self) -> int:
        """Number of people."""
        return int(self.distances.shape[0])

    @property
    def m(self) -> int:
        """Number of groups."""
        return len(self.lower)

    def weights(self) -> np.ndarray:
        """Effective pair weights (n, n): distances minus together_penalty, zero diagonal."""
        w = self.distances.copy()
        if self.together_penalty is not None:
            w -= self.together_penalty
        np.fill_diagonal(w, 0.0)
        return w


@dataclass(frozen=True, eq=False)
class GroupingResult:
    """Output of :func:`solve_grouping`.

    ``groups``: int array (n,), the group index (0..m-1) of each person; always feasible.
    ``objective``: Σ over same-group pairs of (distance − together_penalty).
    ``seconds``: wall-clock time used by the solver. ``iterations``: tabu-search moves made
    (0 for the exact method). ``optimal``: True when the exact method proved optimality.
    """

    groups: np.ndarray
    objective: float
    seconds: float
    iterations: int
    optimal: bool


def _check_matrix(name: str, a: np.ndarray) -> None:
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must be finite")
    if np.any(a < 0):
        raise ValueError(f"{name} must be non-negative")
    if not np.allclose(a, a.T, rtol=1e-9, atol=1e-9):
        raise ValueError(f"{name} must be symmetric")


def objective(problem: GroupingProblem, groups: np.ndarray) -> float:
    """Σ over pairs i < j in the same group of (distance − together_penalty).

    ``groups``: int array (n,) of group indices. Does not check feasibility. Raises
    ``InfeasibleGrouping("assignment", …)`` if the array has the wrong length.
    """
    g = np.asarray(groups)
    if g.shape != (problem.n,):
        raise InfeasibleGrouping("assignment", f"expected {problem.n} group indices, got {g.shape}")
    same = g[:, None] == g[None, :]
    return 0.5 * float(problem.weights()[same].sum())


def check_feasible(problem: GroupingProblem, groups: np.ndarray) -> None:
    """Raise :class:`InfeasibleGrouping` naming the first broken constraint, else return None.

    Checks, in order: the array is (n,) with indices 0..m-1 (``"assignment"``); group sizes
    ≥ lower (``"lower"``) and ≤ upper (``"upper"``); locked people in their group
    (``"locked"``); keep-apart pairs in different groups (``"keep_apart"``).
    """
    g = np.asarray(groups)
    n, m = problem.n, problem.m
    if g.shape != (n,) or not np.issubdtype(g.dtype, np.integer):
        raise InfeasibleGrouping("assignment", f"expected {n} integer group indices")
    if n and (g.min() < 0 or g.max() >= m):
        raise InfeasibleGrouping("assignment", f"group indices must be in 0..{m - 1}")
    size = np.bincount(g, minlength=m)
    for c in range(m):
        if size[c] < problem.lower[c]:
            raise InfeasibleGrouping(
                "lower", f"group {c} has {size[c]} people, fewer than {problem.lower[c]}"
            )
        if size[c] > problem.upper[c]:
            raise InfeasibleGrouping(
                "upper", f"group {c} has {size[c]} people, more than {problem.upper[c]}"
            )
    for i, c in problem.locked.items():
        if g[i] != c:
            raise InfeasibleGrouping("locked", f"person {i} is locked to group {c}, not {g[i]}")
    for i, j in problem.keep_apart:
        if g[i] == g[j]:
            raise InfeasibleGrouping("keep_apart", f"people {i} and {j} share group {g[i]}")


def check_solvable(problem: GroupingProblem) -> None:
    """Raise :class:`InfeasibleGrouping` if the problem obviously has no feasible assignment.

    Checks: Σ lower ≤ n (``"lower"``); Σ upper ≥ n (``"upper"``); no group has more locked
    people than its upper bound, and the locked people still leave room for the lower bounds
    (``"locked"``); no keep-apart pair is locked to one group, and no set of people that must
    all be kept apart from each other is larger than m (``"keep_apart"``). Passing these checks
    does not guarantee feasibility when keep-apart pairs are many; :func:`solve_grouping` then
    raises ``InfeasibleGrouping("keep_apart", …)`` if it cannot satisfy them.
    """
    n, m = problem.n, problem.m
    lower, upper = np.array(problem.lower), np.array(problem.upper)
    if lower.sum() > n:
        raise InfeasibleGrouping(
            "lower", f"the minimum group sizes add up to {lower.sum()}, but there are {n} people"
        )
    if upper.sum() < n:
        raise InfeasibleGrouping(
            "upper", f"the maximum group sizes add up to {upper.sum()}, but there are {n} people"
        )
    count = np.bincount(np.array(list(problem.locked.values()), dtype=np.int64), minlength=m)
    for c in range(m):
        if count[c] > upper[c]:
            raise InfeasibleGrouping(
                "locked", f"{count[c]} people are locked to group {c}, which holds {upper[c]}"
            )
    if np.maximum(lower, count).sum() > n:
        raise InfeasibleGrouping(
            "locked", "the locked people leave too few people to fill every group's minimum"
        )
    for i, j in problem.keep_apart:
        if i in problem.locked and problem.locked.get(j) == problem.locked[i]:
            raise InfeasibleGrouping(
                "keep_apart", f"people {i} and {j} must be apart but are locked to one group"
            )
    if problem.keep_apart:
        import networkx as nx

        graph = nx.Graph(problem.keep_apart)
        clique = max((len(c) for c in nx.find_cliques(graph)), default=0)
        if clique > m:
            raise InfeasibleGrouping(
                "keep_apart", f"{clique} people must all be apart, but there are only {m} groups"
            )


def solve_grouping(
    problem: GroupingProblem,
    *,
    time_limit: float,
    seed: int = 0,
    initial: np.ndarray | None = None,
    max_iterations: int | None = None,
) -> GroupingResult:
    """Find a feasible assignment with a large objective (the optimum for n ≤ 12).

    ``time_limit``: seconds of wall-clock time for the heuristic (n > 12); the exact method
    (n ≤ 12) ignores it. ``seed``: seeds ``numpy.random.default_rng``; with the same seed the
    result is identical when the run is limited by ``max_iterations`` (tabu moves) rather than by
    the clock. ``initial``: optional feasible assignment (n,) to start from; the result is never
    worse than it. Returns a :class:`GroupingResult` whose ``groups`` satisfy every constraint.

    Raises :class:`InfeasibleGrouping` (a ``ValueError``) naming the constraint when the problem
    has no feasible assignment (see :func:`check_solvable`), when ``initial`` is infeasible, or,
    for n > 12, when no assignment keeping all keep-apart pairs apart was found.
    """
    start = time.perf_counter()
    if time_limit < 0:
        raise ValueError("time_limit must be >= 0 seconds")
    check_solvable(problem)
    if initial is not None:
        initial = np.asarray(initial, dtype=np.int64)
        check_feasible(problem, initial)
    n = problem.n
    weights = problem.weights()
    lower = np.array(problem.lower, dtype=np.int64)
    upper = np.array(problem.upper, dtype=np.int64)
    locked_group = np.full(n, -1, dtype=np.int64)
    for i, c in problem.locked.items():
        locked_group[i] = c
    apart = np.array(problem.keep_apart, dtype=np.int64).reshape(-1, 2)

    if n <= _exact.EXACT_MAX_N:
        groups = _exact.solve_exact(weights, lower, upper, apart, locked_group)
        if groups is None:
            raise InfeasibleGrouping(
                "keep_apart", "no assignment keeps every keep-apart pair in different groups"
            )
        iterations, optimal = 0, True
    else:
        groups, iterations = _search.solve_heuristic(
            weights,
            lower,
            upper,
            apart,
            locked_group,
            seed=seed,
            deadline=start + time_limit,
            max_iterations=max_iterations,
            initial=initial,
        )
        optimal = False
    try:
        check_feasible(problem, groups)
    except InfeasibleGrouping as error:
        if error.constraint != "keep_apart":
            raise
        raise InfeasibleGrouping(
            "keep_apart", "found no assignment that keeps every keep-apart pair apart"
        ) from error
    value = objective(problem, groups)
    if initial is not None:
        start_value = objective(problem, initial)
        if start_value > value:
            groups, value = initial.copy(), start_value
    return GroupingResult(
        groups=groups,
        objective=value,
        seconds=time.perf_counter() - start,
        iterations=iterations,
        optimal=optimal,
    )
