"""Forms of bulk mail (issue #16 §3): the mailing (who and what) and the mail template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.mailings import merge
from lederspor.mailings.models import Audience, MailTemplate
from lederspor.mailings.pickers import MAILING_UNIT
from lederspor.mailings.selectors import Selection
from lederspor.people.models import OrgUnit
from lederspor.people.pickers import UnitPickerField
from lederspor.programmes.models import Cohort, Enrolment, Programme


class MergeFieldsChecked(forms.Form):
    """`subject` and `body` may name only the merge fields of `merge.FIELDS` (`merge.check`)."""

    def clean_subject(self) -> str:
        subject: str = self.cleaned_data["subject"]
        merge.check(subject)
        return subject

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        merge.check(body)
        return body


class MailingForm(MergeFieldsChecked):
    """Who gets the mail (a selection of enrolments and the audience) and what it says.

    `cohorts`: the viewer's mailable cohorts (`selectors.mailable_cohorts`); a cohort outside
    them is an invalid choice. `token`: the preview's one-time key, posted back with "Send".
    """

    audience = forms.ChoiceField(
        label=_("Modtagere"),
        choices=Audience.choices,
        initial=Audience.PARTICIPANTS,
        widget=forms.RadioSelect,
    )
    cohort = forms.ModelChoiceField(
        label=_("Hold"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("Alle hold"),
        error_messages={"invalid_choice": _("Vælg et af de hold, du kan sende mail til.")},
    )
    programme = forms.ModelChoiceField(
        label=_("Forløb"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("Alle forløb"),
    )
    unit = UnitPickerField(
        label=_("Enhed"),
        picker=MAILING_UNIT,
        queryset=OrgUnit.objects.order_by("name"),
        required=False,
        empty_choice_label=_("Alle enheder"),
        help_text=_(
            "Deltagere i enheden og i enhederne under den. Søg på enhedens navn; tom: alle."
        ),
    )
    statuses = forms.MultipleChoiceField(
        label=_("Deltagere med status"),
        choices=Enrolment.Status.choices,
        initial=[Enrolment.Status.ENROLLED],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én status.")},
    )
    template = forms.ModelChoiceField(
        queryset=MailTemplate.objects.all(), required=False, widget=forms.HiddenInput
    )
    subject = forms.CharField(
        label=_("Emne"),
        max_length=200,
        error_messages={"required": _("Skriv et emne.")},
        help_text=_("Skriv ikke fortrolige oplysninger i emnet."),
    )
    body = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": _("Skriv mailens tekst.")},
    )
    token = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts  # type: ignore[attr-defined]

    def selection(self) -> Selection:
        """The selection of a valid form."""
        d = self.cleaned_data
        return Selection(
            audience=d["audience"],
            statuses=tuple(d["statuses"]),
            cohort=d["cohort"],
            programme=d["programme"],
            unit=d["unit"],
        )


class TemplateForm(MergeFieldsChecked, VersionedForm):
    """A mail template's name, subject and text (merge fields checked); `version` as loaded."""

    name = forms.CharField(label=_("Navn"), max_length=120)
    subject = forms.CharField(label=_("Emne"), max_length=200)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 12}))
