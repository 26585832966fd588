"""Pages for the organisation: import of units and persons for HR (DESIGN.md §1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.people.forms import ImportForm
from lederspor.people.importing import ImportResult, import_persons, import_units
from lederspor.people.roles import roles_for

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
