"""Administrators manage structure, not content (issue #15 §4): no page of the Django admin
lists, shows, searches or filters on a private field (`core.private_content.PRIVATE_FIELDS`),
for superusers too — walked over every registered ModelAdmin and its inlines, so a new
registration is checked without touching this file; and a superuser's change page of an
enrolment with a JTI type does not carry the type."""

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from lederspor.catalogue.models import TaskAssignment, TaskNote
from lederspor.conftest import login
from lederspor.core.private_content import PRIVATE_FIELDS, private_fields_of


def _path_target(model: type[Model], path: str) -> tuple[str, str] | None:
    """The (model label, field name) a lookup path such as "enrolment__jti_type" ends in, or
    None when it does not name a field (a method or admin callable)."""
    path = path.lstrip("^=@")
    current = model
    parts = path.split("__")
    for index, part in enumerate(parts):
        try:
            field = current._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if index == len(parts) - 1 or field.related_model is None:
            return current._meta.label_lower, field.name
        current = field.related_model
    return None


def _names(items) -> list[str]:
    """The string entries of an admin option (list_display, list_filter …), flattened."""
    names = []
    for item in items or ():
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, (list, tuple)):
            names.extend(i for i in item if isinstance(i, str))
    return names


def _field_names_of_fieldsets(fieldsets) -> list[str]:
    names = []
    for _name, options in fieldsets:
        for entry in options.get("fields", ()):
            names.extend(entry if isinstance(entry, (list, tuple)) else [entry])
    return names


def exposed_private_fields(model_admin, request) -> set[tuple[str, str]]:
    """Every (model label, private field) that `model_admin` (or one of its inlines) lists,
    shows, makes read-only, searches, filters or orders by."""
    model = model_admin.model
    exposed: set[tuple[str, str]] = set()

    def check(on_model: type[Model], names) -> None:
        for name in names:
            target = _path_target(on_model, name)
            if target is not None and target[1] in private_fields_of(target[0]):
                exposed.add(target)

    check(model, _names(model_admin.get_list_display(request)))
    check(model, _names(model_admin.get_list_filter(request)))
    check(model, _names(model_admin.get_search_fields(request)))
    check(model, _names(model_admin.get_readonly_fields(request)))
    check(model, _names(model_admin.get_ordering(request)))
    check(model, _field_names_of_fieldsets(model_admin.get_fieldsets(request)))
    for inline in model_admin.get_inline_instances(request):
        check(inline.model, _names(inline.get_readonly_fields(request)))
        check(inline.model, _field_names_of_fieldsets(inline.get_fieldsets(request)))
    return exposed


def test_private_fields_name_real_fields():
    from django.apps import apps

    for label, names in PRIVATE_FIELDS.items():
        model = apps.get_model(label)
        for name in names:
            model._meta.get_field(name)  # raises FieldDoesNotExist for a typo


@pytest.mark.parametrize(
    "model_admin",
    list(admin.site._registry.values()),
    ids=[model._meta.label_lower for model in admin.site._registry],
)
def test_no_admin_page_exposes_private_content(cast, model_admin):
    request = RequestFactory().get("/admin/")
    request.user = cast.admin
    assert exposed_private_fields(model_admin, request) == set()


def test_the_walk_finds_a_private_field(cast):
    """The check above can fail: an admin that shows a task note's text is caught."""

    class Leaky(admin.ModelAdmin):
        list_display = ["title", "learning_goal"]
        search_fields = ["notes__text"]
        fields = ["title", "status"]

    request = RequestFactory().get("/admin/")
    request.user = cast.admin
    leaky = Leaky(TaskAssignment, admin.site)
    assert exposed_private_fields(leaky, request) == {
        ("catalogue.taskassignment", "learning_goal"),
        ("catalogue.tasknote", "text"),
    }


def test_a_superusers_enrolment_page_does_not_carry_the_jti_type(cast):
    enrolment = cast.enrolment
    enrolment.jti_type = "INTJ"
    enrolment.jti_consent_at = timezone.now()
    enrolment.motivation = "Hun er klar til at lede Solsikken"
    enrolment.save(update_fields=["jti_type", "jti_consent_at", "motivation"])
    client = login(Client(), cast.admin)
    page = client.get(reverse("admin:programmes_enrolment_change", args=[enrolment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert cast.aspirant.full_name in html  # the page works and shows who
    assert "INTJ" not in html
    assert "Solsikken" not in html
    listing = client.get(reverse("admin:programmes_enrolment_changelist"), {"q": "INTJ"})
    assert listing.status_code == 200
    assert "0 resultater" in listing.content.decode()  # the type is not searched


def test_a_superusers_task_page_does_not_carry_its_contents_or_notes(cast):
    assignment = TaskAssignment.objects.create(
        enrolment=cast.enrolment,
        title="Planlæg personalemødet",
        learning_goal="Hemmeligt læringsmål",
        status=TaskAssignment.Status.AGREED,
        proposed_by=cast.aspirant,
        due_on=timezone.localdate(),
    )
    TaskNote.objects.create(assignment=assignment, author=cast.aspirant, text="Hemmelig note")
    client = login(Client(), cast.admin)
    page = client.get(reverse("admin:catalogue_taskassignment_change", args=[assignment.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Planlæg personalemødet" in html
    assert "Hemmelig note" not in html
    assert "Hemmeligt læringsmål" not in html
