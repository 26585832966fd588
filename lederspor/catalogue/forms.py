"""Forms for agreeing and following up practice tasks."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.validators import URLValidator
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.catalogue.pickers import TASK_HOST
from lederspor.core.concurrency import VersionedForm
from lederspor.core.content_pages import ContentForm
from lederspor.core.forms import form_field
from lederspor.people.models import Person
from lederspor.people.pickers import PersonPickerField
from lederspor.programmes.forms import DateInput
from lederspor.programmes.models import Session


class PracticeTaskChoiceField(forms.ModelChoiceField[PracticeTask]):
    """A catalogue task, shown with its number."""

    def label_from_instance(self, obj: PracticeTask) -> str:
        return f"{obj.number}. {obj.title}"


class SessionChoiceField(forms.ModelChoiceField[Session]):
    """A network meeting of the cohort, shown with its theme and date."""

    def label_from_instance(self, obj: Session) -> str:
        day = formats.date_format(timezone.localtime(obj.starts_at), "SHORT_DATE_FORMAT")
        return f"{obj.theme} ({day})"


class AssignmentForm(forms.Form):
    """Propose or edit a task: a catalogue task or an own one, with scope, time, goal, host.

    `host_choices`: the hosts that may be chosen; `host_picker`: (picker key, the enrolment's or
    the assignment's id) for the host's search (`catalogue.pickers`)."""

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
    host = PersonPickerField(
        label=_("Opgaveejer/vært i kommunen"),
        picker=TASK_HOST,
        required=False,
        empty_choice_label=_("Ingen vært i Lederspor"),
        help_text=_(
            "Den leder eller medarbejder, der er vært for opgaven, hvis der er en. "
            "Søg på navn, e-mail, medarbejdernummer eller enhed."
        ),
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
        host_picker: tuple[str, object] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        host = form_field(self, "host", PersonPickerField)
        host.queryset = host_choices if host_choices is not None else Person.objects.none()
        if host_picker is not None:
            # (picker key, the object's id): the search endpoint checks the same rule
            host.picker, host.picker_for = host_picker[0], str(host_picker[1])
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


# --- issue #16 §1: editing a catalogue task's texts (HR staff) ------------------------------


class TaskLinkForm(forms.Form):
    """One titled link of a catalogue task: the title the reader sees and the address."""

    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    url = forms.URLField(
        label=_("Adresse (URL)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        error_messages={"invalid": _("Skriv en gyldig webadresse, der starter med https://.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        title, url = data.get("title", "").strip(), data.get("url", "")
        if url and not title and not self.has_error("url"):
            self.add_error("title", _("Skriv en titel til linket."))
        if title and not url and not self.has_error("url"):
            self.add_error("url", _("Skriv linkets adresse."))
        return data


class _LinkFormSet(forms.BaseFormSet[TaskLinkForm]):
    legend = _("Links")
    help_text = _(
        "Linkene vises med deres titel. Tomme rækker springes over; afkryds “Slet” for at fjerne et link."
    )


TaskLinkFormSet = forms.formset_factory(
    TaskLinkForm, formset=_LinkFormSet, extra=2, can_delete=True, max_num=20, validate_max=True
)


class TaskContentForm(ContentForm):
    """A catalogue task's texts (seed 000): title, formål, indhold, case, its own steps (one
    per line) and titled links (`TaskLinkFormSet`, prefix "links")."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    purpose = forms.CharField(label=_("Formål"), widget=forms.Textarea(attrs={"rows": 4}))
    content = forms.CharField(label=_("Indhold"), widget=forms.Textarea(attrs={"rows": 10}))
    case = forms.CharField(label=_("Case"), widget=forms.Textarea(attrs={"rows": 8}))
    steps = forms.CharField(
        label=_("Opgavens trin"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Ét trin pr. linje. Trinene vises som afkrydsningspunkter på en aftalt opgave."
        ),
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        self.formsets = [
            TaskLinkFormSet(data, prefix="links", initial=self.initial.get("links", []))
        ]

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        steps = data.get("steps", [])
        return {
            "title": data.get("title", ""),
            "purpose": data.get("purpose", ""),
            "content": data.get("content", ""),
            "case": data.get("case", ""),
            "steps": "\n".join(s["text"] for s in steps),
            "links": list(data.get("links", [])),
            "seed_steps": [s["text"] for s in steps if s.get("from_seed")],
        }

    def content_data(self) -> dict[str, Any]:
        seed_steps = set(self.initial.get("seed_steps", []))
        lines = [line.strip() for line in self.cleaned_data["steps"].splitlines()]
        links = [
            {"title": row.cleaned_data["title"].strip(), "url": row.cleaned_data["url"]}
            for row in self.formsets[0].forms
            if row.cleaned_data
            and not row.cleaned_data.get("DELETE")
            and row.cleaned_data.get("url")
        ]
        return {
            "title": self.cleaned_data["title"].strip(),
            "purpose": self.cleaned_data["purpose"].strip(),
            "content": self.cleaned_data["content"].strip(),
            "case": self.cleaned_data["case"].strip(),
            "links": links,
            "steps": [{"text": line, "from_seed": line in seed_steps} for line in lines if line],
        }
