from django.contrib import admin
from django.http import HttpRequest

from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskNote


@admin.register(PracticeTask)
class PracticeTaskAdmin(admin.ModelAdmin[PracticeTask]):
    list_display = ["number", "title"]
    search_fields = ["title", "purpose", "content", "case"]
    filter_horizontal = ["combines_with"]


class TaskNoteInline(admin.TabularInline[TaskNote, TaskAssignment]):
    model = TaskNote
    extra = 0
    readonly_fields = ["author", "text", "created_at"]


@admin.register(TaskAssignment)
class TaskAssignmentAdmin(admin.ModelAdmin[TaskAssignment]):
    """Read-mostly: the workflow runs through the pages so every change is audited."""

    list_display = ["title", "enrolment", "status", "due_on"]
    list_filter = ["status", "catalogue_task"]
    search_fields = ["title", "enrolment__person__first_name", "enrolment__person__last_name"]
    readonly_fields = [f.name for f in TaskAssignment._meta.fields]
    inlines = [TaskNoteInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
