"""Front pages of the demo municipality, per role: what "Venter på dig" (issue #16 §2) costs.

    uv run python benchmarks/front_pages.py [--runs 15]
    DATABASE_URL=postgres://… uv run python benchmarks/front_pages.py

Builds the demo municipality (`lederspor.site.demo.build_demo`, today) in a fresh database (a
temporary SQLite file unless DATABASE_URL is set; flushed first), signs in as each demo role and
times the front page (`/`). Prints CSV `role,queries,median_ms,ratio_to_bare` (the ratio to a
bare signed-in view behind the same middleware, measured in the same run), then the reference
workload of `baseline.py`. The same script runs on a checkout from before issue #16 (copy it
and `pagebench.py` there) to compare the front pages before and after: see the README.
"""

from __future__ import annotations

import argparse
import statistics
import time

from pagebench import BARE_PATH, add_bare_view, setup_django

#: the demo roles whose front pages are timed
ROLES = ("konsulent", "leder", "chef", "aspirant", "vaert", "trainee", "hr-konsulent")


def _median_ms(call, runs: int) -> float:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    setup_django("front")
    add_bare_view()

    from baseline import baseline_seconds
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from lederspor.core.models import User
    from lederspor.site.demo import build_demo

    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    started = time.perf_counter()
    logins = build_demo()
    print(f"# built the demo in {time.perf_counter() - started:.1f} s")
    emails = dict(logins)
    base = baseline_seconds()
    rows = []
    for role in ("bare", *ROLES):
        client = Client()
        email = emails[role] if role != "bare" else emails["konsulent"]
        client.force_login(
            User.objects.get(email=email), backend="lederspor.core.auth.EmailBackend"
        )
        url = BARE_PATH if role == "bare" else "/"
        assert client.get(url, secure=True).status_code == 200, (role, url)
        statements: list[str] = []

        def counter(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            client.get(url, secure=True)
        ms = _median_ms(lambda client=client, url=url: client.get(url, secure=True), args.runs)
        rows.append((role, len(statements), ms))
    bare = rows[0][2]
    print("role,queries,median_ms,ratio_to_bare")
    for role, queries, ms in rows:
        print(f"{role},{queries},{ms:.1f},{ms / bare:.1f}")
    print(f"# reference workload (baseline.py): {base:.3f} s")


if __name__ == "__main__":
    main()
