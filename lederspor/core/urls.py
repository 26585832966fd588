"""URLs of the ground floor: the language switch in every page's header."""

from django.urls import path

from lederspor.core import views

app_name = "core"
urlpatterns = [
    path("sprog/", views.language_set, name="language"),
]
