"""The catalogue in Django's admin: the practice tasks (the seed's content; its texts are edited on the task's page), and the
tasks as agreed for one aspirant, read-only and without their contents or notes (the notes are
not shown at all: a note's name is its text). Administrators manage structure, not content
(issue #15 §4, `core.private_content`)."""

from django.contrib import admin
from django.http import HttpRequest

from lederspor.catalogue.models import PracticeTask, TaskAssignment
from lederspor.core.private_content import structure_fields


@admin.register(PracticeTask)
class PracticeTaskAdmin(admin.ModelAdmin[PracticeTask]):
    list_display = ["number", "title"]
    search_fields = ["title", "purpose", "content", "case"]
    filter_horizontal = ["combines_with"]
    # versioned content (issue #16 §1, docs/content.md): HR edits the texts on the task's page
    # ("Redigér"), where an edit is a version the loader never overwrites; here they are read-only
    readonly_fields = ["title", "purpose", "content", "case", "links", "steps"]


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(admin.ModelAdmin[TaskAssignment]):
    """Read-mostly: the workflow runs through the pages so every change is audited. The
    structure only (task, aspirant, status, dates), never the contents."""

    list_display = ["title", "enrolment", "status", "due_on"]
    list_select_related = ["enrolment", "enrolment__person", "enrolment__cohort"]
    list_filter = ["status", "catalogue_task"]
    search_fields = ["title", "enrolment__person__first_name", "enrolment__person__last_name"]
    fields = structure_fields(TaskAssignment)
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
