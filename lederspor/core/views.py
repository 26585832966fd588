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
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from lederspor.core.combobox import picker_matches, picker_searching, pickers
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.models import User
from lederspor.core.readlog import note_read

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
    the form carries the errors and the typed data, and the status is 200 when a picker's
    fallback "Søg" button posted the form (`core.combobox`: shown again with the matches), 409 for a
    `ConcurrentEditError` (its Danish message as a non-field error), 400 for an invalid form or
    any other `ValidationError` (on the fields it names; `fields_by_code` maps an error code to
    a field, e.g. {"window": "day"}). Other exceptions propagate.
    """
    if not form.is_valid():
        # a picker's fallback search (core.combobox) is not a failed save
        return Submission(ok=False, status=200 if picker_searching(form) else 400)
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


@login_required
@require_GET
def picker_search(request: HttpRequest, key: str) -> JsonResponse:
    """The matches of a search-as-you-type picker (issue #17 §1; `core.combobox`):
    GET `q` (the typed text) and `for` (the object the form is about) →
    `{"results": [{"id", "name", "unit", "job_title"}, …]}`, at most `PICKER_LIMIT`, from the
    set the picker's `choices` allows this user for that object. 404 for an unknown key or
    when the user may not pick for the object (the entry's rule, a 403 of it included); persons shown are noted in
    the read log."""
    try:
        picker = pickers.get(key)
    except KeyError:
        raise Http404 from None
    try:
        queryset = picker.choices(request, request.GET.get("for", ""))
    except PermissionDenied:
        raise Http404 from None
    items = picker_matches(picker, queryset, request.GET.get("q", ""))
    if picker.reads is not None and items:
        note_read(request, [item.id for item in items], picker.reads)
    return JsonResponse({"results": [item.as_json() for item in items]})
