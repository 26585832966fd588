"""Settings of `benchmarks/pages.py`: the project's settings (production-like when DEBUG is off)
with `bench_urls` as ROOT_URLCONF, which adds the bare logged-in view. Benchmark-only: never
used by the project itself.

    DJANGO_SETTINGS_MODULE=benchmarks.bench_settings   # with the repository root on sys.path
"""

from lederspor.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
