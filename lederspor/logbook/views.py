"""Views of the logbook (issue #3 §3; seed 002 §7).

Thin functions: access helper → form → service → redirect or render. The author writes; the
nearest leader and the network group read only what is shared with them (see `access`).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.views import submit
from lederspor.logbook import forms as f
from lederspor.logbook.access import (
    get_entry_for,
    get_shared_enrolment_for,
    writable_enrolments,
)
from lederspor.logbook.models import LogbookEntry, Visibility
from lederspor.logbook.selectors import (
    WRITABLE_STATUSES,
    enrolments_sharing_with_leader,
    entries_for_author,
    entries_shared_with_group,
)
from lederspor.logbook.services import (
    entry_create,
    entry_delete,
    entry_restore,
    entry_share,
    entry_update,
)
from lederspor.people.roles import roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.models import Enrolment

PAGE_SIZE = 20
UNDO_KEY = "logbook_entry_undo"
#: seed 002 §7, quoted on the empty logbook
SEED_QUOTE = (
    "Undervejs i forløbet har du gjort dig noter i din logbog om undervisningen og i "
    "forbindelsen med din praktik. Det er oplagt at bruge logbogen som udgangspunkt for samtalen."
)


def _page(request: HttpRequest, entries: QuerySet[LogbookEntry]) -> tuple[Any, str]:
    """The requested page of `entries` (20 a page) and the query string without the page."""
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and isinstance(v, str) and v}
    return page, urlencode(query)


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    """ "Min logbog": the viewer's entries on all their programmes, newest first, with filters
    (programme, shared state), search in title and text, and 20 a page."""
    roles = roles_for(request)
    person = roles.person
    enrolments = (
        list(
            Enrolment.objects.filter(person=person)
            .select_related("cohort__programme")
            .order_by("-cohort__starts_on", "-pk")
        )
        if person is not None
        else []
    )
    filters = f.EntryFilterForm(request.GET or None, enrolments=enrolments)
    enrolment_id, visibility, q = None, "", ""
    if filters.is_valid():
        enrolment_id = filters.cleaned_data["enrolment"]
        visibility = filters.cleaned_data["shared"]
        q = filters.cleaned_data["q"]
    entries = (
        entries_for_author(person=person, enrolment_id=enrolment_id, visibility=visibility, q=q)
        if person is not None
        else LogbookEntry.objects.none()
    )
    page, query_string = _page(request, entries)
    undo = request.session.get(UNDO_KEY)
    shared_by_reports = (
        list(enrolments_sharing_with_leader(leader=person))
        if person is not None and roles.is_leader
        else []
    )
    return render(
        request,
        "logbook/entry_list.html",
        {
            "filters": filters,
            "filtered": bool(enrolment_id or visibility or q.strip()),
            "page_obj": page,
            "query_string": query_string,
            "enrolments": enrolments,
            "many_programmes": len(enrolments) > 1,
            "can_write": any(e.status in WRITABLE_STATUSES for e in enrolments),
            "undo_title": undo["title"] if undo else "",
            "seed_quote": SEED_QUOTE,
            "shared_by_reports": shared_by_reports,
        },
    )


@login_required
def entry_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Write a new entry. With several running programmes, the viewer first picks one
    (`?forloeb=<enrolment pk>`). 404 for people with no programme to write in."""
    enrolments = writable_enrolments(request)
    if not enrolments:
        raise not_found()
    chosen = request.GET.get("forloeb") or request.POST.get("forloeb")
    if chosen is None and len(enrolments) > 1:
        return render(request, "logbook/entry_choose.html", {"enrolments": enrolments})
    enrolment = (
        enrolments[0]
        if chosen is None
        else next((e for e in enrolments if str(e.pk) == chosen), None)
    )
    if enrolment is None:
        raise not_found()
    form = f.EntryForm(
        request.POST or None,
        enrolment=enrolment,
        initial={"written_on": timezone.localdate(), "visibility": Visibility.PRIVATE},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                entry = entry_create(
                    enrolment=enrolment,
                    title=data["title"],
                    text=data["text"],
                    written_on=data["written_on"],
                    visibility=data["visibility"],
                    session=data["session"],
                    task_assignment=data["task_assignment"],
                    conversation=data["conversation"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            else:
                messages.success(request, _("Notatet er gemt i din logbog."))
                return redirect("logbook:entry_detail", pk=entry.pk)
    return render(
        request,
        "logbook/entry_form.html",
        {"form": form, "enrolment": enrolment, "entry": None, "many": len(enrolments) > 1},
        status=status,
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry: for the author with sharing, edit and delete; for a reader, read only."""
    access = get_entry_for(request, pk)
    note_read(request, access.entry.enrolment.person_id, RecordKind.LOGBOOK)
    return render(
        request,
        "logbook/entry_detail.html",
        {
            "entry": access.entry,
            "is_author": access.is_author,
            "visibilities": Visibility,
        },
    )


@login_required
def entry_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit an entry (author only). A stale save (the entry changed in between) gets 409 and
    the typed text back."""
    access = get_entry_for(request, pk, write=True)
    entry = access.entry
    form = f.EntryEditForm(
        request.POST or None,
        enrolment=entry.enrolment,
        initial={
            "title": entry.title,
            "text": entry.text,
            "written_on": entry.written_on,
            "visibility": entry.visibility,
            "session": entry.session_id,
            "task_assignment": entry.task_assignment_id,
            "conversation": entry.conversation_id,
        },
        version=entry.version,
    )
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: entry_update(
                entry=entry,
                title=d["title"],
                text=d["text"],
                written_on=d["written_on"],
                visibility=d["visibility"],
                session=d["session"],
                task_assignment=d["task_assignment"],
                conversation=d["conversation"],
                expected_version=d["version"],
                by=request.user,
            ),
        )
        if done.ok:
            messages.success(request, _("Notatet er gemt."))
            return redirect("logbook:entry_detail", pk=entry.pk)
        status = done.status
    return render(
        request,
        "logbook/entry_form.html",
        {"form": form, "enrolment": entry.enrolment, "entry": entry, "many": False},
        status=status,
    )


@login_required
@require_POST
def entry_share_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Share the entry with the nearest leader or the network group, or make it private."""
    access = get_entry_for(request, pk, write=True)
    form = f.ShareForm(request.POST)
    target = reverse("logbook:entry_detail", args=[pk])
    if not form.is_valid():
        messages.error(request, _("Vælg, hvem notatet skal deles med."))
        return redirect(target)
    try:
        entry = entry_share(
            entry=access.entry,
            visibility=form.cleaned_data["visibility"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except ConcurrentEditError as error:
        messages.error(request, error.messages[0])
        return redirect(target)
    if entry.visibility == Visibility.PRIVATE:
        messages.success(request, _("Notatet er nu kun synligt for dig."))
    else:
        messages.success(
            request,
            _("Notatet er delt: %(with)s.") % {"with": entry.get_visibility_display().lower()},
        )
    return redirect(target)


@login_required
def entry_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and delete (POST) an entry; the logbook then offers "Fortryd"."""
    access = get_entry_for(request, pk, write=True)
    if request.method == "POST":
        request.session[UNDO_KEY] = entry_delete(entry=access.entry, by=request.user)
        messages.success(request, _("Notatet er slettet."))
        return redirect("logbook:entry_list")
    return render(request, "logbook/entry_delete.html", {"entry": access.entry})


@login_required
@require_POST
def entry_restore_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Undo the viewer's last deletion (kept in their session)."""
    snapshot = request.session.pop(UNDO_KEY, None)
    person = roles_for(request).person
    if snapshot is None or person is None:
        messages.error(request, _("Der er ingen sletning at fortryde."))
        return redirect("logbook:entry_list")
    if not Enrolment.objects.filter(pk=snapshot["enrolment_id"], person=person).exists():
        raise not_found()
    try:
        entry = entry_restore(snapshot=snapshot, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("logbook:entry_list")
    messages.success(request, _("Notatet er gendannet."))
    return redirect("logbook:entry_detail", pk=entry.pk)


@login_required
def shared_with_me(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """A participant's entries shared with the viewer: the nearest leader sees those shared
    with the leader, group peers those shared with the group. 404 for everyone else; the
    participant is sent to their own logbook."""
    person = roles_for(request).person
    own = Enrolment.objects.filter(pk=enrolment_pk, person=person).exists() if person else False
    if own:
        return redirect(f"{reverse('logbook:entry_list')}?{urlencode({'enrolment': enrolment_pk})}")
    enrolment, visible = get_shared_enrolment_for(request, enrolment_pk)
    entries = (
        LogbookEntry.objects.filter(enrolment=enrolment, visibility__in=visible)
        .select_related("session", "task_assignment", "conversation")
        .order_by("-written_on", "-pk")
    )
    page, query_string = _page(request, entries)
    note_read(request, enrolment.person_id, RecordKind.LOGBOOK)
    return render(
        request,
        "logbook/shared_list.html",
        {
            "enrolment": enrolment,
            "page_obj": page,
            "query_string": query_string,
            "as_leader": Visibility.LEADER.value in visible,
            "as_peer": Visibility.NETWORK_GROUP.value in visible,
        },
    )


@login_required
def group_entries(request: HttpRequest) -> HttpResponse:
    """Entries the viewer's network-group peers have shared with the group, newest first."""
    person = roles_for(request).person
    filters = f.EntryFilterForm(request.GET or None, enrolments=[])
    q = filters.cleaned_data["q"] if filters.is_valid() else ""
    entries = (
        entries_shared_with_group(person=person, q=q)
        if person is not None
        else LogbookEntry.objects.none()
    )
    page, query_string = _page(request, entries)
    note_read(request, [e.enrolment.person_id for e in page], RecordKind.LOGBOOK)
    return render(
        request,
        "logbook/group_list.html",
        {"filters": filters, "page_obj": page, "query_string": query_string, "q": q},
    )
