"""Reader for MDGPLIB instance files (the format of ``shared/benchmarks/mdgp/``).

Source: M. Gallego, M. Laguna, R. Martí, A. Duarte (2013), "Tabu search with strategic
oscillation for the maximally diverse grouping problem", J. Oper. Res. Soc. 64(5):724-734; the
exact format is described in ``shared/benchmarks/mdgp/README.md``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from lederspor.optimize.mdgp import GroupingProblem


def read_mdgplib(path: str | Path) -> GroupingProblem:
    """Read one MDGPLIB instance, plain text or gzip-compressed (``.gz``).

    Line 1 is ``n m type a_1 b_1 ... a_m b_m``; then ``n(n-1)/2`` lines ``i j d_ij`` (0-based,
    i < j). Returns a :class:`GroupingProblem` with the symmetric (n, n) distance matrix (zero
    diagonal) and the per-group size bounds. Raises ``ValueError`` if the file is malformed
    (wrong header, wrong number of pairs, index out of range).
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="ascii") as handle:
        text = handle.read()
    lines = text.split("\n", 1)
    head = lines[0].split()
    if len(head) < 3:
        raise ValueError(f"{path}: header must be 'n m type a_1 b_1 ...'")
    n, m = int(head[0]), int(head[1])
    bounds = [int(x) for x in head[3 : 3 + 2 * m]]
    if len(bounds) != 2 * m:
        raise ValueError(f"{path}: header has {len(bounds)} bounds, expected {2 * m}")
    body = np.array(lines[1].split() if len(lines) > 1 else [], dtype=np.float64)
    pairs = n * (n - 1) // 2
    if body.size != 3 * pairs:
        raise ValueError(f"{path}: expected {pairs} lines 'i j d', got {body.size / 3:g}")
    body = body.reshape(pairs, 3)
    i = body[:, 0].astype(np.int64)
    j = body[:, 1].astype(np.int64)
    if i.min(initial=0) < 0 or max(i.max(initial=0), j.max(initial=0)) >= n:
        raise ValueError(f"{path}: element index out of range 0..{n - 1}")
    distances = np.zeros((n, n))
    distances[i, j] = body[:, 2]
    distances[j, i] = body[:, 2]
    return GroupingProblem(
        distances=distances, lower=tuple(bounds[0::2]), upper=tuple(bounds[1::2])
    )
