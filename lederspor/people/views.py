"""Pages for the organisation, for HR: import of units and persons (DESIGN.md §1), and the
person pages (a searchable list and each person's page, which higher apps add sections to
through `people.extensions.person_sections`)."""

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
from lederspor.people.importing import ImportResult, import_persons, import_units
from lederspor.people.leadership import leadership_history
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.people.selectors import PERSON_SEARCH_MAX_LENGTH, person_search

IMPORTERS = {"units": import_units, "persons": import_persons}


@login_required
@require_http_methods(["GET", "POST"])
def import_org(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a units or persons file; show every error, or report the counts and redirect.

    Only for those who may manage programmes (HR); anyone else gets 404.
    """
    if not roles_for(request).can_manage_programmes:
        raise not_found()
    result: ImportResult | None = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = IMPORTERS[form.cleaned_data["kind"]](
                file=upload,
                filename=upload.name,
                by=request.user,
                dry_run=form.cleaned_data["dry_run"],
            )
            if result.ok:
                messages.success(request, _success_message(result))
                if result.leadership_summary:
                    messages.info(
                        request,
                        _("Lederskifter: %(summary)s.") % {"summary": result.leadership_summary},
                    )
                return redirect("people:import")
    else:
        form = ImportForm()
    return render(request, "people/import.html", {"form": form, "result": result})


def _success_message(result: ImportResult) -> str:
    """The Danish confirmation shown after an import or a dry run."""
    counts = {
        "file": result.filename,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }
    if result.dry_run:
        return (
            _(
                "Afprøvningen af %(file)s gik godt: %(created)d ville blive oprettet, "
                "%(updated)d opdateret og %(unchanged)d er uændret. Intet er gemt."
            )
            % counts
        )
    return (
        _(
            "%(file)s er importeret: %(created)d oprettet, %(updated)d opdateret og "
            "%(unchanged)d uændret."
        )
        % counts
    )


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
