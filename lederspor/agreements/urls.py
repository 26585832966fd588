"""URLs of learning agreements, under /laeringsaftaler/."""

from django.urls import path

from lederspor.agreements import views

app_name = "agreements"
urlpatterns = [
    path("<int:enrolment_pk>/", views.enrolment_agreement, name="enrolment_agreement"),
    path("<int:enrolment_pk>/opret/", views.agreement_create_view, name="agreement_create"),
    path("aftale/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("aftale/<int:pk>/rediger/", views.agreement_edit, name="agreement_edit"),
    path("aftale/<int:pk>/godkend/", views.agreement_approve_view, name="agreement_approve"),
    path("aftale/<int:pk>/aendr/", views.agreement_revise_view, name="agreement_revise"),
    path(
        "aftale/<int:pk>/byggeklods/<int:block_pk>/",
        views.block_execution,
        name="block_execution",
    ),
    path("aftale/<int:pk>/pdf/", views.agreement_pdf, name="agreement_pdf"),
]
