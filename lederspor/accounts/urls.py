"""URLs of the accounts app (under /konto/)."""

from django.urls import URLPattern, URLResolver, path

from lederspor.accounts import session_views, two_factor

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
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
]
