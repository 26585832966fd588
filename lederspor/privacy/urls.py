"""The privacy pages' addresses (docs/privacy.md "Pages"), included at the site's root."""

from django.urls import path

from lederspor.privacy import views

app_name = "privacy"
urlpatterns = [
    path("databeskyttelse/", views.overview, name="overview"),
    path("databeskyttelse/laeselog/", views.read_log, name="read_log"),
    path("databeskyttelse/personer/<int:pk>/udtraek/", views.person_export, name="person_export"),
    path("databeskyttelse/personer/<int:pk>/sletning/", views.erasure, name="erasure"),
    path("mine-data/", views.my_data, name="my_data"),
    path("mine-data/udtraek/", views.my_data_export, name="my_data_export"),
    path("privatlivspolitik/", views.notice, name="notice"),
]
