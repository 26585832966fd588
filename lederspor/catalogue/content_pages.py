"""A catalogue task's texts as an editable `core.content_pages.ContentPage` (issue #16 §1)."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from lederspor.catalogue.audit import CatalogueAction
from lederspor.catalogue.content import apply_data, task_key
from lederspor.catalogue.forms import TaskContentForm
from lederspor.catalogue.models import PracticeTask
from lederspor.core.content_pages import ContentPage
from lederspor.core.content_placeholders import substitute_links


def task_content_page(task: PracticeTask) -> ContentPage:
    """The `ContentPage` of `task`'s texts (key `task:<number>`): the edit and history pages
    and the demo's edit use it."""

    def apply(data: dict[str, Any]) -> None:
        apply_data(task, data)
        task.save()

    title = f"{task.number}. {task.title}"
    return ContentPage(
        key=task_key(task.number),
        title=title,
        form_class=TaskContentForm,
        preview_template="catalogue/_task_content.html",
        apply=apply,
        audit_action=CatalogueAction.TASK_CONTENT_EDIT,
        audit_obj=task,
        back_url=reverse("catalogue:task_detail", args=[task.number]),
        edit_url=reverse("catalogue:task_content_edit", args=[task.number]),
        history_url=reverse("catalogue:task_content_history", args=[task.number]),
        breadcrumbs=(
            (str(gettext_lazy("Opgavekatalog")), reverse("catalogue:task_list")),
            (title, reverse("catalogue:task_detail", args=[task.number])),
        ),
        current=lambda: {
            "title": task.title,
            "purpose": task.purpose,
            "content": task.content,
            "case": task.case,
            "links": substitute_links(task.links),
            "steps": task.steps,
        },
    )
