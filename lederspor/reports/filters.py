"""The filter every report page shares: programme, year, forvaltning, område, profession, cohort.

The form's choices come from the reader's scope (`reports.access.ReportScope`): a consultant
is offered only their own cohorts. A filter narrows the *participants* (the persons on the
enrolments) by where they work and their profession, and the *cohorts* by programme, start
year (the cohort's *årgang*: the year of `Cohort.starts_on`) and cohort.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from lederspor.people.models import OrgUnit, Person
from lederspor.people.selectors import OrgRole, UnitInfo, load_units, role_units, unit_subtree_ids
from lederspor.programmes.models import Cohort, Programme


def unit_q(unit_id: int, *, prefix: str, units: dict[int, UnitInfo]) -> Q:
    """Persons (at `prefix`, e.g. "person__") working in `unit_id` or any unit below it, at any
    depth of the tree `units` (from `people.selectors.load_units`; issue #17 §2)."""
    return Q(**{f"{prefix}unit_id__in": sorted(unit_subtree_ids({unit_id}, units))})


@dataclass(frozen=True)
class ReportFilter:
    """The cleaned filter. Every field None (or "") means "all"."""

    programme: Programme | None = None
    year: int | None = None
    department: OrgUnit | None = None
    area: OrgUnit | None = None
    profession: str = ""
    cohort: Cohort | None = None
    #: the unit tree, loaded at most once per filter (`tree`); not part of the filter's value
    _tree: dict[int, UnitInfo] = field(default_factory=dict, init=False, compare=False, repr=False)

    def tree(self) -> dict[int, UnitInfo]:
        """The org unit tree (`people.selectors.load_units`), loaded on first use and kept, so
        a report page that filters and breaks down by forvaltning walks it with one query."""
        if not self._tree:
            self._tree.update(load_units())
        return self._tree

    def cohorts(self, cohorts: QuerySet[Cohort]) -> QuerySet[Cohort]:
        """`cohorts` narrowed by programme, start year and cohort."""
        if self.programme is not None:
            cohorts = cohorts.filter(programme=self.programme)
        if self.year is not None:
            cohorts = cohorts.filter(starts_on__year=self.year)
        if self.cohort is not None:
            cohorts = cohorts.filter(pk=self.cohort.pk)
        return cohorts

    def persons_q(self, *, prefix: str = "person__") -> Q:
        """A Q on persons (at `prefix`) for forvaltning, område and profession."""
        q = Q()
        for unit in (self.department, self.area):
            if unit is not None:
                q &= unit_q(unit.pk, prefix=prefix, units=self.tree())
        if self.profession:
            q &= Q(**{f"{prefix}profession": self.profession})
        return q

    @property
    def narrows_persons(self) -> bool:
        """Whether the filter narrows the participants (not only the cohorts)."""
        return bool(self.department or self.area or self.profession)


class ReportFilterForm(forms.Form):
    """GET form of the report pages (all fields optional; an invalid value is reported)."""

    programme = forms.ModelChoiceField(
        label=_("Forløb"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Alle forløb"),
        to_field_name="key",
    )
    year = forms.TypedChoiceField(
        label=_("År (holdets start)"), required=False, coerce=int, empty_value=None
    )
    department = forms.ModelChoiceField(
        label=_("Forvaltning"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Alle forvaltninger"),
        to_field_name="code",
    )
    area = forms.ModelChoiceField(
        label=_("Område"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Alle områder"),
        to_field_name="code",
    )
    profession = forms.ChoiceField(label=_("Faggruppe"), required=False)
    cohort = forms.ModelChoiceField(
        label=_("Hold"),
        queryset=Cohort.objects.none(),
        required=False,
        empty_label=_("Alle hold"),
    )

    def __init__(self, *args: Any, cohorts: QuerySet[Cohort], **kwargs: Any) -> None:
        """`cohorts`: the reader's scope; the choices are built from it (5 queries)."""
        super().__init__(*args, **kwargs)
        choice = cast("dict[str, forms.ModelChoiceField[Any]]", self.fields)
        plain = cast("dict[str, forms.ChoiceField]", self.fields)
        choice["programme"].queryset = (
            Programme.objects.filter(cohorts__in=cohorts).distinct().order_by("name")
        )
        years = (
            cohorts.annotate(y=ExtractYear("starts_on"))
            .values_list("y", flat=True)
            .distinct()
            .order_by("-y")
        )
        plain["year"].choices = [("", _("Alle år")), *[(y, str(y)) for y in years]]
        # the units playing forvaltning and område in the configured levels (issue #17 §2)
        fields = ("id", "code", "name", "kind", "parent_id")
        choice["department"].queryset = role_units(OrgRole.DEPARTMENT).only(*fields)
        choice["area"].queryset = role_units(OrgRole.AREA).only(*fields)
        professions = (
            Person.objects.filter(enrolments__cohort__in=cohorts)
            .exclude(profession="")
            .values_list("profession", flat=True)
            .distinct()
            .order_by("profession")
        )
        plain["profession"].choices = [("", _("Alle faggrupper")), *[(p, p) for p in professions]]
        choice["cohort"].queryset = cohorts.select_related("programme").order_by(
            "-starts_on", "name"
        )

    def report_filter(self) -> ReportFilter:
        """The cleaned filter; call after `is_valid()` (an invalid form gives the empty filter)."""
        if not self.is_valid():
            return ReportFilter()
        data = self.cleaned_data
        return ReportFilter(
            programme=data["programme"],
            year=data["year"],
            department=data["department"],
            area=data["area"],
            profession=data["profession"] or "",
            cohort=data["cohort"],
        )
