from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lederspor.people.models import OrgUnit, Person


class LevelFilter(admin.SimpleListFilter):
    """Filter units by level, each shown by its label (`OrgUnit.kind_label`): the kinds in use,
    one query."""

    title = _("niveau")
    parameter_name = "kind"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        """(kind, label) for every kind in use, by label."""
        kinds = OrgUnit.objects.order_by().values_list("kind", flat=True).distinct()
        return sorted(((k, OrgUnit(kind=k).kind_label) for k in kinds), key=lambda kl: kl[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Rows whose `parameter_name` is the chosen kind (all rows without a choice)."""
        value = self.value()
        return queryset.filter(**{self.parameter_name: value}) if value else queryset


class UnitLevelFilter(LevelFilter):
    """Filter persons by the level of their unit, shown by its label."""

    title = _("enhedens niveau")
    parameter_name = "unit__kind"


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["name", "code", "level", "parent"]
    list_filter = [LevelFilter]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    show_full_result_count = False

    @admin.display(description=_("niveau"), ordering="kind")
    def level(self, obj: OrgUnit) -> str:
        """The unit's level in the user's language (`OrgUnit.kind_label`; any level name from
        a source is shown as it is)."""
        return obj.kind_label


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["full_name", "employee_number", "job_title", "profession", "unit", "manager"]
    list_filter = ["is_leader", "is_active", UnitLevelFilter]
    search_fields = ["first_name", "last_name", "email", "employee_number"]
    autocomplete_fields = ["unit", "manager", "chef_override", "user"]
    list_select_related = ["unit", "manager"]
    # issue #17 §1: at 30,000 persons a second COUNT(*) of the whole table per page is waste
    show_full_result_count = False
