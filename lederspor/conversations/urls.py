"""URLs of conversations (issue #3 §1) under /samtaler/."""

from django.urls import path

from lederspor.conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.conversation_list, name="list"),
    path("skabeloner/", views.template_list, name="template_list"),
    path("skabeloner/<slug:kind>/", views.template_detail, name="template_detail"),
    path("skabeloner/<slug:kind>/rediger/", views.template_edit, name="template_edit"),
    path("plan/<int:enrolment_pk>/", views.plan, name="plan"),
    path("plan/opgave/<int:assignment_pk>/", views.plan_task_followup, name="plan_task"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/referat/", views.record, name="record"),
    path("<int:pk>/forberedelse/", views.prepare, name="prepare"),
    path("<int:pk>/flyt/", views.reschedule, name="reschedule"),
    path("<int:pk>/aflys/", views.cancel, name="cancel"),
    path("<int:pk>/afholdt/", views.mark_held, name="held"),
    path("<int:pk>/bekraeft/", views.confirm, name="confirm"),
    path("<int:pk>/karriere/", views.career, name="career"),
    path("<int:pk>/aftaler/", views.action_add, name="action_add"),
    path("<int:pk>/aftaler/<int:action_pk>/udfoert/", views.action_done, name="action_done"),
    path("<int:pk>/resume.pdf", views.summary_pdf, name="summary_pdf"),
    path("<int:pk>/brev-til-vaert.pdf", views.host_letter_pdf, name="host_letter_pdf"),
]
