"""The sign-in page: the municipality's SSO button and, where the municipality keeps them, the
local password form (issue #12 §1–2)."""

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase

from lederspor.core.forms import LoginForm

#: the session key that says how the person signed in: "password" (the local form) or "sso"
#: (the OpenID provider); the two-factor requirement applies to "password" only
AUTH_METHOD_SESSION_KEY = "lederspor_auth_method"


def signed_in_with_sso(request: HttpRequest) -> bool:
    """Whether this session was signed in through the municipality's SSO (not a password)."""
    return request.session.get(AUTH_METHOD_SESSION_KEY) == "sso"


def sso_enabled() -> bool:
    """Whether sign-in through the municipality's OpenID provider is configured
    (`settings.LEDERSPOR_SSO_ENABLED`, set from the environment: docs/sso.md)."""
    return bool(getattr(settings, "LEDERSPOR_SSO_ENABLED", False))


def local_passwords_enabled() -> bool:
    """Whether local passwords are on (`settings.LEDERSPOR_LOCAL_PASSWORDS`, environment
    variable of the same name; on by default and in the demo). Off: the password form, reset,
    change and invitation pages are gone and the SSO button is the only way in."""
    return bool(getattr(settings, "LEDERSPOR_LOCAL_PASSWORDS", True))


class SignInView(auth_views.LoginView):
    """Django's LoginView on `registration/login.html`, with the SSO button when SSO is
    configured and the password form only while local passwords are on (a POST with local
    passwords off is 404). Records in the session that the person signed in with a password."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method == "POST" and not local_passwords_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        self.request.session[AUTH_METHOD_SESSION_KEY] = "password"
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["local_passwords"] = local_passwords_enabled()
        context["sso_enabled"] = sso_enabled()
        context["sso_label"] = getattr(settings, "LEDERSPOR_SSO_LABEL", "")
        return context
