"""URLs of `benchmarks/pages.py`: the project's URLs plus a bare logged-in view at
`/__bench_bare__/` (`HttpResponse("ok")` behind the same middleware), the yardstick every page
is measured against. Benchmark-only."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from lederspor.urls import urlpatterns as project_urlpatterns


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The bare logged-in view: no template, no query of its own."""
    return HttpResponse("ok")


urlpatterns = [path("__bench_bare__/", bare), *project_urlpatterns]
