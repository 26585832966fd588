"""URLs of the kørekort pages, under /kompetence/ beside the competence planner (seed 004 puts
kørekort in competence development; the paths predate the app and stay)."""

from django.urls import path

from lederspor.licences import views

app_name = "licences"

urlpatterns = [
    path("koerekort/", views.licence_list, name="licence_list"),
    path("koerekort/<int:pk>/", views.licence_task, name="licence_task"),
    path("koerekort/<int:pk>/rediger/", views.licence_task_edit, name="licence_task_edit"),
    path("koerekort/<int:pk>/krav/", views.licence_requirement_add, name="licence_requirement_add"),
    path(
        "koerekort/<int:pk>/krav/<int:requirement_pk>/fjern/",
        views.licence_requirement_remove,
        name="licence_requirement_remove",
    ),
    path("koerekort/<int:pk>/offentliggoer/", views.licence_publish, name="licence_publish"),
    path("koerekort/<int:pk>/tilbagetraek/", views.licence_unpublish, name="licence_unpublish"),
    path("koerekort/<int:pk>/praksisgennemgang/", views.licence_review, name="licence_review"),
    path("koerekort/<int:pk>/eksport.xlsx", views.licence_export, name="licence_export"),
    path("mine-koerekort/", views.my_licences, name="my_licences"),
]
