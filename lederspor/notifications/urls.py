from django.urls import path

from lederspor.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.email_list, name="email_list"),
    path("<int:pk>/send-igen/", views.email_retry, name="email_retry"),
]
