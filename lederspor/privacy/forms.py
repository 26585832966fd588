"""Forms of the privacy pages: the read-log search and the erasure confirmation (Danish)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lederspor.privacy.models import RecordKind


class DateInput(forms.DateInput):
    """A browser date picker that posts ISO dates (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReadLogFilterForm(forms.Form):
    """The read-log page's GET filters (all optional; a bad date gets a Danish error and the
    page shows no rows until it is fixed)."""

    reader = forms.CharField(
        label=_("Læser"),
        required=False,
        max_length=200,
        help_text=_("Navn eller e-mail på den, der har læst."),
    )
    subject = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=200,
        help_text=_("Navn, e-mail eller medarbejdernummer på den, der er læst om."),
    )
    #: a person's id from a link ("Læselog om personen"); wins over `subject`
    person = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    date_from = forms.DateField(label=_("Fra dato"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Til dato"), required=False, widget=DateInput())
    kind = forms.ChoiceField(
        label=_("Slags oplysninger"),
        required=False,
        choices=[("", _("Alle slags")), *RecordKind.choices],
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Til-datoen ligger før fra-datoen."))
        return data


class ErasureForm(forms.Form):
    """The erasure confirmation: why (kept in the audit log) and that the request was checked."""

    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Fx »Anmodning om sletning modtaget 3. marts, sag 2026-1234«. "
            "Begrundelsen gemmes i hændelsesloggen."
        ),
        error_messages={"required": _("Skriv en begrundelse for sletningen.")},
    )
    confirm = forms.BooleanField(
        label=_(
            "Jeg har kontrolleret anmodningen og personens identitet, og jeg ved, at "
            "sletningen ikke kan fortrydes."
        ),
        error_messages={
            "required": _("Bekræft, at du har kontrolleret anmodningen, før du sletter.")
        },
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data.get("reason", "")).strip()
        if not reason:
            raise forms.ValidationError(_("Skriv en begrundelse for sletningen."))
        return reason
