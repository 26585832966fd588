"""Top-level URL configuration."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from lederspor.accounts.sso_views import SignOutView
from lederspor.accounts.views import SignInView
from lederspor.api.v1 import api as api_v1

admin.site.site_header = "Lederspor – administration"
admin.site.site_title = "Lederspor"

urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", SignOutView.as_view(), name="logout"),
    # SSO: /oidc/authenticate/ and /oidc/callback/ (our views via OIDC_*_CLASS in settings)
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("konto/", include("lederspor.accounts.urls")),
    # Django's English address (issue #12: it was 404) leads to the Danish page
    path("password_reset/", RedirectView.as_view(pattern_name="accounts:password_reset")),
    path("admin/", admin.site.urls),
    path("", include("lederspor.core.urls")),
    path("", include("lederspor.site.urls")),
    path("organisation/", include("lederspor.people.urls")),
    path("forloeb/", include("lederspor.programmes.urls")),
    path("", include("lederspor.catalogue.urls")),
    path("netvaerksgrupper/", include("lederspor.grouping.urls")),
    path("jobbesoeg/", include("lederspor.visits.urls")),
    path("e-mails/", include("lederspor.notifications.urls")),
    path("kompetence/", include("lederspor.competence.urls")),
    path("kompetence/", include("lederspor.licences.urls")),
    path("samtaler/", include("lederspor.conversations.urls")),
    path("laeringsaftaler/", include("lederspor.agreements.urls")),
    path("logbog/", include("lederspor.logbook.urls")),
    path("leder-paa-spring/", include("lederspor.clarification.urls")),
    path("ledertrainee/", include("lederspor.trainee.urls")),
    path("rapporter/", include("lederspor.reports.urls")),
    # the JSON API (docs/api.md): version 1 with its schema and docs, and the tokens page
    path("api/v1/", api_v1.urls),
    path("api/", include("lederspor.api.urls")),
    path("evalueringer/", include("lederspor.evaluations.urls")),
    path("faellesmail/", include("lederspor.mailings.urls")),
    path("tekster/", include("lederspor.texts.urls")),
    # privacy: /databeskyttelse/ (the data-protection role), /mine-data/, /privatlivspolitik/
    path("", include("lederspor.privacy.urls")),
]
