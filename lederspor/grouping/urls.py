"""Network groups composed "så mangfoldigt som muligt" (seed 002 §6, seed 000; issue #4 §2)."""

from django.urls import path

from lederspor.grouping import views

app_name = "grouping"
urlpatterns = [
    path("hold/<int:cohort_pk>/", views.round_list, name="round_list"),
    path("runde/<int:pk>/", views.round_detail, name="round_detail"),
    path("runde/<int:pk>/kriterier/", views.round_settings, name="round_settings"),
    path("runde/<int:pk>/sammensaet/", views.round_compose, name="round_compose"),
    path("runde/<int:pk>/offentliggoer/", views.round_publish, name="round_publish"),
    path("medlem/<int:pk>/flyt/", views.membership_move, name="membership_move"),
    path("medlem/<int:pk>/laas/", views.membership_lock, name="membership_lock"),
    path("gruppe/<int:pk>/opgaver/", views.group_tasks, name="group_tasks"),
    path("deltagelse/<int:pk>/jti/", views.enrolment_jti, name="enrolment_jti"),
]
