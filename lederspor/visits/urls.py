"""URLs for job visits, mounted at /jobbesoeg/ (Danish paths)."""

from django.urls import path

from lederspor.visits import views

app_name = "visits"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("par/<int:pk>/", views.pair_detail, name="pair_detail"),
    path("besoeg/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("besoeg/<int:pk>/planlaeg/", views.visit_plan, name="visit_plan"),
    path("besoeg/<int:pk>/skriv/<slug:section>/", views.visit_write, name="visit_write"),
    path("besoeg/<int:pk>/status/<slug:action>/", views.visit_transition, name="visit_transition"),
    path("besoeg/<int:pk>/refleksion/", views.visit_reflection_plan, name="visit_reflection_plan"),
    path("temaer/<int:pk>/", views.themes_edit, name="themes_edit"),
    path("hold/", views.cohort_list, name="cohort_list"),
    path("hold/<int:pk>/", views.cohort_overview, name="cohort_overview"),
    path("hold/<int:pk>/tilmeld/", views.enrol, name="enrol"),
    path("hold/<int:pk>/dan-par/", views.pairs_make, name="pairs_make"),
    path("hold/<int:pk>/byt/", views.pair_swap, name="pair_swap"),
    path("hold/<int:pk>/offentliggoer/", views.pairs_publish, name="pairs_publish"),
    path("hold/<int:pk>/opsamling/", views.wrap_up_compose, name="wrap_up_compose"),
    path("hold/<int:pk>/guide.pdf", views.guide_pdf, name="guide_pdf"),
    path("hold/<int:pk>/genaabn/<int:visit_pk>/", views.visit_reopen, name="visit_reopen"),
    path("opsamling/<int:pk>/", views.wrap_up_detail, name="wrap_up_detail"),
    path("opsamling/<int:pk>/book/", views.wrap_up_book, name="wrap_up_book"),
]
