"""URLs of the accounts app (under /konto/)."""

from django.urls import URLPattern, URLResolver, path  # noqa: F401

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = []
