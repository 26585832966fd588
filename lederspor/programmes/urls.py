from django.urls import path

from lederspor.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("skabelon/<slug:key>/", views.programme_detail, name="programme_detail"),
    # --- issue #16 §1: HR staff edit the template's texts (programme, phase, element)
    path(
        "skabelon/<slug:key>/rediger/",
        views.template_content_edit,
        name="programme_content_edit",
    ),
    path(
        "skabelon/<slug:key>/historik/",
        views.template_content_history,
        name="programme_content_history",
    ),
    path(
        "skabelon/<slug:key>/fase/<int:order>/rediger/",
        views.template_content_edit,
        name="phase_content_edit",
    ),
    path(
        "skabelon/<slug:key>/fase/<int:order>/historik/",
        views.template_content_history,
        name="phase_content_history",
    ),
    path(
        "skabelon/<slug:key>/fase/<int:order>/element/<int:element>/rediger/",
        views.template_content_edit,
        name="element_content_edit",
    ),
    path(
        "skabelon/<slug:key>/fase/<int:order>/element/<int:element>/historik/",
        views.template_content_history,
        name="element_content_history",
    ),
    # --- end issue #16 §1
    path("hold/", views.cohort_list, name="cohort_list"),
    path("hold/arkiv/", views.cohort_archive, name="cohort_archive"),
    path("hold/nyt/", views.cohort_create, name="cohort_create"),
    path("hold/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("hold/<int:pk>/rediger/", views.cohort_edit, name="cohort_edit"),
    path("hold/<int:pk>/moedegang/ny/", views.session_create, name="session_create"),
    path("moedegang/<int:pk>/rediger/", views.session_edit, name="session_edit"),
    path("moedegang/<int:pk>/slet/", views.session_delete, name="session_delete"),
    path("moedegang/<int:pk>/fremmoede/", views.session_attendance, name="session_attendance"),
    # --- issue #16 §3: the calendars and the iCalendar feed
    path("kalender/", views.schedule, name="schedule"),
    path("hold/<int:pk>/kalender/", views.cohort_calendar, name="cohort_calendar"),
    path("kalender/abonnement/", views.calendar_subscription, name="calendar_subscription"),
    path("kalender/feed/<str:token>/", views.calendar_feed, name="calendar_feed"),
    # --- end of issue #16 §3
    path("indstil/", views.nominate, name="nominate"),
    path("indstillinger/", views.nomination_queue, name="nomination_queue"),
    path("deltagelse/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("deltagelse/<int:pk>/godkend/", views.enrolment_approve, name="enrolment_approve"),
    path("deltagelse/<int:pk>/afvis/", views.enrolment_reject, name="enrolment_reject"),
    path("deltagelse/<int:pk>/udmeld/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("deltagelse/<int:pk>/gennemfoert/", views.enrolment_complete, name="enrolment_complete"),
    path("deltagelse/<int:pk>/genaabn/", views.enrolment_reopen, name="enrolment_reopen"),
    path("mit-forloeb/", views.my_programme, name="my_programme"),
    # --- waiting list (issue #16 §3)
    path("deltagelse/<int:pk>/venteliste/", views.enrolment_waitlist, name="enrolment_waitlist"),
    path("deltagelse/<int:pk>/giv-pladsen/", views.waitlist_give_place, name="waitlist_give_place"),
    path("deltagelse/<int:pk>/spring-over/", views.waitlist_skip, name="waitlist_skip"),
    # --- end of waiting list
]
