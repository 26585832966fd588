from django.urls import path

from lederspor.people import views

app_name = "people"
urlpatterns = [
    path("import/", views.import_org, name="import"),
    path("personer/", views.person_list, name="person_list"),
    path("personer/<int:pk>/", views.person_detail, name="person_detail"),
]
