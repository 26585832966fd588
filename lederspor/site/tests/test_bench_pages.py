"""`benchmarks/pages.py` names the pages of issue #17's table by URL: they must still resolve,
or the benchmark measures a 404 instead of the page (and a before/after comparison breaks)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def pages() -> ModuleType:
    saved = list(sys.path)
    try:
        return _load("pages")
    finally:
        sys.path[:] = saved


META = {
    "big_cohort": 1,
    "participant_enrolment": 2,
    "clar_enrolment": 3,
    "licence": 4,
    "round": 5,
    "forvaltning_persons": 9600,
}


def test_every_page_of_the_benchmark_resolves(pages: ModuleType) -> None:
    listed = pages.pages(META)
    assert {p.group for p in listed} == set(pages.TARGETS)
    sys.path.insert(0, str(BENCHMARKS.parent))
    try:
        # the project's pages and the benchmark's own (the empty page)
        urlconf = importlib.import_module("benchmarks.bench_urls")
    finally:
        sys.path.remove(str(BENCHMARKS.parent))
    for page in listed:
        try:
            match = resolve(urlsplit(page.url).path, urlconf=urlconf)
        except Resolver404:  # pragma: no cover - the failure this test is for
            pytest.fail(f"{page.name}: {page.url} does not resolve")
        assert match.func is not None


def test_an_unknown_page_would_be_caught(pages: ModuleType) -> None:
    """The check above can fail: a path that no longer exists does not resolve."""
    with pytest.raises(Resolver404):
        resolve("/forloeb/hold-findes-ikke/")


def test_the_bare_view_is_behind_the_sign_in(client, pages: ModuleType, settings) -> None:
    """The bench URLs add the bare view to the project's URLs, behind the sign-in."""
    settings.ROOT_URLCONF = "benchmarks.bench_urls"
    sys.path.insert(0, str(BENCHMARKS.parent))
    try:
        response = client.get(pages.BARE_PATH, secure=True)
    finally:
        sys.path.remove(str(BENCHMARKS.parent))
    assert response.status_code == 302
    assert "/login/" in response["Location"]
