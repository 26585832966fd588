"""Forms of the competence planner: one per field of the method, plus rows (goals, activities,
anchorings, participants) as formsets. Labels quote seed 004 where the seed names the thing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from lederspor.competence.content import method
from lederspor.competence.models import (
    AnchoringKind,
    CompetencePlan,
    FeedbackKind,
    GoalLevel,
    PlanStatus,
    Realised,
    Step,
    Tempo,
)
from lederspor.competence.pickers import PLAN_PERSON, PLAN_UNIT
from lederspor.competence.services import FIELD_COLUMNS
from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.licences.models import LicenceTask
from lederspor.people.models import OrgUnit, Person
from lederspor.people.pickers import PersonPickerField, UnitPickerField
from lederspor.programmes.forms import DateInput

DATE = DateInput()  # one shared widget: <input type="date"> with ISO values
TEXT = {"rows": 3}


class PlanCreateForm(forms.Form):
    """A new plan: title, unit (among those the viewer may plan for), profession group."""

    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        help_text=_("Et kort navn for opgaven, fx “Medicin til beboerne”."),
    )
    unit = UnitPickerField(
        label=_("Enhed"), picker=PLAN_UNIT, help_text=_("Søg på enhedens navn eller kode.")
    )
    profession = forms.CharField(
        label=_("Faggruppe"),
        max_length=150,
        required=False,
        help_text=_("Tom: hele enheden. Deltagere vælges bagefter."),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unit", UnitPickerField).queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class TaskForm(VersionedForm, forms.ModelForm[CompetencePlan]):
    """Field 1, Opgave: the situation, the seed's three requirements, today and tomorrow, the
    steps and an optional kørekort requirement (each field's form carries the plan's version)."""

    class Meta:
        model = CompetencePlan
        fields = list(FIELD_COLUMNS["task"])
        widgets = {
            "task_situation": forms.Textarea(attrs=TEXT),
            "task_today": forms.Textarea(attrs=TEXT),
            "task_future": forms.Textarea(attrs=TEXT),
        }
        labels = {
            "task_situation": _("Hvilken situation skal håndteres anderledes?"),
            "task_today": _("Hvordan løser vi opgaven i dag?"),
            "task_future": _("Hvordan skal den helt konkret løses fremover?"),
            "current_step": _("Nuværende ansvar (for gruppen)"),
            "target_step": _("Ansvar der skal nås (for gruppen)"),
            "licence_task": _("Målet kræver kørekort"),
        }
        help_texts = {
            "licence_task": _(
                "Vælg et kørekort, hvis ansvarstrinnet skal dokumenteres med kørekort: "
                "med støtte = C, selvstændigt = B, som ressourceperson = A."
            ),
            "profession": _("Tom: hele enheden."),
        }

    def __init__(self, *args: Any, licence_tasks: QuerySet[LicenceTask], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        requirements = {r.key: r.text for r in method().requirements}
        self.fields["meets_concrete"].label = requirements["concrete"]
        self.fields["meets_other_way"].label = requirements["other_way"]
        self.fields["meets_responsibility"].label = requirements["responsibility"]
        licence_task = form_field(self, "licence_task", forms.ModelChoiceField)
        licence_task.queryset = licence_tasks
        licence_task.empty_label = _("Intet kørekort")
        for name in ("current_step", "target_step"):
            form_field(self, name, forms.ChoiceField).choices = [
                ("", _("Ikke valgt")),
                *Step.choices,
            ]


class PerspectiveForm(VersionedForm, forms.ModelForm[CompetencePlan]):
    """Field 2, Perspektiv: the effect for the core task and for the workplace."""

    class Meta:
        model = CompetencePlan
        fields = list(FIELD_COLUMNS["perspective"])
        widgets = {
            "core_task_effect": forms.Textarea(attrs=TEXT),
            "workplace_effect": forms.Textarea(attrs=TEXT),
        }
        labels = {
            "core_task_effect": _("For kerneopgaven (og dermed borgerne)"),
            "workplace_effect": _("For arbejdspladsen og organiseringen af arbejdet"),
        }


class GoalRowForm(forms.Form):
    """One learning goal."""

    level = forms.ChoiceField(
        label=_("Niveau"), choices=[("", _("Vælg niveau")), *GoalLevel.choices]
    )
    label = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    text = forms.CharField(label=_("Mål"), widget=forms.Textarea(attrs={"rows": 2}))


GoalFormSet = forms.formset_factory(GoalRowForm, extra=2, can_delete=True)


def checklist_choices() -> list[tuple[str, str]]:
    """The seed's checklists per goal level as choices "<level>:<index>"."""
    return [
        (f"{level.key}:{i}", item)
        for level in method().goal_levels
        for i, item in enumerate(level.checklist)
    ]


