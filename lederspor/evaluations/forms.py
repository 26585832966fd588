"""Forms of the evaluation pages (Danish labels; bad input keeps what was typed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.evaluations.models import Question, QuestionKind, QuestionnaireTemplate
from lederspor.evaluations.services import answer_field
from lederspor.programmes.forms import DateInput, DateTimeInput
from lederspor.programmes.models import Session


class TemplateChoiceField(forms.ModelChoiceField[QuestionnaireTemplate]):
    """A template shown with its moment and audience."""

    def label_from_instance(self, obj: QuestionnaireTemplate) -> str:
        return (
            f"{obj.name} ({obj.get_moment_display().lower()}, {obj.get_audience_display().lower()})"
        )


class SessionChoiceField(forms.ModelChoiceField[Session]):
    """A session shown with its kind and theme."""

    def label_from_instance(self, obj: Session) -> str:
        return f"{obj.get_kind_display()}: {obj.theme}"


class QuestionnaireNewForm(forms.Form):
    """ "Ny evaluering": a template, the session it follows (for a session template) and
    whether it is anonymous."""

    template = TemplateChoiceField(
        label=_("Skabelon"), queryset=QuestionnaireTemplate.objects.none()
    )
    session = SessionChoiceField(
        label=_("Mødegang"),
        queryset=Session.objects.none(),
        required=False,
        help_text=_("Kun for en evaluering efter en mødegang."),
    )
    anonymous = forms.BooleanField(label=_("Anonym"), required=False, initial=True)

    def __init__(self, *args: Any, templates: Any, sessions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates  # type: ignore[attr-defined]
        self.fields["session"].queryset = sessions  # type: ignore[attr-defined]


class QuestionnaireSettingsForm(VersionedForm):
    """A draft's title, anonymity and times."""

    title = forms.CharField(label=_("Titel"), max_length=200)
    anonymous = forms.BooleanField(
        label=_("Anonym"),
        required=False,
        help_text=_("Svarene gemmes uden navn; kun at personen har svaret, gemmes."),
    )
    send_at = forms.DateTimeField(label=_("Sendes"), widget=DateTimeInput())
    reminder_at = forms.DateTimeField(label=_("Påmindelse sendes"), widget=DateTimeInput())
    closes_on = forms.DateField(label=_("Lukker efter"), widget=DateInput())


class QuestionAddForm(VersionedForm):
    """A new question at the end of a draft."""

    kind = forms.ChoiceField(label=_("Type"), choices=QuestionKind.choices)
    text = forms.CharField(label=_("Spørgsmål"), max_length=500)
    choices = forms.CharField(
        label=_("Svarmuligheder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én pr. linje, kun for ét eller flere valg."),
    )
    required = forms.BooleanField(label=_("Skal besvares"), required=False, initial=True)


class QuestionEditForm(VersionedForm):
    """One question of a draft: its text, options and whether it must be answered."""

    text = forms.CharField(label=_("Spørgsmål"), max_length=500)
    choices = forms.CharField(
        label=_("Svarmuligheder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én pr. linje."),
    )
    required = forms.BooleanField(label=_("Skal besvares"), required=False)


class ActionForm(VersionedForm):
    """A button that changes the questionnaire (schedule, close, remove a question): only the
    version the page was loaded with."""


SCALE_CHOICES = [(str(v), str(v)) for v in range(1, 6)]


class AnswerForm(forms.Form):
    """The answer page: one field per question (`services.answer_field`), in order. The
    service validates again; this form keeps what was typed on an error."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for q in questions:
            field: forms.Field
            if q.kind == QuestionKind.SCALE:
                field = forms.ChoiceField(
                    choices=SCALE_CHOICES,
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                    help_text=_("1 = i meget lav grad, 5 = i meget høj grad"),
                )
            elif q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(
                    choices=[(c, c) for c in q.choices], widget=forms.RadioSelect
                )
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(
                    choices=[(c, c) for c in q.choices], widget=forms.CheckboxSelectMultiple
                )
            else:
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}), max_length=5000, strip=True
                )
            field.label = q.text
            field.required = False  # the service decides, with one Danish message
            self.fields[answer_field(q)] = field

    def pairs(self) -> list[tuple[Question, forms.BoundField]]:
        """(question, its bound field) in order, for the answer page's template."""
        return [(q, self[answer_field(q)]) for q in self.questions]
