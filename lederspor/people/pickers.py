"""The person and unit flavours of the ground floor's pickers (`core.combobox`, issue #17 §1;
docs/pickers.md): how a person or a unit is searched and shown, and the form fields every app
uses for a person or unit that is chosen from a set that grows with the municipality.

An app registers a picker for each form field in its `AppConfig.ready()`:

    pickers.register(person_picker("catalogue.task_host", choices=task_host_choices))

where `choices(request, picker_for) -> QuerySet` is the field's allowed set for the object the
form is about, raising Http404 when the user may not use that form (the same rule as the
form's view). The form declares `PersonPickerField(picker="catalogue.task_host", …)`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest

from lederspor.core.combobox import Picker, PickerField, PickerItem, PickerMultipleField
from lederspor.core.readlog import RecordKind
from lederspor.people.models import OrgUnit, Person


def person_search(queryset: QuerySet[Person], words: list[str]) -> QuerySet[Person]:
    """`queryset` narrowed to the active persons where every word starts the first or last name
    (or a later part of a name of several words), the e-mail, the employee number or the name
    of their unit; any case; by name (`person_name_idx`), unit loaded. Inactive persons are
    never offered (issue #17 §2).

    On PostgreSQL every condition on the person is served by the trigram indexes of migration
    people 0006 (`UPPER(column) LIKE 'WORD%'`), so the OR becomes a BitmapOr of index scans
    rather than a sequential scan of `people_person` (issue #17 §1). For that the unit
    condition is a list of unit ids (fetched in one query for all the words; units are a few
    thousand) compared with `unit_id`, served by its index, not a join to the units inside the
    OR, which no index can serve."""
    persons = queryset.filter(is_active=True)
    units = _units_starting_with(words)
    for word in words:
        prefix = word.upper()
        persons = persons.filter(
            Q(first_name__istartswith=word)
            | Q(first_name__icontains=" " + word)
            | Q(last_name__istartswith=word)
            | Q(last_name__icontains=" " + word)
            | Q(email__istartswith=word)
            | Q(employee_number__istartswith=word)
            | Q(unit_id__in=[pk for pk, name in units if name.upper().startswith(prefix)])
        )
    return persons.select_related("unit").order_by("first_name", "last_name", "pk")


def _units_starting_with(words: list[str]) -> list[tuple[int, str]]:
    """(id, name) of the units whose name starts with any of `words`, any case; one query, none
    without words."""
    if not words:
        return []
    condition = Q()
    for word in words:
        condition |= Q(name__istartswith=word)
    return list(OrgUnit.objects.filter(condition).values_list("pk", "name"))


def person_item(person: Person) -> PickerItem:
    """A person as a match: name, unit name and job title only (needs `unit` loaded)."""
    return PickerItem(
        id=person.pk, name=person.full_name, unit=person.unit.name, job_title=person.job_title
    )


def unit_search(queryset: QuerySet[OrgUnit], words: list[str]) -> QuerySet[OrgUnit]:
    """`queryset` narrowed to the active units whose name contains or code starts with every
    word, any case, by name, parent loaded (units are a few thousand: a contained word finds
    "Nord" in "Ældreområdet Nord"); inactive units are never offered (issue #17 §2)."""
    units = queryset.filter(is_active=True)
    for word in words:
        units = units.filter(Q(name__icontains=word) | Q(code__istartswith=word))
    return units.select_related("parent").order_by("name", "pk")


def unit_item(unit: OrgUnit) -> PickerItem:
    """A unit as a match: its name, with the name of the unit above it as "unit"."""
    return PickerItem(id=unit.pk, name=unit.name, unit=unit.parent.name if unit.parent else "")


def person_picker(
    key: str, *, choices: Callable[[HttpRequest, str], QuerySet[Person]], order: int = 0
) -> Picker:
    """A `core.combobox.pickers` entry for a person picker: `choices(request, picker_for)` is
    the allowed set (Http404 when the user may not pick); matches by `person_search`, shown
    by `person_item`, noted in the read log as person data."""
    return Picker(
        key=key,
        order=order,
        choices=choices,
        search=person_search,
        item=person_item,
        reads=RecordKind.PERSON,
        related=("unit",),
    )


def unit_picker(
    key: str, *, choices: Callable[[HttpRequest, str], QuerySet[OrgUnit]], order: int = 0
) -> Picker:
    """A `core.combobox.pickers` entry for a unit picker (see `person_picker`); units are not
    personal data, so nothing is noted in the read log."""
    return Picker(
        key=key,
        order=order,
        choices=choices,
        search=unit_search,
        item=unit_item,
        related=("parent",),
    )


class PersonPickerField(PickerField):
    """One person chosen by search (`core.combobox.PickerField`); `queryset` defaults to none
    (the form sets the allowed set). The chosen person is loaded with the unit."""

    def __init__(
        self, *, picker: str, queryset: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            picker=picker,
            queryset=(queryset if queryset is not None else Person.objects.none()),
            **kwargs,
        )


class PersonPickerMultipleField(PickerMultipleField):
    """Several persons chosen by search (`core.combobox.PickerMultipleField`)."""

    def __init__(
        self, *, picker: str, queryset: QuerySet[Person] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            picker=picker,
            queryset=(queryset if queryset is not None else Person.objects.none()),
            **kwargs,
        )


class UnitPickerField(PickerField):
    """One unit chosen by search (`core.combobox.PickerField`)."""

    def __init__(
        self, *, picker: str, queryset: QuerySet[OrgUnit] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            picker=picker,
            queryset=(queryset if queryset is not None else OrgUnit.objects.none()),
            **kwargs,
        )
