"""URLs of `benchmarks/pages.py`: the project's URLs plus a bare logged-in view at
`/__bench_bare__/` (`HttpResponse("ok")` behind the same middleware), the yardstick every page
is measured against, and the base layout alone at `/__bench_empty__/` (`site/empty.html`: the
menu, the header and the footer around an empty page; issue #17's "base layout only").
Benchmark-only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from lederspor.urls import urlpatterns as project_urlpatterns


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The bare logged-in view: no template, no query of its own."""
    return HttpResponse("ok")


@login_required
def empty(request: HttpRequest) -> HttpResponse:
    """The base layout around an empty page (the template the request-budget tests use)."""
    return render(request, "site/empty.html")


urlpatterns = [
    path("__bench_bare__/", bare),
    path("__bench_empty__/", empty),
    *project_urlpatterns,
]
