"""Sign-in form with Danish labels (e-mail instead of user name)."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's authentication form, labelled for e-mail sign-in."""

    username = forms.EmailField(
        label=_("E-mail"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("Forkert e-mail eller adgangskode. Prøv igen."),
        "inactive": _("Din konto er deaktiveret. Kontakt HR."),
    }
