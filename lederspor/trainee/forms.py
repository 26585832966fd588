"""Forms of the trainee pages (seed 003). Labels and errors in Danish."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lederspor.conversations.models import Conversation
from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.people.models import Person
from lederspor.programmes.forms import DateInput, DateTimeInput
from lederspor.programmes.models import Phase
from lederspor.trainee.models import Outcome, Rating, rated_effects


def local_date(moment: dt.datetime) -> str:
    """`moment` as its local date in the locale's DATE_FORMAT, "1. november 2026"."""
    return date_format(timezone.localtime(moment))


class FeedbackConversationChoiceField(forms.ModelChoiceField[Conversation]):
    """A feedback conversation, shown with its kind, date and status."""

    def label_from_instance(self, obj: Conversation) -> str:
        return (
            f"{obj.get_kind_display()} {local_date(obj.starts_at)} "
            f"({obj.get_status_display().lower()})"
        )


class PersonalityTestForm(forms.Form):
    """A consultant records the personality test and the feedback on it."""

    taken_on = forms.DateField(label=_("Persontesten er taget"), widget=DateInput())
    feedback_given_on = forms.DateField(
        label=_("Feedback givet"),
        required=False,
        widget=DateInput(),
        help_text=_("Tom, indtil HR-konsulenten har givet feedback på testen."),
    )
    feedback_by = forms.ModelChoiceField(
        label=_("Feedback givet af"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("Vælg HR-konsulent"),
    )
    conversation = FeedbackConversationChoiceField(
        label=_("Feedbacksamtale"),
        queryset=Conversation.objects.none(),
        required=False,
        empty_label=_("Ikke planlagt i Lederspor"),
        help_text=_("Samtalen om persontesten, hvis den er planlagt i Lederspor."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        consultants: QuerySet[Person],
        conversations: QuerySet[Conversation] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "feedback_by", forms.ModelChoiceField).queryset = consultants
        if conversations is not None:
            form_field(
                self, "conversation", FeedbackConversationChoiceField
            ).queryset = conversations


class PersonalityTestEditForm(VersionedForm, PersonalityTestForm):
    """Correcting a recorded personality test: its fields and the version the page was loaded
    with."""


class OutcomeForm(forms.Form):
    """The outcome of the programme (seed 003): a choice with a date and a note — never a
    rating."""

    outcome = forms.ChoiceField(
        label=_("Resultat"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg et resultat.")},
    )
    decided_on = forms.DateField(
        label=_("Dato"),
        widget=DateInput(),
        help_text=_("Fx første dag i lederjobbet, eller den dag I vurderede ledertraineen."),
        error_messages={
            "required": _("Angiv datoen for resultatet."),
            "invalid": _("Angiv en gyldig dato."),
        },
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class OutcomeEditForm(VersionedForm, OutcomeForm):
    """Changing a recorded outcome: its fields and the version the page was loaded with."""


class TakeOffForm(forms.Form):
    """Date, time and place of the joint take-off event."""

    starts_at = forms.DateTimeField(label=_("Starter"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Slutter"), widget=DateTimeInput())
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Arrangementet skal slutte efter det starter."))
        return data


def rating_field(phase: Phase, index: int) -> str:
    return f"rating_{phase.pk}_{index}"


def comment_field(phase: Phase, index: int) -> str:
    return f"comment_{phase.pk}_{index}"


class EffectForm(forms.Form):
    """One respondent's ratings (1–5) and comments for every rated effect of the phases reached
    (`rated_effects`: "Ledertrainee i lederjob / ’lederparat’ ledertrainee." is the outcome, not
    a rating)."""

    def __init__(self, *args: Any, phases: list[Phase], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phases = phases
        for phase in phases:
            for i, text in rated_effects(phase.effects):
                self.fields[rating_field(phase, i)] = forms.TypedChoiceField(
                    label=text,
                    choices=Rating.choices,
                    coerce=int,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={
                        "invalid_choice": _("Vælg en vurdering fra 1 til 5."),
                    },
                )
                self.fields[comment_field(phase, i)] = forms.CharField(
                    label=_("Kommentar"),
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        given = 0
        for phase in self.phases:
            for i, _text in rated_effects(phase.effects):
                rating = data.get(rating_field(phase, i))
                if rating:
                    given += 1
                elif (data.get(comment_field(phase, i)) or "").strip() and not self.has_error(
                    rating_field(phase, i)
                ):
                    self.add_error(
                        rating_field(phase, i),
                        _("Vælg en vurdering, før du skriver en kommentar."),
                    )
        if not given and not self.errors:
            raise forms.ValidationError(_("Vælg en vurdering for mindst én effekt."))
        return data

    def rows(self) -> list[tuple[Phase, list[tuple[int, str, Any, Any]]]]:
        """Per phase: (index, effect text, rating bound field, comment bound field)."""
        return [
            (
                phase,
                [
                    (i, text, self[rating_field(phase, i)], self[comment_field(phase, i)])
                    for i, text in rated_effects(phase.effects)
                ],
            )
            for phase in self.phases
        ]

    def answers(self) -> list[dict[str, Any]]:
        """The rated effects as `effect_answers_save` takes them."""
        out = []
        for phase in self.phases:
            for i, _text in rated_effects(phase.effects):
                rating = self.cleaned_data.get(rating_field(phase, i))
                if rating:
                    out.append(
                        {
                            "phase": phase,
                            "effect_index": i,
                            "rating": rating,
                            "comment": self.cleaned_data.get(comment_field(phase, i), ""),
                        }
                    )
        return out


class JointStartOptionForm(forms.Form):
    """The consultant's choice: start part 1 as one joint meeting for the cohort (seed 003)."""

    joint_start_part1 = forms.BooleanField(
        label=_(
            "Hold første del af opstartssamtalen som ét fælles møde for alle ledertrainees og deres ledere"
        ),
        required=False,
    )


class JointStartForm(forms.Form):
    """Time and place of the joint start meeting."""

    starts_at = forms.DateTimeField(
        label=_("Starter"),
        widget=DateTimeInput(),
        error_messages={"required": _("Angiv hvornår mødet starter.")},
    )
    ends_at = forms.DateTimeField(
        label=_("Slutter"),
        widget=DateTimeInput(),
        error_messages={"required": _("Angiv hvornår mødet slutter.")},
    )
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("Mødet skal slutte efter, at det starter."))
        return data
