"""The form of the API tokens page."""

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lederspor.api.models import Scope
from lederspor.api.services import api_token_max_days
from lederspor.programmes.forms import DateInput


def default_expiry() -> dt.date:
    """A new token's default last day: one year from today, within the maximum."""
    return timezone.localdate() + dt.timedelta(days=min(365, api_token_max_days()))


class ApiTokenForm(forms.Form):
    """Create a token: a name, at least one scope and the last day it works."""

    name = forms.CharField(
        label=_("Navn"),
        max_length=100,
        help_text=_("Hvilken integration nøglen er til, fx “BI” eller “Lønsystemet”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Omfang"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nøglen kan kun læse det, du vælger her."),
    )
    expires_on = forms.DateField(
        label=_("Sidste gyldige dag"),
        widget=DateInput(),
        initial=default_expiry,
    )

    def clean_expires_on(self) -> dt.date:
        """The last day must lie after today and within `LEDERSPOR_API_TOKEN_MAX_DAYS`."""
        day: dt.date = self.cleaned_data["expires_on"]
        today = timezone.localdate()
        if day <= today:
            raise forms.ValidationError(gettext("Vælg en dag efter i dag."))
        if day > today + dt.timedelta(days=api_token_max_days()):
            raise forms.ValidationError(
                gettext("En API-nøgle kan højst gælde i %(days)d dage.")
                % {"days": api_token_max_days()}
            )
        return day

    def expires_at(self) -> dt.datetime:
        """The moment the token stops working: the end of the chosen day (local time)."""
        day: dt.date = self.cleaned_data["expires_on"] + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))

    def service_arguments(self, data: dict[str, Any]) -> dict[str, Any]:
        """The keyword arguments of `api_token_create` from the cleaned `data`."""
        return {
            "name": data["name"],
            "scopes": list(data["scopes"]),
            "expires_at": self.expires_at(),
        }
