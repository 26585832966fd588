"""Forms for network groups (Danish labels)."""

from __future__ import annotations

from typing import Any, TypedDict

from django import forms
from django.utils.translation import gettext_lazy as _

from lederspor.core.concurrency import VersionedForm
from lederspor.core.forms import form_field
from lederspor.grouping import criteria as crit
from lederspor.grouping.models import GroupingRound, NetworkGroup


class RoundSettings(TypedDict):
    """A round's settings as keyword arguments of `grouping_round_create` and
    `grouping_round_update`."""

    criteria: list[crit.CriterionSpec]
    group_count: int | None
    min_size: int
    max_size: int
    keep_same_workplace_apart: bool
    avoid_earlier_rounds: bool


class RoundSettingsForm(forms.Form):
    """Criteria (mode and weight each), group sizes and hard rules of a round."""

    group_count = forms.IntegerField(
        label=_("Antal grupper"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Tomt: så få grupper som muligt inden for det største antal deltagere."),
    )
    min_size = forms.IntegerField(label=_("Mindst antal pr. gruppe"), min_value=2, max_value=50)
    max_size = forms.IntegerField(label=_("Højst antal pr. gruppe"), min_value=2, max_value=50)
    keep_same_workplace_apart = forms.BooleanField(
        label=_("Ikke to fra samme arbejdsplads i en gruppe"), required=False
    )
    avoid_earlier_rounds = forms.BooleanField(
        label=_("Undgå, at deltagere mødes i samme gruppe som i tidligere runder (hvis muligt)"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, definition in crit.CRITERIA.items():
            self.fields[f"mode_{key}"] = forms.ChoiceField(
                label=_("Tilgang"),
                choices=[(str(m), label) for m, label in crit.MODE_LABELS.items()],
                initial=str(definition.default_mode),
            )
            self.fields[f"weight_{key}"] = forms.IntegerField(
                label=_("Vægt"),
                min_value=0,
                max_value=crit.MAX_WEIGHT,
                initial=int(definition.default_weight),
            )

    @classmethod
    def initial_for(cls, rnd: GroupingRound) -> dict[str, Any]:
        """Initial values from a round."""
        initial: dict[str, Any] = {
            "group_count": rnd.group_count,
            "min_size": rnd.min_size,
            "max_size": rnd.max_size,
            "keep_same_workplace_apart": rnd.keep_same_workplace_apart,
            "avoid_earlier_rounds": rnd.avoid_earlier_rounds,
        }
        for spec in crit.normalise_criteria(rnd.criteria):
            initial[f"mode_{spec['key']}"] = spec["mode"]
            initial[f"weight_{spec['key']}"] = int(spec["weight"])
        return initial

    def criterion_rows(self) -> list[tuple[object, forms.BoundField, forms.BoundField]]:
        """(label, mode field, weight field) per criterion, for the template."""
        return [
            (d.label, self[f"mode_{key}"], self[f"weight_{key}"])
            for key, d in crit.CRITERIA.items()
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        low, high = data.get("min_size"), data.get("max_size")
        if low and high and low > high:
            self.add_error("max_size", _("Det største antal skal være mindst det mindste antal."))
        return data

    def settings(self) -> RoundSettings:
        """Keyword arguments for `grouping_round_create` / `grouping_round_update`."""
        d = self.cleaned_data
        return {
            "criteria": [
                {"key": key, "mode": d[f"mode_{key}"], "weight": d[f"weight_{key}"]}
                for key in crit.CRITERIA
            ],
            "group_count": d["group_count"],
            "min_size": d["min_size"],
            "max_size": d["max_size"],
            "keep_same_workplace_apart": d["keep_same_workplace_apart"],
            "avoid_earlier_rounds": d["avoid_earlier_rounds"],
        }


class RoundSettingsEditForm(VersionedForm, RoundSettingsForm):
    """A round's settings with the round's version the page was built from."""


def new_round_initial() -> dict[str, Any]:
    """Initial values for a new round: those of an unsaved round with the model's defaults and
    the default criteria (4–6 per group, both rules on)."""
    return RoundSettingsForm.initial_for(GroupingRound(criteria=crit.default_criteria()))


class MoveForm(VersionedForm, forms.Form):
    """Move one participant to another group of the round (with the round's version)."""

    group = forms.ModelChoiceField(label=_("Flyt til"), queryset=NetworkGroup.objects.none())

    def __init__(self, *args: Any, round: GroupingRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "group", forms.ModelChoiceField).queryset = round.groups.all()


class LockForm(VersionedForm, forms.Form):
    """Lock or unlock one participant (with the round's version)."""

    locked = forms.BooleanField(required=False)


class GroupTasksForm(VersionedForm, forms.Form):
    """The tasks a network group is to solve (with its round's version)."""

    tasks = forms.CharField(
        label=_("Gruppens opgaver"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Deltagerne ser opgaverne på deres side, når grupperne er offentliggjort."),
    )


class JtiForm(forms.Form):
    """The participant records their JTI type with explicit consent (seed 002 §2)."""

    jti_type = forms.CharField(
        label=_("Din JTI-type"),
        required=False,
        max_length=4,
        help_text=_("Fire bogstaver, fx ENTJ eller ISFP."),
    )
    consent = forms.BooleanField(
        label=_(
            "Jeg giver samtykke til, at min JTI-type gemmes og bruges til at sammensætte "
            "mangfoldige netværksgrupper. Jeg kan trække samtykket tilbage her."
        ),
        required=False,
    )

    def clean_jti_type(self) -> str:
        jti_type: str = self.cleaned_data["jti_type"].strip().upper()
        return jti_type
