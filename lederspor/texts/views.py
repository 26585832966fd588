"""The "Tekster" pages (issue #16 §1): HR staff list, preview, edit, restore the editable texts.

Who: HR staff (`programmes.manage_programmes`, `Roles.can_manage_programmes`) and
administrators; anyone else gets 404 (the texts are municipality-wide wording, not a relation's
record). Every write goes through `core.views.submit`, so a stale save is 409 with the typed text
kept.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.core import content_versions as cv
from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.concurrency import VersionedForm
from lederspor.core.models import ContentVersion
from lederspor.core.views import submit
from lederspor.people.roles import roles_for
from lederspor.texts import services
from lederspor.texts.forms import TextForm
from lederspor.texts.registry import KIND_LABELS, EditableText, editable_texts


def _may_edit(request: HttpRequest) -> None:
    """404 unless the signed-in person is HR staff or an administrator."""
    if not roles_for(request).can_manage_programmes:
        raise not_found()


def _text(key: str) -> EditableText:
    try:
        return services.get_text(key)
    except KeyError:
        raise not_found() from None


@login_required
def text_list(request: HttpRequest) -> HttpResponse:
    """Tekster: every editable text grouped by area, with "Ændret af HR" / "Standard" / "Ny
    standard tilbydes". Two queries for the texts, whatever their number."""
    _may_edit(request)
    states = services.states(editable_texts)
    groups = [
        (area, list(rows))
        for area, rows in groupby(
            sorted(states, key=lambda s: (str(s.text.area), s.text.order)),
            key=lambda s: str(s.text.area),
        )
    ]
    return render(request, "texts/text_list.html", {"groups": groups, "kinds": KIND_LABELS})


def _preview(text: EditableText, wording: dict[str, str]) -> dict[str, Any]:
    """The preview context: the wording filled with the placeholders' sample values."""
    samples = services.sample_values(text)
    return {
        "parts": [
            (spec, services.fill(wording.get(spec.name, ""), samples)) for spec in text.fields
        ],
        "samples": samples,
    }


def _edit_page(
    request: HttpRequest,
    text: EditableText,
    form: TextForm | None = None,
    *,
    status: int = 200,
    preview: dict[str, Any] | None = None,
) -> HttpResponse:
    """The edit page of `text` with `form` (None: an unbound form of the live wording at the
    item's current version)."""
    state = services.states([text])[0]
    if form is None:
        form = TextForm(text=text, data_initial=services.live(text), version=state.version)
    return render(
        request,
        "texts/text_edit.html",
        {
            "text": text,
            "kind_label": KIND_LABELS[text.kind],
            "state": state,
            "form": form,
            "preview": preview,
            "history": cv.history(text.content_key),
            "offer": cv.pending_offer(text.content_key),
            "version_form": VersionedForm(version=state.version),
        },
        status=status,
    )


@login_required
def text_edit(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """One text: the form, "Vis eksempel" (preview with sample data, nothing saved), "Gem"
    (a new version; 409 with the typed text kept when someone saved in between), the version
    history and the offered new default."""
    _may_edit(request)
    text = _text(key)
    if request.method != "POST":
        return _edit_page(request, text)
    form = TextForm(request.POST, text=text, data_initial=services.live(text))
    if "preview" in request.POST:
        if form.is_valid():
            return _edit_page(request, text, form, preview=_preview(text, form.wording()))
        return _edit_page(request, text, form, status=400)
    done = submit(
        form,
        lambda d: services.text_edit(
            text=text,
            data={spec.name: d[spec.name] for spec in text.fields},
            by=request.user,
            expected_version=d["version"],
            note=d.get("note", ""),
        ),
    )
    if done.ok and done.result is not None:
        messages.success(
            request,
            _("Teksten er gemt som version %(n)d og er i brug nu.") % {"n": done.result.number},
        )
        return redirect("texts:edit", key=text.key)
    messages.error(request, _("Teksten er ikke gemt. Ret fejlene herunder."))
    return _edit_page(request, text, form, status=done.status)


@login_required
def text_version(request: HttpRequest, key: str, number: int) -> HttpResponse:
    """One version of a text as it read (with the sample data), and "Gendan denne version"."""
    _may_edit(request)
    text = _text(key)
    version = (
        ContentVersion.objects.filter(item__key=text.content_key, number=number)
        .select_related("created_by", "item")
        .first()
    )
    if version is None:
        raise not_found()
    wording = {spec.name: str(version.data.get(spec.name, "")) for spec in text.fields}
    return render(
        request,
        "texts/text_version.html",
        {
            "text": text,
            "version": version,
            "preview": _preview(text, wording),
            "version_form": VersionedForm(version=version.item.version),
        },
    )


def _version_post(
    request: AuthenticatedHttpRequest, text: EditableText, save: Any, success: str
) -> HttpResponse:
    form = VersionedForm(request.POST)
    try:
        done = submit(form, save)
    except ContentVersion.DoesNotExist:
        raise not_found() from None
    if done.ok:
        messages.success(request, success)
        return redirect("texts:edit", key=text.key)
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return _edit_page(request, text, status=done.status)


@login_required
@require_POST
def text_restore(request: AuthenticatedHttpRequest, key: str, number: int) -> HttpResponse:
    """Gendan: version `number` becomes live again as a new version (409 when stale)."""
    _may_edit(request)
    text = _text(key)
    return _version_post(
        request,
        text,
        lambda d: services.text_restore(
            text=text, number=number, by=request.user, expected_version=d["version"]
        ),
        _("Version %(n)d er gendannet som en ny version.") % {"n": number},
    )


@login_required
@require_POST
def text_accept_default(request: AuthenticatedHttpRequest, key: str) -> HttpResponse:
    """Tag ny standard i brug: the offered seed default becomes live (409 when stale, 404 when
    nothing is offered)."""
    _may_edit(request)
    text = _text(key)
    return _version_post(
        request,
        text,
        lambda d: services.text_accept_default(
            text=text, by=request.user, expected_version=d["version"]
        ),
        _("Den nye standardtekst er taget i brug."),
    )
