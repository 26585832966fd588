"""Forms for cohorts, sessions, nominations and enrolment decisions (Danish labels)."""

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.core.content_pages import ContentForm
from lederspor.core.forms import form_field
from lederspor.people.models import Person
from lederspor.people.pickers import PersonPickerMultipleField
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Programme, Session
from lederspor.programmes.pickers import COHORT_CONSULTANTS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
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
    consultants = PersonPickerMultipleField(
        label=_("Konsulenter"),
        picker=COHORT_CONSULTANTS,
        help_text=_(
            "De HR-konsulenter, der driver holdet. Søg på navn eller e-mail, og vælg en ad "
            "gangen; fjern fluebenet for at fjerne en."
        ),
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, consultant_choices: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        consultants = form_field(self, "consultants", PersonPickerMultipleField)
        consultants.queryset = consultant_choices or Person.objects.none()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and starts > ends:
            self.add_error("ends_on", _("Slutdatoen skal ligge efter startdatoen."))
        deadline = data.get("nomination_deadline")
        if deadline and starts and deadline > starts:
            self.add_error("nomination_deadline", _("Fristen skal ligge før holdets start."))
        return data


class SessionForm(forms.ModelForm[Session]):
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

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mødegangen skal slutte efter den starter."))
        return data


class CohortEditForm(VersionedForm, CohortForm):
    """Editing a cohort: its details and the version the page was loaded with."""


class SessionEditForm(VersionedForm, SessionForm):
    """Editing a session: its fields and the version the page was loaded with."""


class ReportChoiceField(forms.ModelChoiceField[Person]):
    """An employee, shown with their job title."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} – {obj.job_title}"


class CohortChoiceField(forms.ModelChoiceField[Cohort]):
    """A cohort, shown with its programme and start date."""

    def label_from_instance(self, obj: Cohort) -> str:
        starts = date_format(obj.starts_on, "SHORT_DATE_FORMAT")
        return f"{obj.name} ({obj.programme.name}, {starts})"


class NominationForm(forms.Form):
    """The nearest leader nominates one of their employees (*indstilling*)."""

    person = ReportChoiceField(
        label=_("Medarbejder"), queryset=Person.objects.none(), empty_label=_("Vælg medarbejder")
    )
    cohort = CohortChoiceField(
        label=_("Hold"), queryset=Cohort.objects.none(), empty_label=_("Vælg hold")
    )
    motivation = forms.CharField(
        label=_("Begrundelse"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Hvorfor er medarbejderen klar til et lederforløb? Hvad har du set?"),
    )

    def __init__(
        self,
        *args: Any,
        reports: QuerySet[Person] | None = None,
        cohorts: QuerySet[Cohort] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        person = form_field(self, "person", ReportChoiceField)
        cohort = form_field(self, "cohort", CohortChoiceField)
        person.queryset = reports if reports is not None else Person.objects.none()
        cohort.queryset = cohorts if cohorts is not None else Cohort.objects.none()


class _ProgrammeYearFilterForm(forms.Form):
    """The programme and year filters the cohort list and the archive share; `years` (ints)
    are the year choices. An unknown programme or year is a Danish error."""

    programme = forms.ModelChoiceField(
        label=_("Forløb"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("Alle forløb"),
        error_messages={"invalid_choice": _("Vælg et forløb fra listen.")},
    )
    year = forms.TypedChoiceField(
        label=_("År"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Vælg et år fra listen.")},
    )

    def __init__(self, *args: Any, years: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = form_field(self, "year", forms.TypedChoiceField)
        year.choices = [("", _("Alle år")), *((str(y), str(y)) for y in years)]


class CohortArchiveFilterForm(_ProgrammeYearFilterForm):
    """The archive's filters (issue #16 §3): programme, year and a search in the cohort's name.
    Every field may be empty; a year outside 2000–2100 or an unknown programme is a Danish
    error and the archive shows every finished cohort meanwhile."""

    q = forms.CharField(
        label=_("Søg i holdnavn"),
        required=False,
        max_length=200,
        error_messages={"max_length": _("Skriv højst %(limit_value)d tegn.")},
    )

    #: the search first, as the archive has always shown it
    field_order = ["q", "programme", "year"]


class CohortListFilterForm(_ProgrammeYearFilterForm):
    """The cohort list's filters and order (issue #17 §1: ten years of cohorts): programme,
    a year the cohort runs in, running or upcoming, and the sort. Every field may be empty; an
    unknown value is a Danish error and the list shows every current cohort meanwhile."""

    #: `sort` value → the ORM order (ties by name, then id, so pages never overlap)
    SORTS = {
        "start": ("-starts_on", "name", "pk"),
        "start_asc": ("starts_on", "name", "pk"),
        "name": ("name", "pk"),
        "programme": ("programme__name", "-starts_on", "name", "pk"),
    }

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Igangværende og kommende")),
            ("running", _("Igangværende")),
            ("upcoming", _("Kommende")),
        ],
        error_messages={"invalid_choice": _("Vælg en status fra listen.")},
    )
    sort = forms.ChoiceField(
        label=_("Sortér efter"),
        required=False,
        choices=[
            ("start", _("Start, nyeste først")),
            ("start_asc", _("Start, ældste først")),
            ("name", _("Holdnavn")),
            ("programme", _("Forløb")),
        ],
        error_messages={"invalid_choice": _("Vælg en sortering fra listen.")},
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

    def __init__(
        self,
        *args: Any,
        enrolments: Iterable[Enrolment] = (),
        initial_status: Mapping[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
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

    def statuses(self) -> list[tuple[Enrolment, str]]:
        """(enrolment, status) pairs for every participant; "" means not registered."""
        return [(e, self.cleaned_data.get(f"e{e.pk}") or "") for e in self.enrolments]


def default_session_times() -> tuple[dt.datetime, dt.datetime]:
    """A suggestion for a new session: next week 9–12 local time."""
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + dt.timedelta(
        days=7
    )
    return start, start + dt.timedelta(hours=3)


# --- issue #16 §1: editing a programme template's texts (HR staff) --------------------------


class ProgrammeContentForm(ContentForm):
    """A programme template's texts: name, short description, description."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    summary = forms.CharField(
        label=_("Kort beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )


class PhaseContentForm(ContentForm):
    """A phase's texts: name, description, effects (one per line), tools."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    effects = forms.CharField(
        label=_("Effekter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Én effekt pr. linje. Svar, der allerede er givet, beholder den tekst, de blev givet til."
        ),
    )
    tools = forms.CharField(
        label=_("Hjælperedskaber"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(data)
        initial["effects"] = "\n".join(data.get("effects", []))
        return initial

    def content_data(self) -> dict[str, Any]:
        data = super().content_data()
        data["effects"] = [e.strip() for e in data["effects"].splitlines() if e.strip()]
        return data


class ElementContentForm(ContentForm):
    """An element's texts: name and description."""

    name = forms.CharField(label=_("Navn"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
