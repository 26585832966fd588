"""Forms of the kørekort pages. Labels are Danish; choices of people come from the view."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.licences.models import LicenceLevel
from lederspor.licences.pickers import REVIEW_PERSON, REVIEWER, TASK_UNIT
from lederspor.people.models import OrgUnit, Person
from lederspor.people.pickers import PersonPickerField, UnitPickerField
from lederspor.programmes.forms import DateInput


class LicenceSearchForm(forms.Form):
    """Search the kørekort list by task title or unit."""

    q = forms.CharField(label=_("Søg"), required=False, max_length=100)


class LicenceTaskForm(forms.Form):
    """A kørekort task's title, description and validity (edit)."""

    title = forms.CharField(label=_("Opgave"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad opgaven rummer, og hvad de tre niveauer betyder her."),
    )
    valid_months = forms.IntegerField(
        label=_("Gyldighed i måneder"),
        required=False,
        min_value=1,
        max_value=240,
        help_text=_("Tom: kørekortet udløber ikke."),
    )


class LicenceTaskEditForm(VersionedForm, LicenceTaskForm):
    """Editing a kørekort task: its fields and the version the page was loaded with."""


class LicenceTaskCreateForm(LicenceTaskForm):
    """A new kørekort task in one of the units the viewer may manage."""

    unit = UnitPickerField(
        label=_("Enhed"), picker=TASK_UNIT, help_text=_("Søg på enhedens navn eller kode.")
    )
    field_order = ["unit", "title", "description", "valid_months"]

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unit", UnitPickerField).queryset = units


class LicenceRequirementForm(forms.Form):
    """A required level for everyone in the unit or for a profession and/or job title."""

    level = forms.ChoiceField(label=_("Niveau"), choices=LicenceLevel.choices)
    profession = forms.CharField(
        label=_("Faggruppe"),
        required=False,
        max_length=150,
        help_text=_("Fx Social- og sundhedsassistent. Tom: alle."),
    )
    job_title = forms.CharField(
        label=_("Stillingsbetegnelse"),
        required=False,
        max_length=150,
        help_text=_("Tom: alle stillinger."),
    )


class PracticeReviewForm(forms.Form):
    """A practice review (*praksisgennemgang*) held by a resource person."""

    RESULT_CHOICES = [("passed", _("Bestået")), ("failed", _("Ikke bestået"))]

    person = PersonPickerField(
        label=_("Medarbejder"),
        picker=REVIEW_PERSON,
        help_text=_("Søg på navn, e-mail eller medarbejdernummer."),
    )
    level = forms.ChoiceField(label=_("Niveau"), choices=LicenceLevel.choices)
    reviewer = PersonPickerField(
        label=_("Ressourceperson"),
        picker=REVIEWER,
        help_text=_("En med gyldigt kørekort på A-niveau eller en leder af enheden. Søg på navn."),
    )
    reviewed_on = forms.DateField(label=_("Dato"), widget=DateInput())
    result = forms.ChoiceField(
        label=_("Resultat"), choices=RESULT_CHOICES, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        reviewers: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "person", PersonPickerField).queryset = people
        form_field(self, "reviewer", PersonPickerField).queryset = reviewers

    def clean_reviewed_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["reviewed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Datoen må ikke ligge i fremtiden."))
        return value


class ConfirmForm(VersionedForm, forms.Form):
    """An explicit confirmation for publishing or withdrawing the holder list, with the task's
    version the page was loaded with."""

    confirm = forms.BooleanField(label=_("Ja, jeg er sikker"))
