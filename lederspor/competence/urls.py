"""URLs of the competence-development planner (issue #5); kørekort has its own (`licences.urls`)."""

from django.urls import path

from lederspor.competence import views

app_name = "competence"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("ny/", views.plan_create_view, name="plan_create"),
    path("eksempler/", views.examples_page, name="examples"),
    path("lynguide.pdf", views.lynguide_pdf, name="lynguide"),
    path("fortryd/", views.plan_restore_view, name="plan_restore"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/felt/<str:field>/", views.plan_field, name="plan_field"),
    path("<int:pk>/deltagere/", views.plan_participants, name="plan_participants"),
    path("<int:pk>/status/", views.plan_status, name="plan_status"),
    path("<int:pk>/evaluering/", views.plan_evaluate_view, name="plan_evaluate"),
    path("<int:pk>/kopier/", views.plan_copy_view, name="plan_copy"),
    path("<int:pk>/slet/", views.plan_delete_view, name="plan_delete"),
    path("<int:pk>/pdf/", views.plan_pdf, name="plan_pdf"),
]
