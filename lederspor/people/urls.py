from django.urls import path

from lederspor.people import views

app_name = "people"
urlpatterns = [
    path("import/", views.import_org, name="import"),
    path("import/<int:pk>/", views.import_run, name="import_run"),
    path("import/<int:pk>/status/", views.import_run_progress, name="import_run_progress"),
    path("import/<int:pk>/bekraeft/", views.import_run_confirm, name="import_run_confirm"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
]
