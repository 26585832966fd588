"""Forms of the conversation pages: planning, moving, the shared record, private preparation,
the career conversation's notes, agreed actions and the consultants' template editor."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lederspor.conversations.models import ConversationAttendee
from lederspor.conversations.pickers import CAREER_HOST
from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.people.models import Person
from lederspor.people.pickers import PersonPickerField
from lederspor.programmes.forms import DateInput

DATE = DateInput()  # one shared widget: <input type="date"> with ISO values
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
TEXT = {"rows": 4}


class AttendeeChoiceField(forms.ModelChoiceField[Person]):
    """An attendee, shown with their role in the conversation (`names`, set by the form)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names: dict[int, str] = {}

    def label_from_instance(self, obj: Person) -> str:
        return self.names.get(obj.pk, obj.full_name)


class WhenForm(forms.Form):
    """Date, start and end time and place; `cleaned_data` gains `starts_at`/`ends_at` (aware,
    local time zone)."""

    day = forms.DateField(label=_("Dato"), widget=DATE)
    starts = forms.TimeField(label=_("Starter kl."), widget=TIME)
    ends = forms.TimeField(label=_("Slutter kl."), widget=TIME)
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, starts, ends = data.get("day"), data.get("starts"), data.get("ends")
        if day and starts and ends:
            data["starts_at"] = timezone.make_aware(dt.datetime.combine(day, starts))
            data["ends_at"] = timezone.make_aware(dt.datetime.combine(day, ends))
            if data["starts_at"] >= data["ends_at"]:
                self.add_error("ends", _("Samtalen skal slutte efter, at den starter."))
        return data


class PlanForm(WhenForm):
    """Plan a conversation of the chosen `kind` (one of `kinds`, sent as a hidden field): when,
    where, for the career conversation the host (among `hosts`), for start part 1 whether it
    is a joint meeting. The host and joint-meeting fields exist only for those kinds. The host
    is searched as you type (`conversations.pickers`, for the enrolment `enrolment_pk`)."""

    kind = forms.ChoiceField(widget=forms.HiddenInput)
    host = PersonPickerField(
        label=_("Vært"),
        picker=CAREER_HOST,
        required=False,
        help_text=_(
            "En erfaren leder eller HR-medarbejder i egen kommune. "
            "Søg på navn, e-mail, medarbejdernummer eller enhed."
        ),
    )
    is_joint_meeting = forms.BooleanField(label=_("Holdes som fælles møde"), required=False)
    field_order = ["kind", "day", "starts", "ends", "place", "host", "is_joint_meeting"]

    def __init__(
        self,
        *args: Any,
        kind: str,
        kinds: list[tuple[str, str]],
        hosts: QuerySet[Person],
        enrolment_pk: int | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {})["kind"] = kind
        super().__init__(*args, **kwargs)
        form_field(self, "kind", forms.ChoiceField).choices = kinds
        if kind == "career":
            host = form_field(self, "host", PersonPickerField)
            host.queryset = hosts
            host.picker_for = str(enrolment_pk or "")
        else:
            del self.fields["host"]
        if kind != "start_part1":
            del self.fields["is_joint_meeting"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("kind") == "career" and not data.get("host"):
            self.add_error("host", _("Vælg en vært til karrieresamtalen."))
        return data


class RescheduleForm(VersionedForm, WhenForm):
    """Move a planned conversation, with the version the page was loaded with."""


def _question_fields(form: forms.Form, questions: list[dict[str, Any]]) -> None:
    """Add one optional text field `q_<id>` per question of a template version."""
    for q in questions:
        form.fields[f"q_{q['id']}"] = forms.CharField(
            label=q["text"], required=False, widget=forms.Textarea(attrs=TEXT)
        )


class QuestionsForm(forms.Form):
    """One optional text per question of a template version (`q_<id>`)."""

    def __init__(self, *args: Any, questions: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _question_fields(self, questions)

    def answers(self) -> dict[str, str]:
        """{question id: text} from the cleaned data."""
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("q_")}


class PreparationForm(VersionedForm, QuestionsForm):
    """My private preparation: one text per question (seen only by me), with the version of my
    preparation the page was loaded with."""


class RecordForm(VersionedForm, QuestionsForm):
    """The shared record: answers per question and the notes (*referat*), with the
    conversation's version the page was loaded with."""

    notes = forms.CharField(
        label=_("Referat og noter"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class CareerForm(VersionedForm, forms.Form):
    """The participant's notes for the career conversation (seed 002 §4), with the
    conversation's version the page was loaded with."""

    confidentiality_addressed = forms.BooleanField(
        label=_("Fortroligheden er adresseret"), required=False
    )
    curiosity_points = forms.CharField(
        label=_("Vinkler jeg er særligt nysgerrig på"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Vises for din vært og står i brevet til værten."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # the check box label is a statement, no colon
        super().__init__(*args, **kwargs)


class ActionForm(forms.Form):
    """An agreed action: what, who (an attendee) and by when."""

    text = forms.CharField(label=_("Aftale"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = AttendeeChoiceField(label=_("Ansvarlig"), queryset=Person.objects.none())
    due_on = forms.DateField(label=_("Frist"), required=False, widget=DATE)

    def __init__(self, *args: Any, attendees: list[ConversationAttendee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = form_field(self, "owner", AttendeeChoiceField)
        owner.queryset = Person.objects.filter(pk__in=[a.person_id for a in attendees])
        owner.names = {
            a.person_id: f"{a.person.full_name} ({a.get_role_display()})" for a in attendees
        }


class QuestionForm(forms.Form):
    """One question row of the template editor (blank id = a new question)."""

    id = forms.CharField(widget=forms.HiddenInput, required=False)
    section = forms.CharField(label=_("Afsnit"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Spørgsmål"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        """An existing question (it has an id) may not be emptied: it is removed with
        "Slet" only. A new row left blank is skipped."""
        super().clean()
        data = self.cleaned_data
        if data.get("id") and not (data.get("text") or "").strip() and not data.get("DELETE"):
            self.add_error(
                "text",
                _("Skriv spørgsmålets tekst, eller afkryds “Slet” for at fjerne spørgsmålet."),
            )
        return data


QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, can_delete=True)


class TemplateNoteForm(VersionedForm, forms.Form):
    """The change note, and the template's version the editor was loaded with."""

    note = forms.CharField(
        label=_("Ændringsnote"),
        max_length=300,
        help_text=_("Kort om hvad du har ændret og hvorfor."),
    )
