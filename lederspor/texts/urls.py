"""/tekster/: the editable texts (issue #16 §1)."""

from django.urls import path

from lederspor.texts import views

app_name = "texts"

urlpatterns = [
    path("", views.text_list, name="list"),
    path("<str:key>/", views.text_edit, name="edit"),
    path("<str:key>/versioner/<int:number>/", views.text_version, name="version"),
    path("<str:key>/versioner/<int:number>/gendan/", views.text_restore, name="restore"),
    path("<str:key>/ny-standard/", views.text_accept_default, name="accept_default"),
]
