"""Forms for agreeing and following up practice tasks."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.people.models import Person
from lederspor.programmes.forms import DateInput
from lederspor.programmes.models import Session


class PracticeTaskChoiceField(forms.ModelChoiceField[PracticeTask]):
    """A catalogue task, shown with its number."""

    def label_from_instance(self, obj: PracticeTask) -> str:
        return f"{obj.number}. {obj.title}"


class HostChoiceField(forms.ModelChoiceField[Person]):
    """A host in the municipality, shown with job title and unit."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} – {obj.job_title}, {obj.unit.name}"


class SessionChoiceField(forms.ModelChoiceField[Session]):
    """A network meeting of the cohort, shown with its theme and date."""

    def label_from_instance(self, obj: Session) -> str:
        day = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.theme} ({day})"


class AssignmentForm(forms.Form):
    """Propose or edit a task: a catalogue task or an own one, with scope, time, goal, host."""

    catalogue_task = PracticeTaskChoiceField(
        label=_("Opgave fra kataloget"),
        queryset=PracticeTask.objects.order_by("number"),
        required=False,
        empty_label=_("– Egen opgave –"),
    )
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Udfyld for en egen opgave; ellers bruges katalogopgavens titel."),
    )
    scope = forms.CharField(
        label=_("Omfang"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad går opgaven ud på, og hvor stor er den?"),
    )
    resources = forms.CharField(
        label=_("Tid og ressourcer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("F.eks. timer om ugen, deltagelse i møder, adgang til materiale."),
    )
    learning_goal = forms.CharField(
        label=pgettext_lazy("one learning goal", "Læringsmål"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    host = HostChoiceField(
        label=_("Opgaveejer/vært i kommunen"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Ingen vært i Lederspor"),
        help_text=_("Den leder eller medarbejder, der er vært for opgaven, hvis der er en."),
    )
    host_note = forms.CharField(
        label=_("Opgaveejer/vært (andre)"),
        max_length=200,
        required=False,
        help_text=_("Navn på en vært, der ikke er i Lederspor."),
    )
    session = SessionChoiceField(
        label=_("Netværksmøde"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Intet bestemt netværksmøde"),
        help_text=_("Det netværksmøde, hvis tema opgaven knytter sig til."),
    )
    starts_on = forms.DateField(label=_("Start"), required=False, widget=DateInput())
    due_on = forms.DateField(label=_("Frist"), required=False, widget=DateInput())

    field_order = [
        "catalogue_task",
        "title",
        "learning_goal",
        "scope",
        "resources",
        "host",
        "host_note",
        "session",
        "starts_on",
        "due_on",
    ]

    def __init__(
        self,
        *args: Any,
        host_choices: QuerySet[Person] | None = None,
        session_choices: QuerySet[Session] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "host", HostChoiceField).queryset = (
            host_choices if host_choices is not None else Person.objects.none()
        )
        form_field(self, "session", SessionChoiceField).queryset = (
            session_choices if session_choices is not None else Session.objects.none()
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("catalogue_task") and not (data.get("title") or "").strip():
            self.add_error("title", _("Vælg en opgave fra kataloget eller skriv en titel."))
        starts, due = data.get("starts_on"), data.get("due_on")
        if starts and due and starts > due:
            self.add_error("due_on", _("Fristen skal ligge efter starten."))
        return data


class AssignmentEditForm(VersionedForm, AssignmentForm):
    """Editing an agreed task: its fields and the version the page was loaded with."""


class FollowUpForm(VersionedForm, forms.Form):
    """The follow-up conversation after a done task (seed 000: observations and learning
    points), with the version of the task the page was loaded with."""

    held_on = forms.DateField(label=_("Samtalen blev holdt"), widget=DateInput())
    observations = forms.CharField(
        label=_("Observationer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hvad så og oplevede aspiranten? Hvad lykkedes, hvad var svært?"),
    )
    learning_points = forms.CharField(
        label=_("Læringspointer"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Hvad tager aspiranten med sig – og hvad betyder det for en kommende lederrolle?"
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["held_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Samtalen kan ikke være holdt i fremtiden."))
        return value


class NoteForm(forms.Form):
    """A note or comment on a task."""

    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


def assignment_initial(assignment: TaskAssignment) -> dict[str, object]:
    """Initial data for editing `assignment` (the version comes from `AssignmentEditForm`)."""
    return {
        "catalogue_task": assignment.catalogue_task,
        "title": assignment.title,
        "scope": assignment.scope,
        "resources": assignment.resources,
        "learning_goal": assignment.learning_goal,
        "host": assignment.host,
        "host_note": assignment.host_note,
        "starts_on": assignment.starts_on,
        "due_on": assignment.due_on,
        "session": assignment.session,
    }
