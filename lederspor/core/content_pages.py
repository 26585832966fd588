"""Pages on which HR staff edit versioned content (issue #16 §1): edit with preview, history,
restore, and taking an offered seed default into use.

An app describes one editable piece of content as a `ContentPage` (its key, form, how the
preview is rendered, how the live data is written to its model, what is audited) and calls
`edit_view` / `history_view` from its own views after checking permission. The versions live in
`core.content_versions`; every save goes through its optimistic locking: the form carries the
`ContentItem.version` the page was loaded with, and a stale save is the shared 409 with the typed
text kept (`core.views.submit`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lederspor.core import content_versions as cv
from lederspor.core.audit import AuditAction, audit_record
from lederspor.core.concurrency import VersionedForm
from lederspor.core.models import ContentItem, ContentVersion, User
from lederspor.core.views import submit


class ContentForm(VersionedForm):
    """The form of a `ContentPage`: its fields, plus `version` (the `ContentItem.version`).

    Subclasses map between the versioned data and the fields: `initial_from(data)` and
    `content_data()` (after `is_valid`). `formsets` lists bound formsets the page renders after
    the fields (e.g. a task's titled links)."""

    formsets: list[forms.BaseFormSet[Any]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.formsets = []

    @classmethod
    def initial_from(cls, data: Mapping[str, Any]) -> dict[str, Any]:
        """The form's initial values from the live data (default: the same keys)."""
        return {name: data.get(name, "") for name in cls.base_fields if name != "version"}

    def content_data(self) -> dict[str, Any]:
        """The versioned data from `cleaned_data` (default: every field but `version`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}

    def clean(self) -> dict[str, Any]:
        """Browsers post a textarea's line breaks as CRLF: stored as LF like the seed's, so an
        unchanged text is not a change."""
        data = super().clean() or {}
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
        return data

    def is_valid(self) -> bool:
        """The fields and every formset are valid."""
        valid = super().is_valid()
        return all([valid, *(fs.is_valid() for fs in self.formsets)])


@dataclass(frozen=True)
class ContentPage:
    """One editable piece of content, described by the app that owns it.

    `key`: the `ContentItem` key; `title`: what it is ("5. Projektleder"); `form_class`: a
    `ContentForm`; `preview_template`: renders `preview` (the data as the participant will see
    it); `apply(data)`: writes live data to the app's model; `audit_action` / `audit_obj`: the
    audit event recorded with every change; `back_url`, `edit_url`, `history_url`: links.
    `breadcrumbs`: [(label, url)] before the page itself. `current()`: the model's texts now,
    for a row with no versions yet.
    """

    key: str
    title: str
    form_class: type[ContentForm]
    preview_template: str
    apply: Callable[[dict[str, Any]], None]
    audit_action: AuditAction
    audit_obj: Any
    back_url: str
    edit_url: str
    history_url: str
    breadcrumbs: tuple[tuple[str, str], ...] = ()
    current: Callable[[], dict[str, Any]] | None = None


def _item(page: ContentPage) -> ContentItem:
    """The page's `ContentItem`; a row that never came from the seed (made in the admin) gets
    its current texts as version 1 (`current`), so it can be edited and versioned too."""
    item = ContentItem.objects.filter(key=page.key).first()
    if item is None and page.current is not None:
        cv.seed_default(page.key, page.current())
        item = ContentItem.objects.filter(key=page.key).first()
    if item is None:
        raise Http404(_("Indholdet findes ikke."))
    return item


@transaction.atomic
def save_content(
    page: ContentPage,
    *,
    how: str,
    by: User,
    expected_version: int,
    data: dict[str, Any] | None = None,
    number: int = 0,
) -> ContentVersion:
    """Make a new live version of `page`'s content and write it to the app's model, with an
    audit event, in one transaction. `how`: "edit" (`data`), "restore" (version `number`) or
    "accept" (the offered seed default). Returns the live version.

    Raises ConcurrentEditError when the item changed since `expected_version`;
    ContentVersion.DoesNotExist for an unknown version or when nothing is offered.
    """
    if how == "edit":
        version = cv.edit(page.key, data or {}, by=by, expected_version=expected_version)
    elif how == "restore":
        version = cv.restore(page.key, number, by=by, expected_version=expected_version)
    elif how == "accept":
        version = cv.accept_offer(page.key, by=by, expected_version=expected_version)
    else:
        raise ValueError(how)
    page.apply(version.data)
    audit_record(
        actor=by,
        action=page.audit_action,
        obj=page.audit_obj,
        summary=f"{page.key} v{version.number} ({how})",
        key=page.key,
        version=version.number,
        how=how,
    )
    return version


@dataclass(frozen=True)
class FieldChange:
    """One field that differs between two versions: `label`, `before`, `after` (as text)."""

    label: str
    before: str
    after: str


def _as_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n".join(
            f"{v.get('title', '')} – {v.get('url', '')}".strip(" –")
            if isinstance(v, dict) and "url" in v
            else (v.get("text", "") if isinstance(v, dict) else str(v))
            for v in value
        )
    return str(value)


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any], labels: Mapping[str, str]
) -> list[FieldChange]:
    """The fields whose text differs between `before` and `after` ("Se forskel"), labelled
    with `labels[field]` (the form's labels)."""
    out = []
    for name in dict.fromkeys([*before, *after]):
        old, new = _as_text(before.get(name, "")), _as_text(after.get(name, ""))
        if old != new:
            out.append(FieldChange(str(labels.get(name, name)), old, new))
    return out


def _labels(form_class: type[ContentForm]) -> dict[str, str]:
    labels = {name: str(f.label or name) for name, f in form_class.base_fields.items()}
    labels.setdefault("links", _("Links"))
    labels.setdefault("steps", _("Trin"))
    return labels


PREVIEW = "preview"
SAVE = "save"
ACCEPT = "accept"
RESTORE = "restore"

#: what the buttons say, for the tests and templates
ACTION_LABELS = {
    PREVIEW: gettext_lazy("Forhåndsvis"),
    SAVE: gettext_lazy("Gem som ny version"),
    ACCEPT: gettext_lazy("Tag i brug"),
    RESTORE: gettext_lazy("Gendan denne version"),
}


def edit_view(request: HttpRequest, page: ContentPage, user: User) -> HttpResponse:
    """The edit page of `page` (GET: the live content; POST `action`): "preview" renders the
    typed text as the participant will see it without saving; "save" makes it a new version;
    "accept" takes the offered seed default. A stale save is 409 with the typed text kept; bad
    input is 400 with Danish errors. The caller has checked permission."""
    item = _item(page)
    live = cv.live_version(page.key)
    live_data = live.data if live else {}
    offer = cv.pending_offer(page.key)
    action = request.POST.get("action", SAVE) if request.method == "POST" else ""
    status = 200
    preview = None
    if action == ACCEPT:
        accept_form = VersionedForm(request.POST)
        done = submit(
            accept_form,
            lambda d: save_content(page, how="accept", by=user, expected_version=d["version"]),
        )
        if done.ok:
            messages.success(request, _("Den nye standardtekst fra kilden er taget i brug."))
            return redirect(page.edit_url)
        for error in accept_form.non_field_errors():
            messages.error(request, str(error))
        status = done.status
    form = page.form_class(
        request.POST if action in (PREVIEW, SAVE) else None,
        initial=page.form_class.initial_from(live_data),
        version=item.version,
    )
    if action == PREVIEW:
        if form.is_valid():
            preview = form.content_data()
        else:
            status = 400
    elif action == SAVE:
        done = submit(
            form,
            lambda d: save_content(
                page, how="edit", by=user, expected_version=d["version"], data=form.content_data()
            ),
        )
        if done.ok and done.result is not None:
            messages.success(
                request,
                _("Version %(n)s er gemt og vises nu for deltagerne.") % {"n": done.result.number},
            )
            return redirect(page.back_url)
        status = done.status
    if status >= 400:
        messages.error(request, _("Teksten er ikke gemt. Ret fejlene herunder."))
    return render(
        request,
        "core/content_page_edit.html",
        {
            "page": page,
            "form": form,
            "preview": preview,
            "live": live,
            "offer": offer,
            "offer_changes": changes(live_data, offer.data, _labels(page.form_class))
            if offer
            else [],
            "item": item,
            "labels": ACTION_LABELS,
        },
        status=status,
    )


def history_view(request: HttpRequest, page: ContentPage, user: User) -> HttpResponse:
    """The version history of `page`: number, when, who, seed/edit, live and offered marks;
    `?vis=<n>` shows version n as the participant would see it, with its changes against the
    live version; POST `number` restores it (a new version; stale → 409)."""
    item = _item(page)
    versions = cv.history(page.key)
    for v in versions:  # what the history's "Oprindelse" column adds to seed/edit
        restored = re.fullmatch(r"v(\d+)", v.note)
        v.note_label = (  # type: ignore[attr-defined]
            _("gendannet fra version %(n)s") % {"n": restored.group(1)} if restored else v.note
        )
    live = cv.live_version(page.key)
    offer = cv.pending_offer(page.key)
    status = 200
    form = VersionedForm(version=item.version)
    if request.method == "POST":
        form = VersionedForm(request.POST)
        try:
            number = int(request.POST.get("number", ""))
        except ValueError:
            number = 0
        if not any(v.number == number for v in versions):
            raise Http404(_("Versionen findes ikke."))
        done = submit(
            form,
            lambda d: save_content(
                page, how="restore", by=user, expected_version=d["version"], number=number
            ),
        )
        if done.ok and done.result is not None:
            messages.success(
                request,
                _("Version %(old)s er gendannet som version %(n)s.")
                % {"old": number, "n": done.result.number},
            )
            return redirect(page.history_url)
        status = done.status
    shown = None
    raw = request.GET.get("vis", "")
    if raw.isdigit():
        shown = next((v for v in versions if v.number == int(raw)), None)
        if shown is None:
            raise Http404(_("Versionen findes ikke."))
    return render(
        request,
        "core/content_page_history.html",
        {
            "page": page,
            "page_obj": Paginator(versions, 25).get_page(request.GET.get("page")),
            "live": live,
            "offer": offer,
            "shown": shown,
            "shown_changes": (
                changes(live.data if live else {}, shown.data, _labels(page.form_class))
                if shown
                else []
            ),
            "item": item,
            "version_form": form,
            "labels": ACTION_LABELS,
        },
        status=status,
    )
