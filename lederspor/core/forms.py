"""Sign-in form with Danish labels (e-mail instead of user name), and typed access to a form's
fields."""

from typing import TypeVar

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


_F = TypeVar("_F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[_F]) -> _F:
    """`form.fields[name]` as the field class the form declares it with, so a constructor can
    set, say, a `ModelChoiceField`'s queryset with its type known (`form.fields` holds plain
    `Field`s). A field of another class is a programming error: TypeError."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}")
    return field
