"""A fixed reference workload, timed in the same run as a benchmark, so a figure can be read as a
ratio that a busy or a slower machine changes less than it changes seconds.

    from baseline import baseline_seconds
    base = baseline_seconds()              # best of three runs of the reference workload
    print(f"{seconds:.3f},{seconds / base:.2f}")

The workload is what the app's hot paths do: Python loops over rows, an in-memory SQLite
database written and read with indexes, and a little NumPy: about half a second on the
development machine.
"""

from __future__ import annotations

import random
import sqlite3
import time

import numpy as np


def _workload() -> float:
    rng = random.Random(0)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE person (id INTEGER PRIMARY KEY, unit INTEGER, score REAL)")
    db.execute("CREATE INDEX person_unit ON person (unit)")
    db.executemany(
        "INSERT INTO person (unit, score) VALUES (?, ?)",
        ((rng.randrange(200), rng.random()) for _ in range(20_000)),
    )
    total = 0.0
    for unit in range(200):
        rows = db.execute("SELECT score FROM person WHERE unit = ?", (unit,)).fetchall()
        total += sum(score for (score,) in rows)
    db.close()
    matrix = np.random.default_rng(0).random((300, 300))
    total += float((matrix @ matrix).trace())
    return total


def baseline_seconds(runs: int = 3) -> float:
    """The fastest of `runs` timings of the reference workload, in seconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        _workload()
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    print(f"baseline_seconds,{baseline_seconds():.4f}")
