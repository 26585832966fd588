from django.urls import path

from lederspor.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("katalog/", views.task_list, name="task_list"),
    path("katalog/udskriv/", views.task_print, name="task_print"),
    path("katalog/<int:number>/", views.task_detail, name="task_detail"),
    # issue #16 §1: HR staff edit the task's texts
    path("katalog/<int:number>/rediger/", views.task_content_edit, name="task_content_edit"),
    path(
        "katalog/<int:number>/historik/",
        views.task_content_history,
        name="task_content_history",
    ),
    path("opgaver/hold/<int:pk>/", views.cohort_tasks, name="cohort_tasks"),
    path("opgaver/ny/<int:enrolment_pk>/", views.assignment_create, name="assignment_create"),
    path("opgaver/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("opgaver/<int:pk>/rediger/", views.assignment_edit, name="assignment_edit"),
    path("opgaver/<int:pk>/opfoelgning/", views.assignment_follow_up, name="assignment_follow_up"),
    path("opgaver/<int:pk>/note/", views.assignment_note, name="assignment_note"),
    path("opgaver/<int:pk>/trin/<int:step_pk>/", views.assignment_step, name="assignment_step"),
    path(
        "opgaver/<int:pk>/<slug:step>/", views.assignment_transition, name="assignment_transition"
    ),
]
