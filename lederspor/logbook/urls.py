"""URLs of the logbook (issue #3 §3), mounted at /logbog/."""

from django.urls import path

from lederspor.logbook import views

app_name = "logbook"

urlpatterns = [
    path("", views.entry_list, name="entry_list"),
    path("ny/", views.entry_create_view, name="entry_create"),
    path("fortryd/", views.entry_restore_view, name="entry_restore"),
    path("gruppe/", views.group_entries, name="group_entries"),
    path("deltager/<int:enrolment_pk>/", views.shared_with_me, name="shared_with_me"),
    path("<int:pk>/", views.entry_detail, name="entry_detail"),
    path("<int:pk>/rediger/", views.entry_edit, name="entry_edit"),
    path("<int:pk>/del/", views.entry_share_view, name="entry_share"),
    path("<int:pk>/slet/", views.entry_delete_view, name="entry_delete"),
]
