"""Forms for cohorts, sessions, nominations and enrolment decisions (Danish labels)."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.people.models import Person
from lederspor.programmes.models import Attendance, Cohort, Programme, Session


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class CohortForm(forms.Form):
    """Create or edit a cohort (*hold*)."""

    programme = forms.ModelChoiceField(
        label=_("Forløb"),
        queryset=Programme.objects.filter(is_operational=True),
        empty_label=_("Vælg forløb"),
    )
    name = forms.CharField(label=_("Navn på holdet"), max_length=200)
    starts_on = forms.DateField(label=_("Startdato"), widget=DateInput())
    ends_on = forms.DateField(label=_("Slutdato"), widget=DateInput())
    capacity = forms.IntegerField(label=_("Antal pladser"), min_value=1, max_value=500)
    nomination_deadline = forms.DateField(
        label=_("Frist for indstilling"), required=False, widget=DateInput()
    )
    consultants = forms.ModelMultipleChoiceField(
        label=_("Konsulenter"),
        queryset=Person.objects.none(),
        help_text=_("De HR-konsulenter, der driver holdet."),
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, consultant_choices=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consultants"].queryset = consultant_choices or Person.objects.none()

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("Slutdatoen skal ligge efter startdatoen."))
        deadline = data.get("nomination_deadline")
        if deadline and starts and deadline > starts:
            self.add_error("nomination_deadline", _("Fristen skal ligge før holdets start."))
        return data


class SessionForm(forms.ModelForm):
    """Add or edit a session (date, time, place, kind, theme)."""

    class Meta:
        model = Session
        fields = ["kind", "theme", "starts_at", "ends_at", "place", "description"]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"theme": _("Tema")}

    def clean(self) -> dict:
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mødegangen skal slutte efter den starter."))
        return data


class CohortEditForm(VersionedForm, CohortForm):
    """Editing a cohort: its details and the version the page was loaded with."""


class SessionEditForm(VersionedForm, SessionForm):
    """Editing a session: its fields and the version the page was loaded with."""


class NominationForm(forms.Form):
    """The nearest leader nominates one of their employees (*indstilling*)."""

    person = forms.ModelChoiceField(
        label=_("Medarbejder"), queryset=Person.objects.none(), empty_label=_("Vælg medarbejder")
    )
    cohort = forms.ModelChoiceField(
        label=_("Hold"), queryset=Cohort.objects.none(), empty_label=_("Vælg hold")
    )
    motivation = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hvorfor er medarbejderen klar til et lederforløb? Hvad har du set?"),
    )

    def __init__(self, *args: object, reports=None, cohorts=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = reports if reports is not None else Person.objects.none()
        self.fields["cohort"].queryset = cohorts if cohorts is not None else Cohort.objects.none()
        self.fields["person"].label_from_instance = lambda p: f"{p.full_name} – {p.job_title}"
        self.fields["cohort"].label_from_instance = lambda c: (
            f"{c.name} ({c.programme.name}, {date_format(c.starts_on, 'SHORT_DATE_FORMAT')})"
        )


class ReasonForm(forms.Form):
    """A required reason (rejection, withdrawal)."""

    reason = forms.CharField(
        label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class OptionalReasonForm(forms.Form):
    """An optional note with an approval."""

    reason = forms.CharField(
        label=_("Bemærkning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttendanceForm(forms.Form):
    """One attendance choice per enrolled participant; built from the session's enrolments."""

    def __init__(self, *args: object, enrolments=(), initial_status=None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        initial_status = initial_status or {}
        self.enrolments = list(enrolments)
        for e in self.enrolments:
            self.fields[f"e{e.pk}"] = forms.ChoiceField(
                label=e.person.full_name,
                choices=[("", _("Ikke registreret")), *Attendance.Status.choices],
                required=False,
                initial=initial_status.get(e.pk, ""),
            )

    def statuses(self) -> list[tuple[object, str]]:
        """(enrolment, status) pairs for every participant; "" means not registered."""
        return [(e, self.cleaned_data.get(f"e{e.pk}") or "") for e in self.enrolments]


def default_session_times() -> tuple[dt.datetime, dt.datetime]:
    """A suggestion for a new session: next week 9–12 local time."""
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=7
    )
    return start, start + dt.timedelta(hours=3)
