"""URLs of the API app's pages (under /api/): the administrators' API tokens page. The API
itself is `lederspor.api.v1.api`, mounted at /api/v1/ in `lederspor/urls.py`."""

from django.urls import URLPattern, URLResolver, path

from lederspor.api import views

app_name = "api"
urlpatterns: list[URLPattern | URLResolver] = [
    path("noegler/", views.token_list, name="token_list"),
    path("noegler/<int:pk>/tilbagekald/", views.token_revoke, name="token_revoke"),
]
