"""URLs of the ground floor: the language switch in every page's header, the icon browsers
ask for at /favicon.ico (the admin's pages name none), the search behind every picker
(/valg/<key>/, core.combobox) and the load balancer's health check (/health/, answered by
core.health.HealthCheckMiddleware before it gets here)."""

from django.urls import path

from lederspor.core import health, views

app_name = "core"
urlpatterns = [
    path("sprog/", views.language_set, name="language"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("health/", health.health, name="health"),
    path("valg/<str:key>/", views.picker_search, name="picker"),
]
