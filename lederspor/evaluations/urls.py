"""URLs of evaluations, mounted at /evalueringer/ (Danish paths)."""

from django.urls import path

from lederspor.evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("hold/<int:pk>/", views.cohort_list, name="cohort_list"),
    path("<int:pk>/", views.questionnaire_edit, name="edit"),
    path(
        "<int:pk>/spoergsmaal/<int:question_pk>/",
        views.question_update,
        name="question_update",
    ),
    path(
        "<int:pk>/spoergsmaal/<int:question_pk>/fjern/",
        views.question_remove,
        name="question_remove",
    ),
    path("<int:pk>/send/", views.questionnaire_schedule, name="schedule"),
    path("<int:pk>/luk/", views.questionnaire_close, name="close"),
    path("<int:pk>/resultater/", views.results, name="results"),
    path("<int:pk>/besvar/", views.answer, name="answer"),
    path("<int:pk>/tak/", views.thanks, name="thanks"),
    path("svar/<str:token>/", views.answer_token, name="answer_token"),
]
