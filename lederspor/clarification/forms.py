"""Forms for 'Leder på spring'. Labels and errors in Danish; services do the rule checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from lederspor.clarification.models import (
    ATTACHMENT_EXTENSIONS,
    TALK_ASPECTS,
    LeaderTalkFeedback,
    PreStartMailing,
)
from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.programmes.forms import DateInput
from lederspor.programmes.models import Session


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class TeachingDaysForm(forms.Form):
    """Five dates (one per teaching day of seed 002 §5), one time span and one place."""

    def __init__(self, *args: Any, names: list[tuple[str, str]], **kwargs: Any) -> None:
        """`names`: (name, theme) per teaching day, e.g. ("1. undervisningsdag", "Ledelse i en
        kommunal kontekst")."""
        super().__init__(*args, **kwargs)
        for i, (name, theme) in enumerate(names, start=1):
            self.fields[f"day_{i}"] = forms.DateField(
                label=f"{name}: {theme}",
                widget=DateInput(),
                error_messages={
                    "required": _("Angiv en dato."),
                    "invalid": _("Angiv en gyldig dato."),
                },
            )
        self.fields["starts"] = forms.TimeField(
            label=_("Starter kl."),
            initial=dt.time(9),
            widget=TimeInput(),
            error_messages={
                "required": _("Angiv et tidspunkt."),
                "invalid": _("Angiv et gyldigt tidspunkt."),
            },
        )
        self.fields["ends"] = forms.TimeField(
            label=_("Slutter kl."),
            initial=dt.time(15, 30),
            widget=TimeInput(),
            error_messages={
                "required": _("Angiv et tidspunkt."),
                "invalid": _("Angiv et gyldigt tidspunkt."),
            },
        )
        self.fields["place"] = forms.CharField(label=_("Sted"), max_length=200, required=False)
        self.day_count = len(names)

    def dates(self) -> list[dt.date]:
        """The entered dates in field order (after validation)."""
        return [self.cleaned_data[f"day_{i}"] for i in range(1, self.day_count + 1)]


class MailingForm(forms.ModelForm[PreStartMailing]):
    """The pre-start mailing's text, JTI link, article links and offset."""

    jti_url = forms.URLField(
        label=_("Link til JTI-analysen"),
        max_length=500,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Angiv et gyldigt link, fx https://…")},
    )
    days_before = forms.IntegerField(
        label=_("Antal dage før kursusstart"),
        min_value=0,
        max_value=120,
        initial=14,
        help_text=_("Mailen sendes kl. 7 om morgenen så mange dage før holdets startdato."),
        error_messages={
            "required": _("Angiv et antal dage mellem 0 og 120."),
            "invalid": _("Angiv et antal dage mellem 0 og 120."),
            "min_value": _("Angiv et antal dage mellem 0 og 120."),
            "max_value": _("Angiv et antal dage mellem 0 og 120."),
        },
    )

    class Meta:
        model = PreStartMailing
        fields = ["subject", "body", "jti_url", "article_links", "days_before"]
        widgets = {
            "body": forms.Textarea(attrs={"rows": 12}),
            "article_links": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "subject": {"required": _("Skriv et emne.")},
            "body": {"required": _("Skriv en tekst til deltagerne.")},
            "jti_url": {"invalid": _("Angiv et gyldigt link, fx https://…")},
        }


class MailingEditForm(VersionedForm, MailingForm):
    """Changing the saved mailing: its fields and the version the page was loaded with."""


def _attachment_help_text() -> str:
    return _("Højst 10 MB. Tilladte filtyper: %(types)s.") % {
        "types": ", ".join(ATTACHMENT_EXTENSIONS)
    }


class AttachmentForm(forms.Form):
    """An article file for the mailing."""

    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    upload = forms.FileField(
        label=_("Fil (PDF eller Word)"),
        # lazy: formatted when the form is shown, in that request's language (a formatted
        # gettext_lazy at class level would be fixed in the language active at import)
        help_text=lazy(_attachment_help_text, str)(),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        error_messages={"required": _("Vælg en fil."), "empty": _("Filen er tom.")},
    )


class HomeworkForm(forms.Form):
    """A homework task for a teaching day."""

    title = forms.CharField(
        label=_("Titel"), max_length=200, error_messages={"required": _("Skriv en titel.")}
    )
    text = forms.CharField(
        label=_("Beskrivelse"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    is_network_group_task = forms.BooleanField(label=_("Løses i netværksgruppen"), required=False)


class BookingForm(forms.Form):
    """Date, time and place of the individual JTI feedback session."""

    date = forms.DateField(
        label=_("Dato"),
        widget=DateInput(),
        error_messages={"required": _("Angiv en dato."), "invalid": _("Angiv en gyldig dato.")},
    )
    starts = forms.TimeField(
        label=_("Starter kl."),
        widget=TimeInput(),
        error_messages={
            "required": _("Angiv et tidspunkt."),
            "invalid": _("Angiv et gyldigt tidspunkt."),
        },
    )
    ends = forms.TimeField(
        label=_("Slutter kl."),
        widget=TimeInput(),
        error_messages={
            "required": _("Angiv et tidspunkt."),
            "invalid": _("Angiv et gyldigt tidspunkt."),
        },
    )
    place = forms.CharField(label=_("Sted"), max_length=200, required=False)


class TeachingDayChoiceField(forms.ModelChoiceField[Session]):
    """A teaching day, shown with its theme and date."""

    def label_from_instance(self, obj: Session) -> str:
        return f"{obj.theme} ({date_format(timezone.localtime(obj.starts_at))})"


class TalkForm(forms.Form):
    """The participant's leader talk: its title and the teaching day it is delivered on."""

    title = forms.CharField(
        label=_("Titel på lederindlægget"),
        max_length=200,
        error_messages={"required": _("Skriv en titel.")},
    )
    session = TeachingDayChoiceField(
        label=_("Holdes på"),
        queryset=Session.objects.none(),
        required=False,
        empty_label=_("Ikke fastlagt endnu"),
    )

    def __init__(self, *args: Any, sessions: list[Session], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "session", TeachingDayChoiceField).queryset = Session.objects.filter(
            pk__in=[s.pk for s in sessions]
        )


class TalkEditForm(VersionedForm, TalkForm):
    """Changing a registered leader talk: its fields and the version the page was loaded with."""


class FeedbackForm(forms.ModelForm[LeaderTalkFeedback]):
    """Feedback (what worked well) and feedforward (try next time) per aspect."""

    class Meta:
        model = LeaderTalkFeedback
        fields = [
            f"{key}_{part}" for key, _l in TALK_ASPECTS for part in ("feedback", "feedforward")
        ]
        widgets = {
            f"{key}_{part}": forms.Textarea(attrs={"rows": 3})
            for key, _l in TALK_ASPECTS
            for part in ("feedback", "feedforward")
        }

    def aspect_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(aspect label, feedback field, feedforward field) per aspect, for the template."""
        return [
            (str(label), self[f"{key}_feedback"], self[f"{key}_feedforward"])
            for key, label in TALK_ASPECTS
        ]


class FeedbackEditForm(VersionedForm, FeedbackForm):
    """Changing one's feedback: its fields and the version the page was loaded with."""
