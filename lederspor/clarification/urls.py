from django.urls import path

from lederspor.clarification import views

app_name = "clarification"
urlpatterns = [
    path("hold/<int:pk>/", views.cohort_page, name="cohort"),
    path(
        "hold/<int:pk>/undervisningsdage/",
        views.teaching_days_create,
        name="teaching_days_create",
    ),
    path("hold/<int:pk>/mail/", views.mailing_edit, name="mailing_edit"),
    path("hold/<int:pk>/mail/send/", views.mailing_send_missing, name="mailing_send_missing"),
    path("hold/<int:pk>/mail/artikel/", views.attachment_add, name="attachment_add"),
    path("hold/<int:pk>/lederindlaeg/", views.talk_list, name="talk_list"),
    path("artikel/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("artikel/<int:pk>/slet/", views.attachment_delete, name="attachment_delete"),
    path("undervisningsdag/<int:pk>/hjemmeopgave/", views.homework_create, name="homework_create"),
    path("hjemmeopgave/<int:pk>/slet/", views.homework_delete, name="homework_delete"),
    path("hjemmeopgave/<int:pk>/udfoert/", views.homework_mark, name="homework_mark"),
    path("deltagelse/<int:pk>/jti-besvaret/", views.jti_answered, name="jti_answered"),
    path("deltagelse/<int:pk>/jti-samtale/", views.jti_book, name="jti_book"),
    path("deltagelse/<int:pk>/lederindlaeg/", views.talk_edit, name="talk_edit"),
    path("deltagelse/<int:pk>/kursusbevis.pdf", views.certificate_pdf, name="certificate"),
    path("lederindlaeg/<int:pk>/", views.talk_detail, name="talk_detail"),
    path("lederindlaeg/<int:pk>/feedback/", views.feedback_edit, name="feedback_edit"),
]
