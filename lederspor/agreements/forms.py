"""Forms of the learning agreement: how the leader supports, goals and building blocks as
formsets, approval and execution. Labels quote seed 003 where the seed names the thing."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lederspor.agreements.models import (
    BLOCK_KIND_SEED_TEXT,
    BlockKind,
    BlockStatus,
    Complexity,
    GoalKind,
    PracticeForm,
    PracticeScope,
)
from lederspor.agreements.services import ApprovalRole
from lederspor.core.concurrency import VersionedForm
from lederspor.core.content_placeholders import substitute
from lederspor.programmes.forms import DateInput


class SupportForm(forms.Form):
    """How the nearest leader supports the trainee (seed 003: "sparring og supervision fra
    nærmeste leder")."""

    leader_support = forms.CharField(
        label=_("Sådan støtter nærmeste leder"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Fx løbende møder med sparring og feedback, og supervision af praksiselementerne."
        ),
    )


class SupportEditForm(VersionedForm, SupportForm):
    """The edit page's own fields: how the leader supports, and the version of the agreement
    the page was loaded with (the goal and block formsets are saved with it)."""


class GoalRowForm(forms.Form):
    """One learning goal: for the programme or personal."""

    kind = forms.ChoiceField(label=_("Slags"), choices=[("", _("Vælg slags")), *GoalKind.choices])
    text = forms.CharField(
        label=pgettext_lazy("one learning goal", "Læringsmål"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class BlockRowForm(forms.Form):
    """One building block (*byggeklods*). Form and scope only for practice elements."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("Byggeklods"), choices=[("", _("Vælg byggeklods")), *BlockKind.choices]
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivelse"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    practice_form = forms.ChoiceField(
        label=_("Trænes som (praksiselement)"),
        required=False,
        choices=[("", _("Ikke valgt")), *PracticeForm.choices],
    )
    scope = forms.ChoiceField(
        label=_("Lokal eller tværgående (praksiselement)"),
        required=False,
        choices=[("", _("Ikke valgt")), *PracticeScope.choices],
    )
    starts_on = forms.DateField(label=_("Fra"), required=False, widget=DateInput())
    ends_on = forms.DateField(label=_("Til"), required=False, widget=DateInput())
    complexity = forms.TypedChoiceField(
        label=_("Kompleksitet"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Ikke valgt")), *Complexity.choices],
        help_text=_("Kompleksiteten i praksis øges over perioden."),
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and start > end:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        if data.get("kind") and data["kind"] != BlockKind.PRACTICE:
            for name in ("practice_form", "scope"):
                if data.get(name):
                    self.add_error(name, _("Gælder kun praksiselementer."))
        if data.get("kind") == BlockKind.PRACTICE and not data.get("practice_form"):
            self.add_error(
                "practice_form",
                _("Vælg, hvordan praksiselementet trænes (fx følge lederen eller bisidder)."),
            )
        return data


class RowFormSet(forms.BaseFormSet[forms.Form]):
    """Rows of the edit page; empty extra rows are skipped."""

    def rows(self) -> list[dict[str, Any]]:
        """The cleaned rows to save, in order, without deleted and untouched empty rows."""
        return [
            {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def _row_formset(form: type[forms.Form]) -> type[RowFormSet]:
    """A `RowFormSet` of `form` rows: two empty rows, deletable, at most 40."""
    formset = forms.formset_factory(
        form, formset=RowFormSet, extra=2, can_delete=True, max_num=40, validate_max=True
    )
    # formset_factory subclasses the `formset` it is given; its stub says only BaseFormSet
    return cast(type[RowFormSet], formset)


GoalFormSet = _row_formset(GoalRowForm)
BlockFormSet = _row_formset(BlockRowForm)

#: the seed's four bullets, for the kind select's help and the page's guide
BLOCK_KIND_GUIDE = [(kind.label, substitute(BLOCK_KIND_SEED_TEXT[kind])) for kind in BlockKind]


class ApproveForm(VersionedForm, forms.Form):
    """Approve a draft in one role (the view checks the viewer holds it), with the version the
    page was loaded with."""

    role = forms.ChoiceField(choices=[(r.value, r.value) for r in ApprovalRole])


class ExecutionForm(VersionedForm, forms.Form):
    """How a block of the approved agreement went: status and reflection, with the agreement's
    version the page was loaded with."""

    status = forms.ChoiceField(label=_("Status"), choices=BlockStatus.choices)
    reflection = forms.CharField(
        label=_("Refleksion"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Hvad lærte du? Hvad tager du med videre?"),
    )
