"""Search-as-you-type pickers for sets that grow with the municipality (issue #17 §1: "No page
renders more than one page of people"): a form field that never lists its choices, the
registry of server-side choice sets the search endpoint answers from, and the endpoint's rules.

How a picker works (docs/pickers.md):

- A form declares a `PickerField` (one choice) or `PickerMultipleField` (several) with a
  `picker` key and gives it a queryset: the allowed choices, evaluated lazily and never
  iterated to render the page. The view sets `field.picker_for` to the form's object (e.g. the
  enrolment's id), so the search endpoint can check the same permission.
- With JavaScript (static/lederspor/picker.js), the field is an accessible combobox
  (alphagov's accessible-autocomplete, static/vendor/) that asks `core:picker` for at most
  `PICKER_LIMIT` matches as the user types.
- Without JavaScript, the field is a text input and a "Søg" button that posts the whole form;
  the form is shown again with everything typed kept and at most `PICKER_LIMIT` matches as
  radio buttons (check boxes for several); the choice already made stays checked.
- The posted id must be in the field's queryset, or the form gets a Danish error.

The set a picker key may search is defined on the server by its `Picker` entry in `pickers`
(registered in an app's `AppConfig.ready()`): `choices(request, picker_for)` returns the
allowed queryset or raises Http404 when the user may not pick for that object. The ground floor
knows no model: the people app offers the person and unit flavours (`people.pickers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from lederspor.core.readlog import RecordKind
from lederspor.core.registry import Registry

#: the most matches the endpoint returns and the no-JavaScript fallback lists
PICKER_LIMIT = 20
#: the longest search text used (characters; longer input is cut, not refused)
PICKER_QUERY_MAX_LENGTH = 100
#: at most this many words of a search are used (each is one more condition)
PICKER_QUERY_MAX_WORDS = 5
#: the suffixes of the fallback's text input and search button after the field's HTML name
QUERY_SUFFIX = "__q"
SEARCH_SUFFIX = "__search"


@dataclass(frozen=True)
class PickerItem:
    """One match as the endpoint returns it: the id, the name, the unit's name and the job
    title (persons) — nothing else about the person (issue #17 §1)."""

    id: int
    name: str
    unit: str = ""
    job_title: str = ""

    def as_json(self) -> dict[str, object]:
        """{"id", "name", "unit", "job_title"} for the JSON answer."""
        return {"id": self.id, "name": self.name, "unit": self.unit, "job_title": self.job_title}

    @property
    def label(self) -> str:
        """The text shown for the match: "Name – job title, unit" (the parts that are set)."""
        detail = ", ".join(part for part in (self.job_title, self.unit) if part)
        return f"{self.name} – {detail}" if detail else self.name


@dataclass(frozen=True)
class Picker:
    """An entry of `pickers`: one picker key and its server-side rules.

    `key`: the picker's name in URLs and forms ("catalogue.task_host"). `choices(request,
    picker_for)`: the allowed queryset for the object `picker_for` names (the `for` parameter,
    a string, usually an id), raising Http404 when the signed-in user may not pick for it (or
    it does not exist). `search(queryset, words)`: the queryset narrowed to the matches of the
    search words (each word must match), in display order. `item(obj)`: the `PickerItem` shown
    for a match. `reads`: the read-log record kind the endpoint notes for the matches' ids
    (persons), or None (units). `related`: the relations `item` reads (`select_related` when
    the chosen ones are loaded).
    """

    key: str
    order: int
    choices: Callable[[HttpRequest, str], QuerySet[Any]]
    search: Callable[[QuerySet[Any], list[str]], QuerySet[Any]]
    item: Callable[[Any], PickerItem]
    reads: RecordKind | None = None
    related: tuple[str, ...] = ()


#: the picker keys the search endpoint `core:picker` answers (docs/architecture.md)
pickers: Registry[Picker] = Registry("core.pickers")


def picker_object_id(picker_for: str) -> int:
    """The id in a picker's `for` parameter; Http404 when it is not a positive whole number
    (for a `Picker.choices` function)."""
    if not picker_for.isdigit() or not picker_for.isascii():
        raise Http404
    return int(picker_for)


def query_words(q: str) -> list[str]:
    """The words of a search text: at most `PICKER_QUERY_MAX_WORDS` whitespace-separated words
    of the first `PICKER_QUERY_MAX_LENGTH` characters, control characters (NUL, which
    PostgreSQL refuses) dropped. "" gives []."""
    printable = "".join(c for c in q[:PICKER_QUERY_MAX_LENGTH] if c.isprintable() or c == " ")
    return printable.split()[:PICKER_QUERY_MAX_WORDS]


def picker_matches(picker: Picker, queryset: QuerySet[Any], q: str) -> list[PickerItem]:
    """At most `PICKER_LIMIT` matches of the search text `q` within `queryset`, as items; []
    for an empty search. One query."""
    words = query_words(q)
    if not words:
        return []
    return [picker.item(obj) for obj in picker.search(queryset, words)[:PICKER_LIMIT]]


class PickerWidget(forms.Widget):
    """The picker's HTML (templates/core/widgets/picker.html): the search input (which the
    field's label points to), the fallback's "Søg" button, and the choice(s) as radio buttons
    or check boxes: the chosen ones and, after a fallback search, the matches. Renders with at
    most two queries (the chosen ones, the matches); never iterates the field's queryset.

    The field sets `field` (itself) and, per form, `form_data` and `html_name`.
    """

    template_name = "core/widgets/picker.html"
    multiple = False

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.field: PickerField | PickerMultipleField | None = None
        self.form_data: Mapping[str, Any] = {}
        self.html_name = ""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.multiple:
            return data.getlist(name) if hasattr(data, "getlist") else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        # an unchecked radio button or check box is not posted: not "omitted" either
        return False

    def use_required_attribute(self, initial: Any) -> bool:
        # the fallback's search button must post the form while nothing is chosen yet
        return False

    @property
    def query(self) -> str:
        """What was typed in the fallback's search input (kept when the form is shown again)."""
        value = self.form_data.get(self.html_name + QUERY_SUFFIX, "")
        return str(value)[:PICKER_QUERY_MAX_LENGTH]

    @property
    def searching(self) -> bool:
        """Whether the fallback's "Søg" button posted the form with something to search for
        (search, do not save). Without JavaScript, Enter in another text field of the form
        "presses" the first submit button, which may be this one: with an empty search the
        form is saved as if its own button had been pressed."""
        return bool(self.form_data.get(self.html_name + SEARCH_SUFFIX)) and bool(
            query_words(self.query)
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        field = self.field
        if field is None:
            raise TypeError("a PickerWidget renders through a PickerField")
        picker = pickers.get(field.picker)
        queryset = field.queryset
        if queryset is None:
            raise TypeError("a PickerField needs a queryset")
        values = value if isinstance(value, list | tuple) else [value]
        chosen_ids = [int(v) for v in values if str(v).strip().isdigit()]
        chosen = (
            [
                (obj.pk, field.label_from_instance(obj))
                for obj in queryset.filter(pk__in=chosen_ids).select_related(*picker.related)
            ]
            if chosen_ids
            else []
        )
        matches: list[PickerItem] = []
        if self.searching:
            matches = [
                item
                for item in picker_matches(picker, queryset, self.query)
                if item.id not in chosen_ids
            ]
        url = reverse("core:picker", args=[field.picker])
        if field.picker_for:
            url += "?" + urlencode({"for": field.picker_for})
        context["picker"] = {
            "url": url,
            "multiple": self.multiple,
            "chosen": chosen,
            "matches": [(item.id, item.label) for item in matches],
            "query": self.query,
            "searched": self.searching,
            "query_name": name + QUERY_SUFFIX,
            "search_name": name + SEARCH_SUFFIX,
            "optional": not field.required and not self.multiple,
            "empty_label": field.empty_choice_label,
        }
        return context

    def id_for_label(self, id_: str) -> str:
        return id_


class PickerMultipleWidget(PickerWidget):
    """The picker for several choices: check boxes for the chosen ones (uncheck to remove)."""

    multiple = True


class _PickerFieldMixin:
    """What the single and the multiple picker field share: the key, the object the form is
    about (`picker_for`), the binding of the widget to the form's data, and the fallback's
    search (the form is not valid while the "Søg" button posted it)."""

    required: bool
    error_messages: dict[str, Any]
    empty_choice_label: str

    def _init_picker(self, picker: str, picker_for: str) -> None:
        self.picker = picker
        self.picker_for = picker_for
        self.widget.field = self  # type: ignore[attr-defined]

    def get_bound_field(self, form: forms.BaseForm, field_name: str) -> forms.BoundField:
        widget = self._picker_widget
        widget.form_data = form.data if form.is_bound else {}
        widget.html_name = form.add_prefix(field_name)
        bound: forms.BoundField = super().get_bound_field(form, field_name)  # type: ignore[misc]
        return bound

    @property
    def _picker_widget(self) -> PickerWidget:
        widget = getattr(self, "widget", None)
        if not isinstance(widget, PickerWidget):
            raise TypeError("a picker field renders with a PickerWidget")
        return widget

    def has_changed(self, initial: Any, data: Any) -> bool:
        # a search in an empty formset row is a change: the row is cleaned (and not saved)
        if self._picker_widget.searching:
            return True
        return bool(super().has_changed(initial, data))  # type: ignore[misc]

    def _check_searching(self) -> None:
        if self._picker_widget.searching:
            raise ValidationError(self.error_messages["searching"], code="searching")


_ERRORS = {
    "invalid_choice": _("Det valgte kan ikke vælges her. Søg og vælg igen."),
    "invalid_pk_value": _("Det valgte kan ikke vælges her. Søg og vælg igen."),
    "searching": _("Vælg blandt de fundne herunder, og gem derefter."),
    "required": _("Søg og vælg."),
}


class PickerField(_PickerFieldMixin, forms.ModelChoiceField):  # type: ignore[type-arg]
    """One choice from `queryset` by search (see the module). `picker`: the key of its
    `pickers` entry; `empty_choice_label`: the text of the "none" choice of an optional field.
    `clean` returns the chosen object or None; an id outside `queryset` is a Danish error
    ("invalid_choice")."""

    widget = PickerWidget

    def __init__(
        self,
        *,
        picker: str,
        queryset: QuerySet[Any],
        picker_for: str = "",
        empty_choice_label: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs["error_messages"] = {**_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(queryset=queryset, empty_label=None, **kwargs)
        self.empty_choice_label = empty_choice_label or str(_("Ingen"))
        self._init_picker(picker, picker_for)

    def __deepcopy__(self, memo: dict[int, Any]) -> PickerField:
        result = super().__deepcopy__(memo)
        result.widget.field = result
        return result

    def clean(self, value: Any) -> Any:
        self._check_searching()
        return super().clean(value)

    def label_from_instance(self, obj: Model) -> str:
        return picker_label(self.picker, obj)


class PickerMultipleField(_PickerFieldMixin, forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Several choices from `queryset` by search (see the module); `clean` returns a queryset
    of the chosen; any id outside `queryset` is a Danish error."""

    widget = PickerMultipleWidget

    def __init__(
        self, *, picker: str, queryset: QuerySet[Any], picker_for: str = "", **kwargs: Any
    ) -> None:
        kwargs["error_messages"] = {**_ERRORS, **kwargs.get("error_messages", {})}
        super().__init__(queryset=queryset, **kwargs)
        self.empty_choice_label = ""
        self._init_picker(picker, picker_for)

    def __deepcopy__(self, memo: dict[int, Any]) -> PickerMultipleField:
        result = super().__deepcopy__(memo)
        result.widget.field = result
        return result

    def clean(self, value: Any) -> Any:
        self._check_searching()
        return super().clean(value)

    def label_from_instance(self, obj: Model) -> str:
        return picker_label(self.picker, obj)


def picker_label(key: str, obj: Model) -> str:
    """The text shown for `obj` in picker `key` (its `PickerItem.label`)."""
    return pickers.get(key).item(obj).label


def picker_searching(form: forms.BaseForm) -> bool:
    """Whether `form` was posted by a picker's fallback "Søg" button (show it again with the
    matches, save nothing); `core.views.submit` then answers 200, not 400."""
    return any(
        isinstance(field, _PickerFieldMixin) and field._picker_widget.searching
        for field in _bound_fields(form)
    )


def _bound_fields(form: forms.BaseForm) -> Iterable[forms.Field]:
    for name in form.fields:
        form[name]  # binds the widget to the form's data (get_bound_field)
        yield form.fields[name]


def set_picker_for(form: forms.BaseForm, names: Iterable[str], picker_for: object) -> None:
    """Tell the picker fields `names` of `form` which object the form is about (the search
    endpoint's `for` parameter, e.g. the enrolment's id); a name the form lacks is skipped."""
    for name in names:
        field = form.fields.get(name)
        if isinstance(field, _PickerFieldMixin):
            field.picker_for = str(picker_for)
