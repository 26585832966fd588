from django.urls import path

from lederspor.trainee import views

app_name = "trainee"
urlpatterns = [
    path("<int:pk>/effekt/", views.effects, name="effects"),
    path("<int:pk>/persontest/", views.personality_test, name="personality_test"),
    path("<int:pk>/resultat/", views.outcome, name="outcome"),
    path("hold/<int:pk>/", views.cohort_summary, name="cohort_summary"),
    path("hold/<int:pk>/take-off/", views.take_off, name="take_off"),
    path("hold/<int:pk>/faelles-opstart/", views.joint_start, name="joint_start"),
]
