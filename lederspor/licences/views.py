"""Kørekort pages (seed 004, box "kørekort på tre niveauer"; issue #5).

Thin views (STYLE.md §4): access helper → form → service → redirect or render. Managers (the
unit's leaders, consultants/HR staff) see everything; once published, everyone in the unit reads
the holder list (403 on writes); anyone else gets 404.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.core.access import AuthenticatedHttpRequest
from lederspor.core.combobox import set_picker_for
from lederspor.core.exports import Column, ExportFormat, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.views import submit
from lederspor.licences import selectors, services
from lederspor.licences.access import LicenceTaskAccess, get_licence_task_for
from lederspor.licences.forms import (
    ConfirmForm,
    LicenceRequirementForm,
    LicenceSearchForm,
    LicenceTaskCreateForm,
    LicenceTaskEditForm,
    PracticeReviewForm,
)
from lederspor.licences.hooks import method_texts, review_origin
from lederspor.licences.models import LicenceLevel, LicenceRequirement, LicenceTask
from lederspor.licences.pickers import managed_units
from lederspor.people.roles import request_led_unit_ids, roles_for
from lederspor.people.selectors import ancestor_unit_ids, load_units
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read

PAGE_SIZE = 25
REVIEW_PAGE_SIZE = 20


def _visible_tasks(request: HttpRequest) -> QuerySet[LicenceTask]:
    """Tasks the viewer manages, plus published tasks of their own unit or a unit above it."""
    roles = roles_for(request)
    if roles.works_with_programmes:
        return LicenceTask.objects.all()
    visible = Q(unit_id__in=request_led_unit_ids(request))
    me = roles.person
    if me is not None:
        above = ancestor_unit_ids(me.unit_id, load_units(request))
        visible |= Q(unit_id__in=above, published_at__isnull=False)
    return LicenceTask.objects.filter(visible)


@login_required
def licence_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The kørekort tasks the viewer manages or may read, grouped by unit, with search; managers
    also get a form to create a task (POST here)."""
    units = managed_units(request)
    may_create = units.exists()
    create_form = None
    if may_create:
        create_form = LicenceTaskCreateForm(
            request.POST if request.method == "POST" else None, units=units
        )
    if request.method == "POST":
        if create_form is None:
            raise PermissionDenied
        if create_form.is_valid():
            d = create_form.cleaned_data
            try:
                task = services.licence_task_create(
                    unit=d["unit"],
                    title=d["title"],
                    description=d["description"],
                    valid_months=d["valid_months"],
                    by=request.user,
                )
            except ValidationError as exc:
                apply_validation_error(create_form, exc)
            else:
                messages.success(request, _("Kørekortopgaven er oprettet. Tilføj nu kravene."))
                return redirect("licences:licence_task", pk=task.pk)
    search = LicenceSearchForm(request.GET or None)
    tasks = _visible_tasks(request).select_related("unit").order_by("unit__name", "title", "pk")
    query = ""
    if search.is_valid() and search.cleaned_data["q"]:
        query = search.cleaned_data["q"]
        tasks = tasks.filter(Q(title__icontains=query) | Q(unit__name__icontains=query))
    page_obj = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "licences/licence_list.html",
        {
            "page_obj": page_obj,
            "tasks": list(page_obj.object_list),
            "search": search,
            "query": query,
            "query_string": urlencode({"q": query}) if query else "",
            "create_form": create_form,
            "method_texts": method_texts(),
        },
        status=400 if request.method == "POST" else 200,
    )


#: the kørekort task's list orders (`?sort=`): the overview's rows → a sort key
TASK_SORTS: dict[str, Callable[[selectors.LicenceRow], Any]] = {
    "name": lambda r: (r.person.first_name.lower(), r.person.last_name.lower(), r.person.pk),
    "unit": lambda r: (r.unit_name.lower(), r.person.first_name.lower(), r.person.pk),
    "level": lambda r: (r.level or "Z", r.person.first_name.lower(), r.person.pk),
}
#: the query parameters of the task page's two people lists' pages (the reviews use "page")
HOLDERS_PAGE, MISSING_PAGE = "side_har", "side_mangler"


def _task_rows(
    rows: list[selectors.LicenceRow], *, q: str, sort: str
) -> list[selectors.LicenceRow]:
    """`rows` whose name, unit, job title or profession holds every word of `q` (any case), in
    the order `sort` (`TASK_SORTS`; unknown: by name)."""
    words = q.lower().split()
    if words:
        rows = [
            r
            for r in rows
            if all(
                w
                in f"{r.person.full_name} {r.unit_name} {r.person.job_title} "
                f"{r.person.profession}".lower()
                for w in words
            )
        ]
    return sorted(rows, key=TASK_SORTS.get(sort, TASK_SORTS["name"]))


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


