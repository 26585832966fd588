"""Programmes, cohorts and enrolments in Django's admin. Enrolments are read-only and show
their structure only (who, which cohort, status, dates), never the nomination's reasons or the
JTI type (issue #15 §4, `core.private_content`)."""

from django.contrib import admin
from django.http import HttpRequest

from lederspor.core.private_content import structure_fields
from lederspor.programmes.content import ELEMENT_FIELDS, PHASE_FIELDS, PROGRAMME_FIELDS
from lederspor.programmes.models import (
    Attendance,
    Cohort,
    Element,
    Enrolment,
    Phase,
    Programme,
    Session,
)

# The template texts are versioned content (issue #16 §1, docs/content.md): HR edits them on the
# programme's pages ("Redigér"), where every edit is a version the loader never overwrites. An
# edit here would bypass the history and be replaced at the next deploy, so they are read-only.


class PhaseInline(admin.StackedInline[Phase, Programme]):
    model = Phase
    extra = 0
    readonly_fields = PHASE_FIELDS


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin[Programme]):
    list_display = ["name", "key", "kind", "is_operational"]
    inlines = [PhaseInline]
    readonly_fields = PROGRAMME_FIELDS


@admin.register(Element)
class ElementAdmin(admin.ModelAdmin[Element]):
    list_display = ["name", "phase", "kind", "order"]
    list_filter = ["kind", "phase__programme"]
    list_select_related = ["phase"]
    readonly_fields = ELEMENT_FIELDS


class SessionInline(admin.TabularInline[Session, Cohort]):
    model = Session
    extra = 0


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin[Cohort]):
    list_display = ["name", "programme", "starts_on", "ends_on", "capacity"]
    list_filter = ["programme"]
    search_fields = ["name"]
    list_select_related = ["programme"]
    # the consultants by search-as-you-type (PersonAdmin.search_fields), not every person listed
    autocomplete_fields = ["consultants"]
    inlines = [SessionInline]


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin[Enrolment]):
    """Read-mostly: status changes go through the pages (services write the audit trail)."""

    list_display = ["person", "cohort", "status", "nominated_by", "nominated_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person", "cohort", "nominated_by"]
    show_full_result_count = False
    fields = structure_fields(Enrolment)
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin[Attendance]):
    list_display = ["enrolment", "session", "status"]
    list_filter = ["status"]
    list_select_related = ["enrolment", "enrolment__person", "enrolment__cohort", "session"]
