from django.urls import path

from lederspor.people import views

app_name = "people"
urlpatterns = [
    path("import/", views.import_org, name="import"),
]
