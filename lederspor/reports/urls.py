from django.urls import path

from lederspor.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report, name="programme"),
    path("ledere/", views.report, {"key": "leaders"}, name="leaders"),
    path("effekt/", views.report, {"key": "effects"}, name="effects"),
    path("mangfoldighed/", views.report, {"key": "diversity"}, name="diversity"),
    path("evalueringer/", views.report, {"key": "evaluations"}, name="evaluations"),
]
