"""Views of the ground floor: the view side of a service call ("service → 409/400 → keep the
form" in one place) and the language switch.

A view validates its form and hands the service call to `submit`; on success it redirects, on
failure it renders the same bound form (the user keeps what they typed) with the status
`submit` chose (STYLE.md §4, §10; `core.concurrency`). A form-less POST (a button) hands its
service call to `attempt`, which turns a refusal into an error message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.models import User

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


def attempt(
    request: HttpRequest, service: Callable[..., T], /, **kwargs: object
) -> tuple[bool, T | None]:
    """Call `service(**kwargs)` for a form-less POST; a refusal (ValidationError) becomes an
    error message.

    Returns (True, the service's result) or (False, None).
    """
    try:
        return True, service(**kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False, None


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the interface language (POST `language`, `next`): Django's `set_language` sets
    the language cookie and redirects to a safe `next`; for a signed-in user the choice is also
    stored on their login (`User.language`), so it follows them to other browsers and decides the
    language of their e-mails. An unknown language changes nothing."""
    response = set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=user.pk).update(language=language)
    return response


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """/favicon.ico, which browsers request on pages that name no icon (Django's admin): a
    permanent redirect to the house icon (`static/lederspor/favicon.svg`), not a 404."""
    return HttpResponsePermanentRedirect(static("lederspor/favicon.svg"))
