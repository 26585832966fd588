from django.urls import path

from lederspor.site import views

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("forloeb/mine-medarbejdere/", views.my_reports, name="my_reports"),
    path("forloeb/mit-omraade/", views.chef_area, name="chef_area"),
]