class GoalChecklistForm(VersionedForm, forms.Form):
    """Field 3's checklists (seed 004 §3: "kan du som leder overveje, om …")."""

    goal_checklist = forms.MultipleChoiceField(
        label=_("Tjekliste"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "goal_checklist", forms.MultipleChoiceField).choices = checklist_choices()


def learning_form_choices(blank: bool = False) -> list[tuple[str, StrOrPromise]]:
    """The 15 learning forms of seed 004 as choices (key, title)."""
    choices: list[tuple[str, StrOrPromise]] = [
        (form.key, form.title) for form in method().learning_forms
    ]
    return [("", _("Ingen")), *choices] if blank else choices


class TrainingGroundForm(VersionedForm, forms.ModelForm[CompetencePlan]):
    """Field 4, Træningsbane: start, end, cover arrangements and the chosen learning forms."""

    learning_forms = forms.MultipleChoiceField(
        label=_("Læringsformer"), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = CompetencePlan
        fields = list(FIELD_COLUMNS["training_ground"])
        widgets = {
            "training_starts_on": DATE,
            "training_ends_on": DATE,
            "cover_arrangements": forms.Textarea(attrs={"rows": 2}),
            "learning_form_note": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "training_starts_on": _("Træningsbanen starter"),
            "training_ends_on": _("Træningsbanen slutter"),
            "cover_arrangements": _("Vikardækning og anden praktisk tilrettelæggelse"),
            "learning_form_note": _("Om læringsformen"),
        }

    def __init__(self, *args: Any, ordered_forms: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "learning_forms", forms.MultipleChoiceField).choices = ordered_forms

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("training_starts_on"), data.get("training_ends_on")
        if start and end and start > end:
            self.add_error(
                "training_ends_on",
                _("Træningsbanen skal slutte samme dag eller efter den starter."),
            )
        return data


class ActivityRowForm(forms.Form):
    """One activity on the training ground."""

    tempo = forms.ChoiceField(label=_("Tempo"), choices=[("", _("Vælg tempo")), *Tempo.choices])
    label = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    text = forms.CharField(label=_("Aktivitet"), widget=forms.Textarea(attrs={"rows": 2}))
    starts_on = forms.DateField(label=_("Fra"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Til"), required=False, widget=DATE)
    learning_form = forms.ChoiceField(label=_("Læringsform"), required=False)
    feedback_kind = forms.ChoiceField(
        label=_("Feedbackform"),
        required=False,
        choices=[("", _("Ikke valgt")), *FeedbackKind.choices],
        help_text=_("Kun for feedback."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "learning_form", forms.ChoiceField).choices = learning_form_choices(
            blank=True
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and start > end:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data


ActivityFormSet = forms.formset_factory(ActivityRowForm, extra=2, can_delete=True)


class EverydayForm(VersionedForm, forms.ModelForm[CompetencePlan]):
    """Field 5, Hverdag: the date from which the task is done the new way."""

    class Meta:
        model = CompetencePlan
        fields = list(FIELD_COLUMNS["everyday"])
        widgets = {"everyday_from": DATE}
        labels = {"everyday_from": _("Opgaven løses på den nye måde fra")}
        help_texts = {
            "everyday_from": _(
                "Sæt en anden dato for den enkelte under Deltagere, hvis det er nødvendigt."
            )
        }


class AnchoringRowForm(forms.Form):
    """One anchoring: kind, what, who and when."""

    kind = forms.ChoiceField(
        label=_("Type"), choices=[("", _("Vælg type")), *AnchoringKind.choices]
    )
    label = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)
    text = forms.CharField(label=_("Hvad"), widget=forms.Textarea(attrs={"rows": 2}))
    responsible = PersonPickerField(
        label=_("Hvem"),
        picker=PLAN_PERSON,
        required=False,
        empty_choice_label=_("Ingen valgt"),
        help_text=_("Søg blandt enhedens medarbejdere."),
    )
    responsible_text = forms.CharField(
        label=_("Eller hvem (tekst)"), required=False, max_length=200
    )
    due_on = forms.DateField(
        label=_("Hvornår"),
        required=False,
        widget=DATE,
        help_text=_("Der sendes en påmindelse på dagen."),
    )

    def __init__(
        self, *args: Any, people: QuerySet[Person], plan_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        responsible = form_field(self, "responsible", PersonPickerField)
        responsible.queryset = people
        responsible.picker_for = str(plan_pk or "")


AnchoringFormSet = forms.formset_factory(AnchoringRowForm, extra=2, can_delete=True)


class ParticipantRowForm(forms.Form):
    """One named participant with their own steps and everyday date (blank = the plan's)."""

    person = PersonPickerField(
        label=_("Deltager"),
        picker=PLAN_PERSON,
        help_text=_("Søg blandt enhedens medarbejdere."),
    )
    current_step = forms.ChoiceField(label=_("Nuværende ansvar"), required=False)
    target_step = forms.ChoiceField(label=_("Ansvar der skal nås"), required=False)
    everyday_from = forms.DateField(label=_("Hverdag fra"), required=False, widget=DATE)

    def __init__(
        self, *args: Any, people: QuerySet[Person], plan_pk: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        person = form_field(self, "person", PersonPickerField)
        person.queryset = people
        person.picker_for = str(plan_pk or "")
        steps = [("", _("Som planen")), *Step.choices]
        form_field(self, "current_step", forms.ChoiceField).choices = steps
        form_field(self, "target_step", forms.ChoiceField).choices = steps


ParticipantFormSet = forms.formset_factory(ParticipantRowForm, extra=3, can_delete=True)


class StatusForm(VersionedForm, forms.Form):
    """Move a plan to another status."""

    status = forms.ChoiceField(
        choices=[(s.value, s.label) for s in PlanStatus if s != PlanStatus.EVALUATED]
    )


class EvaluationForm(VersionedForm, forms.Form):
    """The evaluation: were the gains for the core task and the organisation realised?"""

    core_task_realised = forms.ChoiceField(
        label=_("Blev gevinsten for kerneopgaven realiseret?"),
        choices=Realised.choices,
        widget=forms.RadioSelect,
    )
    organisation_realised = forms.ChoiceField(
        label=_("Blev gevinsten for organisationen realiseret?"),
        choices=Realised.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Hvad viste opfølgningen, og hvad skal der til for at komme helt i mål?"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
    )


class CopyForm(forms.Form):
    """Copy a plan (or an example) as the start of a new plan."""

    title = forms.CharField(label=_("Titel på den nye plan"), max_length=200)
    unit = UnitPickerField(
        label=_("Enhed"), picker=PLAN_UNIT, help_text=_("Søg på enhedens navn eller kode.")
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unit", UnitPickerField).queryset = units
        if units.count() == 1:
            self.fields["unit"].initial = units.first()


class PlanFilterForm(forms.Form):
    """Search and filter on the plan list."""

    q = forms.CharField(label=_("Søg"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Alle")), *PlanStatus.choices]
    )
    sort = forms.ChoiceField(
        label=_("Sortér"),
        required=False,
        choices=[
            ("title", _("Titel")),
            ("-updated_at", _("Senest ændret")),
            ("unit__name", _("Enhed")),
            ("status", _("Status")),
        ],
    )
