"""No admin page renders every person, unit or login (issue #17 §1: 30,000 persons): every
foreign key or many-to-many to `Person`, `OrgUnit` or `User` that an admin form edits is an
autocomplete field (Django's admin search-as-you-type, served by the target admin's
`search_fields`) or read-only; admins that list persons load their relations in the list's
query and do not count the whole table twice."""

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from lederspor.core.models import User
from lederspor.people.models import OrgUnit, Person

TARGETS = (Person, OrgUnit, User)


def _edited_relations(model_admin, request) -> list[models.Field]:
    """The relation fields to a target that the admin's form shows as a widget (none when the
    admin is read-only: no add and no change permission)."""
    obj = model_admin.model._default_manager.first()
    if not model_admin.has_add_permission(request) and not model_admin.has_change_permission(
        request, obj
    ):
        return []
    fields = model_admin.get_fields(request, obj)
    readonly = set(model_admin.get_readonly_fields(request, obj))
    found = []
    for name in fields:
        if name in readonly:
            continue
        try:
            field = model_admin.model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field
            continue
        if (field.many_to_one or field.many_to_many or field.one_to_one) and (
            field.related_model in TARGETS
        ):
            found.append(field)
    return found


def _admins():
    return [pytest.param(ma, id=type(ma).__name__) for ma in admin.site._registry.values()]


@pytest.mark.parametrize("model_admin", _admins())
def test_every_person_unit_or_login_field_is_an_autocomplete(model_admin, cast, rf):
    request = rf.get("/admin/")
    request.user = cast.admin
    auto = set(model_admin.autocomplete_fields) | set(model_admin.raw_id_fields)
    missing = [f.name for f in _edited_relations(model_admin, request) if f.name not in auto]
    assert not missing, f"{type(model_admin).__name__}: {missing} render every row as <option>"


@pytest.mark.parametrize("model", TARGETS)
def test_the_targets_admins_search(model):
    target = admin.site._registry[model]
    assert target.search_fields


@pytest.mark.parametrize("model_admin", _admins())
def test_lists_of_persons_load_their_relations_and_skip_the_full_count(model_admin):
    meta = model_admin.model._meta
    names = {f.name for f in meta.get_fields()}
    relations = [
        name
        for name in model_admin.list_display
        if isinstance(name, str) and name in names and meta.get_field(name).many_to_one
    ]
    lists_persons = model_admin.model in TARGETS or any(
        meta.get_field(name).related_model in TARGETS for name in relations
    )
    if lists_persons:
        assert model_admin.show_full_result_count is False, type(model_admin).__name__
    if relations:
        selected = model_admin.list_select_related
        assert selected is True or set(relations) <= set(selected or ()), (
            type(model_admin).__name__,
            relations,
        )


def test_the_admin_person_list_makes_the_same_queries_at_two_sizes(cast, as_):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = as_(cast.admin)
    url = reverse("admin:people_person_changelist")

    def count() -> int:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"q": "a"}).status_code == 200
        return len(ctx.captured_queries)

    def grow(n: int, tag: str) -> None:
        Person.objects.bulk_create(
            Person(
                employee_number=f"A{tag}{i}",
                first_name=f"Ane{i}",
                last_name=tag,
                email=f"a{tag}{i}@test.dk",
                unit=cast.workplace,
                manager=cast.leader,
            )
            for i in range(n)
        )

    grow(5, "s")
    small = count()
    grow(150, "l")
    assert count() == small


def _grow_persons(cast, n: int, tag: str) -> None:
    Person.objects.bulk_create(
        Person(
            employee_number=f"E{tag}{i}",
            first_name=f"Eva{i}",
            last_name=tag,
            email=f"e{tag}{i}@test.dk",
            unit=cast.workplace,
            manager=cast.leader,
        )
        for i in range(n)
    )


def test_the_unfiltered_admin_person_list_counts_by_the_estimate_at_two_sizes(
    cast, as_, monkeypatch
):
    """Issue #17 §1: on PostgreSQL `SELECT COUNT(*) FROM people_person` scans the whole table;
    the unfiltered list of a big table takes the planner's estimate instead (faked here: SQLite
    has none), with the same queries whatever the number of persons."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from lederspor.people import admin as people_admin

    monkeypatch.setattr(people_admin, "table_row_estimate", lambda qs: 12_345)
    client = as_(cast.admin)
    url = reverse("admin:people_person_changelist")

    def queries() -> list[str]:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert response.context["cl"].result_count == 12_345
        return [q["sql"] for q in ctx.captured_queries]

    _grow_persons(cast, 5, "s")
    small = queries()
    _grow_persons(cast, 150, "l")
    large = queries()
    assert len(large) == len(small)
    assert not [sql for sql in large if "COUNT(" in sql.upper() and "people_person" in sql]


def test_a_filtered_or_small_admin_person_list_counts_exactly(cast, monkeypatch):
    from lederspor.people import admin as people_admin
    from lederspor.people.admin import EstimatedCountPaginator

    monkeypatch.setattr(people_admin, "table_row_estimate", lambda qs: 12_345)
    filtered = Person.objects.filter(is_active=True)
    assert EstimatedCountPaginator(filtered, 50).count == filtered.count()
    monkeypatch.setattr(people_admin, "table_row_estimate", lambda qs: 40)
    assert EstimatedCountPaginator(Person.objects.all(), 50).count == Person.objects.count()
    monkeypatch.setattr(people_admin, "table_row_estimate", lambda qs: None)
    assert EstimatedCountPaginator(Person.objects.all(), 50).count == Person.objects.count()


def test_the_person_list_checkbox_is_djangos_markup(cast):
    model_admin = admin.site._registry[Person]
    for person in (cast.leader, cast.aspirant):
        assert model_admin.action_checkbox(person) == admin.ModelAdmin.action_checkbox(
            model_admin, person
        )