def _task_context(request: HttpRequest, access: LicenceTaskAccess) -> dict[str, object]:
    """The task page: the holders (and, for managers, those missing the requirement) in pages of
    `settings.LEDERSPOR_PAGE_SIZE` with a search (`?q=`) and an order (`?sort=`), never every
    person of a forvaltning at once (issue #17 §1: ~9,600 people); the read log names the
    people shown."""
    task = access.task
    today = timezone.localdate()
    q = request.GET.get("q", "").strip()[:200]
    sort = request.GET.get("sort", "name")
    sort = sort if sort in TASK_SORTS else "name"
    # unordered: `_task_rows` sorts by the page's own keys
    overview = selectors.licence_overview(
        task=task, on=today, units=load_units(request), ordered=False
    )
    rows = _task_rows(overview, q=q, sort=sort)
    size = settings.LEDERSPOR_PAGE_SIZE
    holders = Paginator([r for r in rows if r.level], size).get_page(request.GET.get(HOLDERS_PAGE))
    note_read(request, [r.person.pk for r in holders.object_list], RecordKind.LICENCE)
    context: dict[str, object] = {
        "method_texts": method_texts(),
        "task": task,
        "manage": access.manage,
        "holders": list(holders.object_list),
        "holders_page": holders,
        "holders_query": _query_without(request, HOLDERS_PAGE),
        "missing_query": _query_without(request, MISSING_PAGE),
        "reviews_query": _query_without(request, "page"),
        "q": q,
        "sort": sort,
        "searching": bool(q),
        "today": today,
    }
    if access.manage:
        reviews = Paginator(selectors.task_reviews(task=task), REVIEW_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        missing = Paginator([r for r in rows if r.missing], size).get_page(
            request.GET.get(MISSING_PAGE)
        )
        shown = list(reviews.object_list)
        note_read(
            request,
            [r.person.pk for r in missing.object_list] + [r.person_id for r in shown],
            RecordKind.LICENCE,
        )
        context.update(
            {
                "missing": list(missing.object_list),
                "missing_page": missing,
                "requirements": list(task.requirements.all()),
                "requirement_form": LicenceRequirementForm(),
                "page_obj": reviews,
                "reviews": shown,
            }
        )
    return context


@login_required
def licence_task(request: HttpRequest, pk: int) -> HttpResponse:
    """A kørekort task: description and holders for everyone who may read it; requirements,
    "mangler krav", review history and publishing for managers."""
    access = get_licence_task_for(request, pk)
    fmt = requested_format(request)
    if fmt:
        return _licence_export(request, access, fmt)
    return render(request, "licences/licence_task.html", _task_context(request, access))


@login_required
def licence_task_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Change a task's title, description and validity."""
    task = get_licence_task_for(request, pk, write=True).task
    initial = {
        "title": task.title,
        "description": task.description,
        "valid_months": task.valid_months,
    }
    form = LicenceTaskEditForm(request.POST or None, initial=initial, version=task.version)
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.licence_task_update(
                task=task,
                expected_version=d["version"],
                title=d["title"],
                description=d["description"],
                valid_months=d["valid_months"],
                by=request.user,
            ),
        )
        if done.ok:
            messages.success(request, _("Kørekortopgaven er gemt."))
            return redirect("licences:licence_task", pk=task.pk)
        status = done.status
    return render(
        request, "licences/licence_task_edit.html", {"task": task, "form": form}, status=status
    )


@login_required
@require_POST
def licence_requirement_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a requirement, or change the level of the same target."""
    access = get_licence_task_for(request, pk, write=True)
    form = LicenceRequirementForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.licence_requirement_set(
                task=access.task,
                level=d["level"],
                profession=d["profession"],
                job_title=d["job_title"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kravet er gemt."))
            return redirect("licences:licence_task", pk=access.task.pk)
    context = _task_context(request, access)
    context["requirement_form"] = form
    return render(request, "licences/licence_task.html", context, status=400)


@login_required
@require_POST
def licence_requirement_remove(
    request: AuthenticatedHttpRequest, pk: int, requirement_pk: int
) -> HttpResponse:
    """Remove a requirement."""
    access = get_licence_task_for(request, pk, write=True)
    requirement = get_object_or_404(LicenceRequirement, pk=requirement_pk, task=access.task)
    services.licence_requirement_remove(requirement=requirement, by=request.user)
    messages.success(request, _("Kravet er fjernet."))
    return redirect("licences:licence_task", pk=access.task.pk)


def _confirm(request: AuthenticatedHttpRequest, pk: int, *, publish: bool) -> HttpResponse:
    access = get_licence_task_for(request, pk, write=True)
    task = access.task
    form = ConfirmForm(request.POST or None, version=task.version)
    if request.method == "POST" and form.is_valid():
        service = services.licence_task_publish if publish else services.licence_task_unpublish
        try:
            service(task=task, expected_version=form.cleaned_data["version"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if publish:
                messages.success(request, _("Kørekortlisten er offentliggjort for enheden."))
            else:
                messages.success(request, _("Kørekortlisten er ikke længere offentlig."))
        return redirect("licences:licence_task", pk=task.pk)
    return render(
        request,
        "licences/licence_confirm.html",
        {"task": task, "form": form, "publish": publish},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def licence_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, then publish the holder list to everyone in the unit."""
    return _confirm(request, pk, publish=True)


