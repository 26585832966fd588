"""The view side of a service call: "service → 409/400 → keep the form" in one place.

A view validates its form and hands the service call to `submit`; on success it redirects, on
failure it renders the same bound form (the user keeps what they typed) with the status
`submit` chose (STYLE.md §4, §10; `core.concurrency`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.core.exceptions import ValidationError

from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.lib.forms import apply_validation_error

T = TypeVar("T")


@dataclass(frozen=True)
class Submission(Generic[T]):
    """What `submit` did: `ok` with the service's `result`, or not, with the HTTP `status` to
    render the form again with (400: invalid input or a refused rule; 409: a stale save)."""

    ok: bool
    status: int
    result: T | None = None


def submit(
    form: forms.BaseForm,
    save: Callable[[dict[str, Any]], T],
    *,
    fields_by_code: Mapping[str, str] | None = None,
) -> Submission[T]:
    """Validate the bound `form`, then call `save(form.cleaned_data)` (one service call).

    Returns `Submission(ok=True, status=200, result=…)` when the service succeeded. Otherwise
    the form carries the errors and the typed data, and the status is 409 for a
    `ConcurrentEditError` (its Danish message as a non-field error), 400 for an invalid form or
    any other `ValidationError` (on the fields it names; `fields_by_code` maps an error code to
    a field, e.g. {"window": "day"}). Other exceptions propagate.
    """
    if not form.is_valid():
        return Submission(ok=False, status=400)
    try:
        result = save(form.cleaned_data)
    except ConcurrentEditError as error:
        for message in error.messages:
            form.add_error(None, message)
        return Submission(ok=False, status=409)
    except ValidationError as error:
        apply_validation_error(form, error, fields_by_code=fields_by_code)
        return Submission(ok=False, status=400)
    return Submission(ok=True, status=200, result=result)
