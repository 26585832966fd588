from django.contrib import admin

from lederspor.people.models import OrgUnit, Person


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin[OrgUnit]):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    show_full_result_count = False


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ["full_name", "employee_number", "job_title", "profession", "unit", "manager"]
    list_filter = ["is_leader", "is_active", "unit__kind"]
    search_fields = ["first_name", "last_name", "email", "employee_number"]
    autocomplete_fields = ["unit", "manager", "chef_override", "user"]
    list_select_related = ["unit", "manager"]
    # issue #17 §1: at 30,000 persons a second COUNT(*) of the whole table per page is waste
    show_full_result_count = False