@login_required
def licence_unpublish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm, then withdraw the published holder list."""
    return _confirm(request, pk, publish=False)


@login_required
def licence_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a practice review; `?person=<id>&level=B` prefills the form (from a plan)."""
    task = get_licence_task_for(request, pk, write=True).task
    origin = review_origin(task=task, query=request.GET)
    today = timezone.localdate()
    initial: dict[str, object] = {"reviewed_on": today}
    if request.GET.get("person", "").isdigit():
        initial["person"] = int(request.GET["person"])
    if request.GET.get("level") in LicenceLevel.values:
        initial["level"] = request.GET["level"]
    form = PracticeReviewForm(
        request.POST or None,
        initial=initial,
        people=selectors.task_people(task=task),
        reviewers=selectors.resource_people(task=task, on=today),
    )
    set_picker_for(form, ["person", "reviewer"], task.pk)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            review, licence = services.practice_review_record(
                task=task,
                person=d["person"],
                level=d["level"],
                reviewer=d["reviewer"],
                reviewed_on=d["reviewed_on"],
                passed=d["result"] == "passed",
                note=d["note"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if licence is not None:
                messages.success(
                    request,
                    _("%(name)s har bestået og har nu kørekort på %(level)s-niveau.")
                    % {"name": review.person.full_name, "level": review.level},
                )
            else:
                messages.success(
                    request,
                    _("Praksisgennemgangen er registreret (forsøg %(n)d).") % {"n": review.attempt},
                )
            if origin is not None:
                return redirect(origin.url)
            return redirect("licences:licence_task", pk=task.pk)
    return render(
        request,
        "licences/licence_review.html",
        {"task": task, "form": form, "origin": origin},
        status=400 if request.method == "POST" else 200,
    )


def licence_export_columns(*, holders_only: bool) -> list[Column]:
    """The columns of a task's export (Navn, Enhed, Stilling, Faggruppe, Niveau, Tildelt,
    Udløber; for managers also Krav and Mangler). Rows: `selectors.licence_overview`, or `licence_holders` for readers."""
    columns = [
        Column(_("Navn"), lambda r: r.person.full_name),
        Column(_("Enhed"), lambda r: r.unit_name),
        Column(_("Stilling"), lambda r: r.person.job_title),
        Column(_("Faggruppe"), lambda r: r.person.profession),
        Column(_("Niveau"), lambda r: r.level or ""),
        Column(_("Tildelt"), lambda r: r.awarded_on),
        Column(_("Udløber"), lambda r: r.expires_on),
    ]
    if not holders_only:
        columns += [
            Column(_("Krav"), lambda r: r.required or ""),
            Column(_("Mangler"), lambda r: r.missing),
        ]
    return columns


def _licence_export(
    request: HttpRequest, access: LicenceTaskAccess, fmt: ExportFormat
) -> HttpResponse:
    """The task's overview as XLSX or CSV: managers get everyone with requirements and gaps,
    readers of a published list only the holders (as the page shows them)."""
    holders_only = not access.manage
    load = selectors.licence_holders if holders_only else selectors.licence_overview
    rows = list(load(task=access.task, on=timezone.localdate()))
    note_read(request, [r.person.pk for r in rows], RecordKind.LICENCE)
    return export_response(
        rows=rows,
        columns=licence_export_columns(holders_only=holders_only),
        filename=_("koerekort %(title)s") % {"title": access.task.title},
        format=fmt,
        title=_("Kørekort"),
    )


@login_required
def licence_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The old address of the XLSX export (`koerekort/<pk>/eksport.xlsx`), kept for bookmarks:
    the same file as the task page's `?eksport=xlsx`."""
    return _licence_export(request, get_licence_task_for(request, pk), "xlsx")


@login_required
def my_licences(request: HttpRequest) -> HttpResponse:
    """ "Mine kørekort": the signed-in person's licences and the required levels they lack."""
    me = roles_for(request).person
    today = timezone.localdate()
    return render(
        request,
        "licences/my_licences.html",
        {
            "licences": selectors.person_licences(person=me, on=today) if me else [],
            "missing": selectors.person_missing_licences(person=me, on=today) if me else [],
            "method_texts": method_texts(),
            "today": today,
        },
    )
