"""URLs of the ground floor: the language switch in every page's header and the icon browsers
ask for at /favicon.ico (the admin's pages name none), and the search behind every picker
(/valg/<key>/, core.combobox)."""

from django.urls import path

from lederspor.core import views

app_name = "core"
urlpatterns = [
    path("sprog/", views.language_set, name="language"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("valg/<str:key>/", views.picker_search, name="picker"),
]
