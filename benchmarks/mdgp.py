"""Run the MDGP solver on MDGPLIB instances and compare with best-known values.

Usage (from the repository root, one core):

    OMP_NUM_THREADS=1 uv run python benchmarks/mdgp.py [--time-limit SECONDS] [--bkv CSV]
        [--seed N] FILE...

FILE is an instance in the format of ``../shared/benchmarks/mdgp/instances`` (plain or
``.gz``). Prints one CSV line per instance, ``instance,objective,bkv,deviation_pct,seconds,
ratio`` with deviation = (bkv − objective) / bkv × 100 and ratio = seconds over the reference
workload timed in the same run (``baseline.py``), then the mean and max deviation per family,
size and variant. The exact method (n ≤ 12) should take well under a second (once a test
assertion; speed belongs here, not in the test run). Without ``--time-limit`` the literature's limit is used: 1 s for n ≤ 12, 3 s
for n ≤ 120, 20 s for n ≤ 240, 120 s for n ≤ 480, 600 s above.
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from baseline import baseline_seconds  # noqa: E402

from lederspor.optimize.mdgp import solve_grouping  # noqa: E402
from lederspor.optimize.mdgplib import read_mdgplib  # noqa: E402

DEFAULT_BKV = REPO.parent / "shared" / "benchmarks" / "mdgp" / "bkv.csv"


def literature_time_limit(n: int) -> float:
    """Seconds per run used in the MDGP literature (TPSDP's code) for an instance of size n."""
    if n <= 12:
        return 1.0
    if n <= 120:
        return 3.0
    if n <= 240:
        return 20.0
    if n <= 480:
        return 120.0
    return 600.0


def instance_name(path: Path) -> str:
    name = path.name
    for suffix in (".gz", ".txt"):
        name = name.removesuffix(suffix)
    return name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.add_argument("--time-limit", type=float, default=None, metavar="SECONDS")
    parser.add_argument("--bkv", type=Path, default=DEFAULT_BKV, metavar="CSV")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    bkv: dict[str, float] = {}
    if args.bkv and args.bkv.exists():
        with args.bkv.open(newline="") as handle:
            bkv = {row["instance"]: float(row["bkv"]) for row in csv.DictReader(handle)}

    summary: dict[str, list[float]] = defaultdict(list)
    base = baseline_seconds()
    print(f"# reference workload (baseline.py): {base:.3f} s")
    print("instance,objective,bkv,deviation_pct,seconds,ratio", flush=True)
    for path in args.files:
        name = instance_name(path)
        problem = read_mdgplib(path)
        limit = args.time_limit if args.time_limit is not None else literature_time_limit(problem.n)
        result = solve_grouping(problem, time_limit=limit, seed=args.seed)
        ref = bkv.get(name)
        if ref:
            deviation = (ref - result.objective) / ref * 100.0
            parts = name.split("_")
            key = "_".join(parts[:3]) if len(parts) >= 3 else name
            summary[key].append(deviation)
            print(
                f"{name},{result.objective:.3f},{ref:.3f},{deviation:.4f},{result.seconds:.2f},"
                f"{result.seconds / base:.2f}",
                flush=True,
            )
        else:
            print(
                f"{name},{result.objective:.3f},,,{result.seconds:.2f},{result.seconds / base:.2f}",
                flush=True,
            )

    if summary:
        print()
        print("group,count,mean_deviation_pct,max_deviation_pct")
        for key in sorted(summary):
            values = summary[key]
            mean = sum(values) / len(values)
            print(f"{key},{len(values)},{mean:.4f},{max(values):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
