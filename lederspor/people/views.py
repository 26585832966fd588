"""Pages for the organisation, for HR: import of units and persons (DESIGN.md §1), run in the
background with a progress bar and a report (issue #17 §2), and the
person pages (a searchable list and each person's page, which higher apps add sections to
through `people.extensions.person_sections`)."""

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.readlog import RecordKind, note_read
from lederspor.people.extensions import render_person_sections
from lederspor.people.forms import ImportForm
from lederspor.people.leadership import leadership_history
from lederspor.people.models import OrgLoadRun, Person
from lederspor.people.roles import roles_for
from lederspor.people.runs import KINDS, confirm_run, start_file_run
from lederspor.people.selectors import PERSON_SEARCH_MAX_LENGTH, person_search


@login_required
@require_http_methods(["GET", "POST"])
def import_org(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a units or persons file: it is stored on a queued `OrgLoadRun` that the worker
    runs (issue #17 §2), and HR goes straight to the run's page; below the form, the past runs
    (newest first, paginated). A form error (wrong type, too large) keeps the choices made.

    Only for those who may manage programmes (HR); anyone else gets 404.
    """
    _require_hr(request)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            run = start_file_run(
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
                by=request.user,
                dry_run=form.cleaned_data["dry_run"],
                full=form.cleaned_data["full"],
            )
            return redirect("people:import_run", pk=run.pk)
    else:
        form = ImportForm()
    runs = Paginator(
        OrgLoadRun.objects.select_related("by").defer("report"), settings.LEDERSPOR_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "people/import.html", {"form": form, "page_obj": runs})


def _run_for_hr(request: HttpRequest, pk: int) -> OrgLoadRun:
    """The run `pk` for HR staff; 404 for anyone else and for an unknown run."""
    _require_hr(request)
    run = OrgLoadRun.objects.select_related("by").filter(pk=pk).first()
    if run is None:
        raise not_found()
    return run


def _report_rows(run: OrgLoadRun) -> list[dict[str, Any]]:
    """The run's report per kind loaded, for the template: label, counts, errors."""
    labels = {"units": _("Enheder"), "persons": _("Personer")}
    report = run.report or {}
    return [
        {"kind": kind, "label": labels[kind], **report[kind]} for kind in KINDS if kind in report
    ]


@login_required
@require_http_methods(["GET"])
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One organisation load: while it waits or runs, its status and a progress bar that asks
    for `import_run_progress` every second (htmx; without JavaScript an "Opdatér" link); when
    it has ended, the full report: every row error, or the counts and the persons and units a
    full load deactivated (or would, for a dry run), and for a run refused for deactivating
    too many the "Bekræft og deaktivér" button. HR staff only; 404 for anyone else."""
    run = _run_for_hr(request, pk)
    return render(
        request,
        "people/import_run.html",
        {"run": run, "kinds": _report_rows(run), "deactivation": run.report.get("deactivation")},
    )


@login_required
@require_http_methods(["GET"])
def import_run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress fragment of a run (status, `<progress>` and rows done as text). When the
    run has ended an htmx request gets `HX-Refresh` so the page reloads with the report. HR
    staff only; 404 for anyone else."""
    run = _run_for_hr(request, pk)
    response = render(request, "people/_import_run_progress.html", {"run": run})
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_http_methods(["POST"])
def import_run_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Bekræft og deaktivér": queue a run refused for deactivating more than the allowed
    share again, with confirmation (`runs.confirm_run`; once, however often it is pressed).
    HR staff only; 404 for anyone else."""
    run = _run_for_hr(request, pk)
    if confirm_run(run=run, by=request.user):
        messages.success(
            request, _("Indlæsningen er sat i kø igen og deaktiverer nu dem, der mangler.")
        )
    else:
        messages.info(request, _("Indlæsningen venter ikke på en bekræftelse."))
    return redirect("people:import_run", pk=run.pk)


def _require_hr(request: HttpRequest) -> None:
    """404 unless the signed-in user is HR staff (may manage programmes) or an administrator."""
    if not roles_for(request).can_manage_programmes:
        raise not_found()


@login_required
@require_http_methods(["GET"])
def person_list(request: HttpRequest) -> HttpResponse:
    """Every active person (with `?inaktive=1`, "Vis også inaktive", the inactive ones too),
    by name, searchable by name, e-mail, employee number and unit (`person_search`), in pages of `settings.LEDERSPOR_PAGE_SIZE` (HR staff only; 404 for
    anyone else)."""
    _require_hr(request)
    raw = request.GET.get("q", "")[:PERSON_SEARCH_MAX_LENGTH]
    q = " ".join("".join(c for c in raw if c.isprintable() or c.isspace()).split())
    inactive = request.GET.get("inaktive") == "1"
    fmt = requested_format(request)
    if fmt:
        rows = person_search(q=q, include_inactive=inactive)
        note_read(request, rows.values_list("pk", flat=True), RecordKind.PERSON)
        return export_response(
            rows=rows,
            columns=[
                Column(_("Navn"), lambda p: p.full_name),
                Column(_("E-mail"), lambda p: p.email),
                Column(_("Medarbejdernummer"), lambda p: p.employee_number),
                Column(_("Enhed"), lambda p: p.unit.name),
                Column(_("Nærmeste leder"), lambda p: p.manager.full_name if p.manager else ""),
                Column(_("Aktiv"), lambda p: p.is_active),
            ],
            filename=_("personer"),
            format=fmt,
            title=_("Personer"),
        )
    page = Paginator(
        person_search(q=q, include_inactive=inactive), settings.LEDERSPOR_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    note_read(request, page.object_list, RecordKind.PERSON)
    params = {"q": q} if q else {}
    if inactive:
        params["inaktive"] = "1"
    return render(
        request,
        "people/person_list.html",
        {
            "page_obj": page,
            "q": q,
            "inactive": inactive,
            "query_string": urlencode(params),
        },
    )


@login_required
@require_http_methods(["GET"])
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One person's HR page: their data, nearest leader, whether they have signed in, when
    they became or stopped being a nearest leader (issue #13 §1), and the sections of higher
    apps (HR staff only; 404 for anyone else)."""
    _require_hr(request)
    person = get_object_or_404(Person.objects.select_related("unit", "manager", "user"), pk=pk)
    note_read(request, person, RecordKind.PERSON)
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "leadership": leadership_history(person=person),
            "sections": render_person_sections(request, person),
        },
    )
