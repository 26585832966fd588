"""Forms for job visits. Labels are Danish; the seed's questions and prompts label their fields."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.people.models import Person
from lederspor.programmes.forms import DateTimeInput
from lederspor.visits.models import Boundary, JobVisit
from lederspor.visits.selectors import Guide


class BoundaryForm(forms.Form):
    """The consultant's boundary choice before the pairs are made."""

    boundary = forms.ChoiceField(
        label=_("Par skal gå på tværs af"),
        choices=Boundary.choices,
        widget=forms.RadioSelect,
        initial=Boundary.DEPARTMENT,
    )


class SwapForm(forms.Form):
    """Swap two leaders between their pairs."""

    first = forms.ModelChoiceField(label=_("Leder"), queryset=Person.objects.none())
    second = forms.ModelChoiceField(label=_("Byt med"), queryset=Person.objects.none())

    def __init__(self, *args: Any, people: QuerySet[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("first", "second"):
            field = form_field(self, name, forms.ModelChoiceField)
            field.queryset = people if people is not None else Person.objects.none()
            field.empty_label = _("Vælg leder")


class PlanForm(VersionedForm, forms.Form):
    """The host's choice of activity, themes, time and place (seed 001 steps 1–2), with the
    visit's version the page was loaded with."""

    activity = forms.CharField(
        label=_("Ledelsesaktivitet"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvilken aktivitet inviterer du din makker med til?"),
    )
    themes = forms.MultipleChoiceField(
        label=_("Ledelsestemaer"), widget=forms.CheckboxSelectMultiple
    )
    starts_at = forms.DateTimeField(label=_("Start"), required=False, widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Slut"), required=False, widget=DateTimeInput())
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)

    def __init__(self, *args: Any, guide: Guide, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "themes", forms.MultipleChoiceField).choices = [
            (t, t) for t in guide.themes
        ]
        self.fields["themes"].error_messages["required"] = _("Vælg mindst ét ledelsestema.")


def plan_initial(visit: JobVisit) -> dict[str, object]:
    """The plan form's initial values from `visit` (the version is `PlanForm`'s `version=`)."""
    return {
        "activity": visit.activity,
        "themes": visit.themes,
        "starts_at": visit.starts_at,
        "ends_at": visit.ends_at,
        "place": visit.place,
    }


class ReflectionPlanForm(VersionedForm, forms.Form):
    """Time and place of the joint learning reflection, agreed by host and guest (seed 001
    step 2), apart from the visit's own; with the visit's version the page was loaded with."""

    starts_at = forms.DateTimeField(
        label=_("Refleksionen starter"), required=False, widget=DateTimeInput()
    )
    ends_at = forms.DateTimeField(
        label=_("Refleksionen slutter"), required=False, widget=DateTimeInput()
    )
    place = forms.CharField(label=_("Refleksionens sted"), max_length=200, required=False)


def reflection_initial(visit: JobVisit) -> dict[str, object]:
    """The reflection form's initial values from `visit`."""
    return {
        "starts_at": visit.reflection_starts_at,
        "ends_at": visit.reflection_ends_at,
        "place": visit.reflection_place,
    }


class IndexedTextsForm(VersionedForm, forms.Form):
    """One text field per seed question or prompt (`q0`, `q1` …), stored keyed by index, with
    the visit's version the page was loaded with."""

    def __init__(
        self, *args: Any, labels: list[str], values: dict[str, str], **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {})
        for i, _label in enumerate(labels):
            kwargs["initial"].setdefault(f"q{i}", values.get(str(i), ""))
        super().__init__(*args, **kwargs)
        self.count = len(labels)
        for i, label in enumerate(labels):
            self.fields[f"q{i}"] = forms.CharField(
                label=label, required=False, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self) -> dict[str, str]:
        """The answers keyed by index ("0" …)."""
        return {str(i): self.cleaned_data.get(f"q{i}", "") for i in range(self.count)}


class TextForm(VersionedForm, forms.Form):
    """One text (intended, observed or perceived leadership), with the visit's version the
    page was loaded with."""

    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args: Any, label: str, help_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = label
        self.fields["text"].help_text = help_text


class EnrolSearchForm(forms.Form):
    """Search leaders by name, e-mail, job title or unit."""

    q = forms.CharField(label=_("Søg leder"), required=False, max_length=100)


class WrapUpBookForm(VersionedForm, forms.Form):
    """Book a wrap-up: time, place and the facilitating consultants, with the group's version
    the page was loaded with."""

    starts_at = forms.DateTimeField(label=_("Start"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Slut"), widget=DateTimeInput())
    place = forms.CharField(label=_("Sted"), max_length=200)
    consultants = forms.ModelMultipleChoiceField(
        label=_("Konsulenter"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, *args: Any, consultants: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "consultants", forms.ModelMultipleChoiceField).queryset = (
            consultants if consultants is not None else Person.objects.none()
        )


class NotesForm(VersionedForm, forms.Form):
    """The wrap-up's notes, with the group's version the page was loaded with."""

    notes = forms.CharField(
        label=_("Noter fra opsamlingen"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class ThemesForm(forms.Form):
    """The leadership themes (seed 001) a leader wants to work with; any number of them."""

    themes = forms.MultipleChoiceField(
        label=_("Ledelsestemaer"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, themes: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "themes", forms.MultipleChoiceField).choices = [(t, t) for t in themes]
