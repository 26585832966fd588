"""Forms of the logbook: an entry (title, date, text, sharing, links), sharing, and the list
filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations.models import Conversation
from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.logbook.models import Visibility
from lederspor.logbook.selectors import conversation_choices, session_choices, task_choices
from lederspor.programmes.forms import DateInput
from lederspor.programmes.models import Enrolment, Session


class SessionChoiceField(forms.ModelChoiceField[Session]):
    """A session shown with its date and theme."""

    def label_from_instance(self, obj: Session) -> str:
        local = timezone.localtime(obj.starts_at)
        return f"{date_format(local, 'SHORT_DATE_FORMAT')} – {obj}"


class ConversationChoiceField(forms.ModelChoiceField[Conversation]):
    """A conversation shown with its date and kind."""

    def label_from_instance(self, obj: Conversation) -> str:
        local = timezone.localtime(obj.starts_at)
        return f"{date_format(local, 'SHORT_DATE_FORMAT')} – {obj.get_kind_display()}"


class EntryForm(forms.Form):
    """A logbook entry. Link choices are limited to `enrolment`'s own sessions, practice tasks
    and the conversations its participant attends; a foreign id is a form error."""

    title = forms.CharField(label=_("Overskrift"), max_length=200)
    written_on = forms.DateField(label=_("Dato"), widget=DateInput())
    text = forms.CharField(
        label=_("Tekst"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Dine noter om undervisningen, din praktik eller en samtale."),
    )
    visibility = forms.ChoiceField(
        label=_("Del med"),
        choices=Visibility.choices,
        initial=Visibility.PRIVATE,
        widget=forms.RadioSelect,
        help_text=_(
            "Notatet er kun dit, til du deler det. Din nærmeste leder ser de notater, du deler "
            "med lederen, når I forbereder jeres samtale."
        ),
    )
    session = SessionChoiceField(
        label=_("Hører til mødegangen"),
        queryset=None,
        required=False,
        empty_label=_("Ingen"),
        error_messages={"invalid_choice": _("Vælg en mødegang fra dit eget hold.")},
    )
    task_assignment: forms.ModelChoiceField[TaskAssignment] = forms.ModelChoiceField(
        label=_("Hører til praksisopgaven"),
        queryset=None,
        required=False,
        empty_label=_("Ingen"),
        error_messages={"invalid_choice": _("Vælg en af dine egne praksisopgaver.")},
    )
    conversation = ConversationChoiceField(
        label=_("Hører til samtalen"),
        queryset=None,
        required=False,
        empty_label=_("Ingen"),
        error_messages={"invalid_choice": _("Vælg en samtale, du selv deltager i.")},
    )

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "session", SessionChoiceField).queryset = session_choices(
            enrolment=enrolment
        )
        form_field(self, "task_assignment", forms.ModelChoiceField).queryset = task_choices(
            enrolment=enrolment
        )
        form_field(self, "conversation", ConversationChoiceField).queryset = conversation_choices(
            enrolment=enrolment
        )

    def clean_title(self) -> str:
        title: str = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Skriv en overskrift."))
        return title

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Skriv en tekst."))
        return text


class EntryEditForm(VersionedForm, EntryForm):
    """Editing an entry: its fields and the version the page was loaded with."""


class ShareForm(VersionedForm, forms.Form):
    """Share an entry (or make it private again) from the entry page, with the version the page
    was loaded with."""

    visibility = forms.ChoiceField(choices=Visibility.choices)


class EntryFilterForm(forms.Form):
    """Filters of "Min logbog": enrolment, shared state and search."""

    SHARED_CHOICES = [
        ("", _("Alle")),
        (Visibility.PRIVATE.value, _("Kun mig")),
        ("shared", _("Delte")),
        (Visibility.LEADER.value, _("Delt med min nærmeste leder")),
        (Visibility.NETWORK_GROUP.value, _("Delt med min netværksgruppe")),
    ]

    enrolment = forms.TypedChoiceField(
        label=_("Forløb"), required=False, coerce=int, empty_value=None
    )
    shared = forms.ChoiceField(label=_("Deling"), required=False, choices=SHARED_CHOICES)
    q = forms.CharField(label=_("Søg"), required=False, max_length=100)

    def __init__(self, *args: Any, enrolments: list[Enrolment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "enrolment", forms.TypedChoiceField).choices = [("", _("Alle forløb"))] + [
            (e.pk, f"{e.cohort.programme.name} – {e.cohort.name}") for e in enrolments
        ]
