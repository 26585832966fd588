"""Forms of the "Tekster" pages: one field per editable part of a text, plus the change note."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.core.lib.forms import apply_validation_error
from lederspor.texts import services
from lederspor.texts.registry import EditableText


class TextForm(VersionedForm):
    """The wording of `text`: a line per subject, a text area per paragraph (initial: `data`),
    an optional note, and the item's `version` (0 before the loader stored the text). `clean`
    runs `services.check`, so a preview shows the same Danish errors a save would."""

    note = forms.CharField(
        label=_("Note til versionen (valgfri)"),
        max_length=300,
        required=False,
        help_text=_("Fx hvorfor teksten er ændret. Vises i versionshistorikken."),
    )

    def __init__(self, *args: Any, text: EditableText, data_initial: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.text = text
        names = ", ".join("{" + p.name + "}" for p in text.placeholders)
        for spec in reversed(text.fields):
            widget: forms.Widget = (
                forms.TextInput(attrs={"maxlength": spec.max_length})
                if spec.subject
                else forms.Textarea(attrs={"rows": 5})
            )
            help_text = (
                _("Pladsholdere: %(names)s. Emnelinjen må ikke indeholde fortroligt indhold.")
                if spec.subject
                else _("Pladsholdere: %(names)s.")
            )
            self.fields = {
                spec.name: forms.CharField(
                    label=str(spec.label),
                    widget=widget,
                    required=False,  # services.check says it in Danish, with the other rules
                    initial=data_initial.get(spec.name, ""),
                    help_text=help_text % {"names": names or _("ingen")},
                ),
                **self.fields,
            }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        try:
            wording = services.check(self.text, cleaned)
        except ValidationError as error:
            apply_validation_error(self, error)
        else:
            cleaned.update(wording)
        return cleaned

    def wording(self) -> dict[str, str]:
        """The checked wording `{field: text}` of a valid form."""
        return {spec.name: self.cleaned_data[spec.name] for spec in self.text.fields}
