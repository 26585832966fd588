"""URLs of the accounts app (under /konto/)."""

from django.urls import URLPattern, URLResolver, path

from lederspor.accounts import account_views, invitations, passwords, session_views, two_factor

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", account_views.account, name="account"),
    # two-factor sign-in (accounts/two_factor.py); TwoFactorRequiredMiddleware lets every
    # name starting with "two_factor" through
    path("to-faktor/", two_factor.two_factor_manage, name="two_factor"),
    path("to-faktor/opsaet/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("to-faktor/bekraeft/", two_factor.two_factor_verify_view, name="two_factor_verify"),
    path("to-faktor/gendannelseskoder/", two_factor.two_factor_codes, name="two_factor_codes"),
    path(
        "to-faktor/gendannelseskoder/nye/",
        two_factor.two_factor_codes_new,
        name="two_factor_codes_new",
    ),
    path("to-faktor/fjern/", two_factor.two_factor_remove_view, name="two_factor_remove"),
    # the session's keepalive (accounts/session_views.py)
    path("session/forny/", session_views.session_keepalive, name="session_keepalive"),
    # local passwords (issue #12 §2): reset by e-mail, change, invitations
    path(
        "glemt-adgangskode/",
        passwords.PasswordResetRequestView.as_view(),
        name="password_reset",
    ),
    path(
        "glemt-adgangskode/sendt/",
        passwords.PasswordResetSentView.as_view(),
        name="password_reset_done",
    ),
    path(
        "ny-adgangskode/gemt/",
        passwords.PasswordResetDoneView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "ny-adgangskode/<uidb64>/<token>/",
        passwords.PasswordResetSetView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "skift-adgangskode/",
        passwords.PasswordChangeFormView.as_view(),
        name="password_change",
    ),
    path(
        "skift-adgangskode/gemt/",
        passwords.PasswordChangedView.as_view(),
        name="password_change_done",
    ),
    path(
        "invitation/<uidb64>/<token>/",
        invitations.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "invitation/person/<int:pk>/send/",
        invitations.invitation_send_view,
        name="invitation_send",
    ),
]
