from functools import cached_property
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
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


#: below this many rows (by the planner's estimate) the exact COUNT(*) is cheap enough to keep
ESTIMATE_FROM_ROWS = 10_000


def table_row_estimate(queryset: QuerySet[Any]) -> int | None:
    """PostgreSQL's estimate of the number of rows in `queryset`'s table (`pg_class.reltuples`,
    kept by ANALYZE and autovacuum), or None on other databases or before the table was first
    analysed. One query, no scan."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [queryset.model._meta.db_table],
        )
        row = cursor.fetchone()
    return int(row[0]) if row and row[0] >= 0 else None


class EstimatedCountPaginator(Paginator[Any]):
    """A paginator that, for the unfiltered list of a big table, takes its count from the
    planner's estimate (`table_row_estimate`) instead of `SELECT COUNT(*)`, which on
    PostgreSQL always scans the whole table (issue #17 §1: 30,000 persons). A filtered or
    searched list, a small table and other databases get the exact count.

    The admin uses the count for the "N personer" line and the page links; after a big import
    the estimate is refreshed by the import's ANALYZE, so the last page may be short or a few
    rows past it reachable only by search or a filter until then."""

    @cached_property
    def count(self) -> int:
        """The estimate for an unfiltered big table, otherwise the exact count."""
        queryset = self.object_list
        if isinstance(queryset, QuerySet) and not queryset.query.where:
            estimate = table_row_estimate(queryset)
            if estimate is not None and estimate >= ESTIMATE_FROM_ROWS:
                return estimate
        return super().count


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
    # issue #17 §1: at 30,000 persons a second COUNT(*) of the whole table per page is waste,
    # and the first one is an estimate for the unfiltered list
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # the project's page size (Django's default is 100 rows, each rendered by the admin's
    # templates); a total order the index person_name_idx serves as it is (without "id",
    # Django appends "-id" and PostgreSQL sorts each run of equal names)
    list_per_page = settings.LEDERSPOR_PAGE_SIZE
    ordering = ["first_name", "last_name", "id"]

    def action_checkbox(self, obj: Person) -> SafeString:
        """The row's selection checkbox: the same markup as Django's (`CheckboxInput` rendered
        through the form renderer's templates) written with `format_html`, which costs a
        fraction of a template render per row."""
        label = format_html(gettext("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )
