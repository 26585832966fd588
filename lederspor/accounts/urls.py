"""URLs of the accounts app (under /konto/)."""

from django.urls import URLPattern, URLResolver, path

from lederspor.accounts import session_views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("session/forny/", session_views.session_keepalive, name="session_keepalive"),
]
