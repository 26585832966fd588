"""The load of `benchmarks/pages.py`: each simulated client signs in by a role's session cookie
and requests the pages of the issue's table in turn, at random, without pause. Not run on its
own: `pages.py` writes the plan (page names, URLs, cookies) to the JSON file named by
BENCH_PAGES_PLAN and starts locust headless against 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import random

from locust import HttpUser, task

with open(os.environ["BENCH_PAGES_PLAN"], encoding="utf-8") as _plan_file:
    PLAN = json.load(_plan_file)


class PageUser(HttpUser):
    """A signed-in user opening the benchmark's pages, one after the other."""

    def on_start(self) -> None:
        """Pick this client's own order of the pages (seeded, so runs are alike)."""
        self.rng = random.Random(id(self))

    @task
    def open_page(self) -> None:
        """One page of the mix, as a browser behind a TLS proxy asks for it."""
        name, url, cookie = self.rng.choice(PLAN["pages"])
        self.client.get(
            url,
            name=name,
            headers={
                "Cookie": f"{PLAN['cookie_name']}={cookie}",
                "X-Forwarded-Proto": "https",
            },
            allow_redirects=False,
        )
