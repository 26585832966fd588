"""The organisation import at municipal size (issue #17 §2): 30,824 persons in 1,662 units.

    uv run python benchmarks/import.py [--persons 30824] [--units 1662] [--classic-tree]
    DATABASE_URL=postgres://lederspor:lederspor@127.0.0.1/bench_import \\
        uv run python benchmarks/import.py                      # on PostgreSQL (flushed!)

Generates the municipality (`lederspor.people.generator`), writes its two CSV files to a
temporary directory and times, through the project's own entry points (`import_units`,
`import_persons`, as the `import_org` command calls them) on an empty database (a temporary
SQLite file unless DATABASE_URL is set — that database is flushed, so never point it at one
you need):

1. the units import;
2. a dry run of the first persons import;
3. the first persons import;
4. an unchanged re-import;
5. a re-import with 1 % of the persons changed (a new job title; every tenth of them also
   moved to another unit and leader);
6. a dry run of that changed file after it was imported (nothing left to change).

Prints CSV `step,seconds,cpu_seconds,ratio,statements,created,updated,unchanged,max_rss_mb`:
`seconds` wall-clock, `cpu_seconds` this process's CPU time (the database server's not
included: on SQLite that is all of it; on a shared machine it swings less than the wall
clock), `ratio` seconds over the reference workload of `baseline.py` timed in the same run,
`statements` the
SQL statements the step ran, `max_rss_mb` the process's peak resident memory after the step
(it only grows; the figure after each step bounds that step). `--tracemalloc` adds a column
with each step's peak of Python allocations (slower: time a run without it).

Local passwords, and with them the invitation mail every new person gets
(`accounts.invitations`, a `persons_created` hook), are off unless `--invitations` is given:
that hook sends one mail per person and is timed apart from the import's writes.

`--classic-tree` writes the generated teams as `arbejdsplads` directly under their
workplace's area, for checkouts from before issue #17 whose import refuses the level "team"
and a workplace under a workplace (see README.md: "before" figures).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from pagebench import setup_django


def _classic(units: list[dict[str, str]]) -> list[dict[str, str]]:
    """Teams as workplaces under the area of their workplace (the classic four levels)."""
    parent_of = {row["enhedskode"]: row["overordnet_enhedskode"] for row in units}
    rows = []
    for row in units:
        if row["niveau"] == "team":
            row = {
                **row,
                "niveau": "arbejdsplads",
                "overordnet_enhedskode": parent_of[row["overordnet_enhedskode"]],
            }
        rows.append(row)
    return rows


def _csv(header: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, delimiter=";", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _changed(persons: list[dict[str, str]]) -> list[dict[str, str]]:
    """1 % of the persons with a new job title; every tenth of those (staff only) moved to the
    unit and leader of another staff member."""
    staff = [p for p in persons if p["er_leder"] == "nej"]
    rows = [dict(p) for p in persons]
    step = 100
    for n, index in enumerate(range(0, len(rows), step)):
        row = rows[index]
        row["stilling"] = f"{row['stilling']} (ændret)"
        if n % 10 == 0 and row["er_leder"] == "nej":
            other = staff[(n * 7919) % len(staff)]
            row["enhedskode"] = other["enhedskode"]
            row["leder_medarbejdernummer"] = other["leder_medarbejdernummer"]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--persons", type=int, default=30_824)
    parser.add_argument("--units", type=int, default=1_662)
    parser.add_argument("--classic-tree", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true")
    parser.add_argument("--invitations", action="store_true")
    args = parser.parse_args()
    # invitations (accounts, persons_created hook) are one mail per new person; off unless asked
    os.environ.setdefault("LEDERSPOR_LOCAL_PASSWORDS", "1" if args.invitations else "0")
    # the default row limit (LEDERSPOR_IMPORT_MAX_ROWS, 20,000) is below the municipality
    os.environ.setdefault("LEDERSPOR_IMPORT_MAX_ROWS", "100000")
    setup_django("import")

    from baseline import baseline_seconds
    from django.core.management import call_command
    from django.db import connection

    from lederspor.people.generator import PERSON_HEADER, UNIT_HEADER, generate_municipality
    from lederspor.people.importing import import_persons, import_units

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    town = generate_municipality(persons=args.persons, units=args.units)
    units = _classic(town.units) if args.classic_tree else town.units
    folder = Path(tempfile.mkdtemp())
    files = {
        "units": folder / "enheder.csv",
        "persons": folder / "personer.csv",
        "changed": folder / "personer-aendret.csv",
    }
    files["units"].write_bytes(_csv(UNIT_HEADER, units))
    files["persons"].write_bytes(_csv(PERSON_HEADER, town.persons))
    files["changed"].write_bytes(_csv(PERSON_HEADER, _changed(town.persons)))
    print(
        f"# {connection.vendor}: {len(units)} units, {len(town.persons)} persons"
        f"{' (classic tree)' if args.classic_tree else ''}; "
        f"persons file {files['persons'].stat().st_size / 1e6:.1f} MB"
    )
    base = baseline_seconds()

    steps = (
        ("units import", import_units, "units", False),
        ("persons dry run (first)", import_persons, "persons", True),
        ("persons first import", import_persons, "persons", False),
        ("persons unchanged re-import", import_persons, "persons", False),
        ("persons 1 % changed re-import", import_persons, "changed", False),
        ("persons dry run (unchanged)", import_persons, "changed", True),
    )
    header = "step,seconds,cpu_seconds,ratio,statements,created,updated,unchanged,max_rss_mb"
    print(header + (",traced_peak_mb" if args.tracemalloc else ""))
    for name, importer, key, dry_run in steps:
        statements = 0

        def counter(execute, sql, params, many, context):
            nonlocal statements
            statements += 1
            return execute(sql, params, many, context)

        if args.tracemalloc:
            tracemalloc.start()
        with connection.execute_wrapper(counter), files[key].open("rb") as handle:
            started, cpu = time.perf_counter(), time.process_time()
            result = importer(file=handle, filename=files[key].name, by=None, dry_run=dry_run)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
        traced = ""
        if args.tracemalloc:
            traced = f",{tracemalloc.get_traced_memory()[1] / 1e6:.0f}"
            tracemalloc.stop()
        if result.errors:
            raise SystemExit(f"{name}: {len(result.errors)} errors, first: {result.errors[0]}")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name},{seconds:.2f},{cpu:.2f},{seconds / base:.1f},{statements},{result.created},"
            f"{result.updated},{result.unchanged},{rss:.0f}{traced}"
        )
    print(f"# reference workload (baseline.py): {base:.3f} s")


if __name__ == "__main__":
    main()
