"""URLs of bulk mail, mounted at /faellesmail/ (Danish paths)."""

from django.urls import path

from lederspor.mailings import views

app_name = "mailings"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.compose, name="compose"),
    path("hold/<int:pk>/", views.cohort_list, name="cohort_list"),
    path("<int:pk>/", views.detail, name="detail"),
    path("skabeloner/", views.template_list, name="templates"),
    path("skabeloner/<int:pk>/", views.template_edit, name="template_edit"),
]
