"""URLs for the per-request budget tests: the project's URLs plus a bare signed-in view
(`HttpResponse("ok")` behind the same middleware) and an empty page with the menu (base.html)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """The bare view issue #17 compares every page with."""
    return HttpResponse("ok")


@login_required
def base_page(request: HttpRequest) -> HttpResponse:
    """An empty page with the layout and the menu."""
    return render(request, "site/empty.html")


urlpatterns = [
    path("_budget/bare/", bare, name="budget_bare"),
    path("_budget/base/", base_page, name="budget_base"),
    path("", include("lederspor.urls")),
]
