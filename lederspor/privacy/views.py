"""The privacy pages (issue #15 §1–§4; docs/privacy.md "Pages").

- For the data-protection role (`privacy.data_protection`; 404 for anyone else): the overview
  (find a person, produce their data, erase it), the read-log search with its XLSX/CSV export,
  a person's access export (ZIP) and the erasure preview and confirmation.
- For every signed-in person with a person record: "Mine data" — who has read their records,
  and the download of everything Lederspor holds about them.
- For everyone, signed in or not: the privacy notice.

Reading the log is itself logged (`RecordKind.READ_LOG`, naming the persons shown); producing a
person's data is logged as `RecordKind.ACCESS_EXPORT`. The services write the audit rows.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.people.models import Person
from lederspor.people.roles import roles_for
from lederspor.people.selectors import person_search
from lederspor.privacy.access import has_data_protection_role, require_data_protection
from lederspor.privacy.forms import ErasureForm, ReadLogFilterForm
from lederspor.privacy.models import ReadLogEntry, RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.privacy.registry import (
    Action,
    retention_rules,
)
from lederspor.privacy.selectors import (
    SUBJECT_MATCH_LIMIT,
    ReadLogFilter,
    ReadLogRow,
    read_log_search,
    reads_about,
    subject_search,
    with_subject_names,
)
from lederspor.privacy.services import (
    Erasure,
    access_export,
    access_export_filename,
    erase_person,
    erasure_preview,
)

#: how the erasure pages name what happens to a group of records
ACTION_LABELS = {
    Action.DELETE: gettext_lazy("Slettes"),
    Action.ANONYMISE: gettext_lazy("Anonymiseres"),
    Action.KEEP: gettext_lazy("Bevares"),
}


def _query_string(request: HttpRequest) -> str:
    """The page's GET parameters without `page` and `eksport` (for the page links)."""
    params = request.GET.copy()
    for name in ("page", "eksport"):
        params.pop(name, None)
    return params.urlencode()


def _zip_response(body: bytes, *, person: Person) -> HttpResponse:
    """`person`'s access export as an attachment ("indsigt-<id>-<today>.zip": the id,
    not the name, so the name is in no download list or proxy log)."""
    response = HttpResponse(body, content_type="application/zip")
    filename = access_export_filename(person)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- the data-protection role ----------------------------------------------------------------


@login_required
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """The data-protection role's start page: find a person (name, e-mail, employee number) to
    produce their data or erase it, and the way to the read log. Persons listed are read-logged
    (`RecordKind.PERSON`). 404 without the role."""
    require_data_protection(request)
    q = request.GET.get("q", "").strip()[:200]
    page = None
    if q:
        page = Paginator(
            person_search(q=q, include_inactive=True), settings.LEDERSPOR_PAGE_SIZE
        ).get_page(request.GET.get("page"))
        note_read(request, list(page.object_list), RecordKind.PERSON)
    return render(
        request,
        "privacy/overview.html",
        {"q": q, "page_obj": page, "query_string": urlencode({"q": q}) if q else ""},
    )


def _read_log_filters(
    form: ReadLogFilterForm,
) -> tuple[ReadLogFilter | None, list[Person], str]:
    """The filter a bound or unbound form asks for: (filter or None for "show nothing until the
    errors are fixed", the persons the subject search matched, a notice for the page)."""
    if not form.is_bound:
        return ReadLogFilter(), [], ""
    if not form.is_valid():
        return None, [], ""
    data = form.cleaned_data
    subject_ids: tuple[int, ...] | None = None
    matched: list[Person] = []
    notice = ""
    if data.get("person"):
        matched = list(Person.objects.filter(pk=data["person"]).only("first_name", "last_name"))
        subject_ids = (data["person"],)
    elif data.get("subject"):
        matched = subject_search(q=data["subject"])
        if len(matched) > SUBJECT_MATCH_LIMIT:
            notice = _(
                "Søgningen efter person passer på mere end %(limit)d personer. "
                "Skriv mere af navnet eller e-mailen."
            ) % {"limit": SUBJECT_MATCH_LIMIT}
            return None, [], notice
        subject_ids = tuple(p.pk for p in matched)
    filters = ReadLogFilter(
        reader=data.get("reader") or "",
        subject_ids=subject_ids,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        kind=data.get("kind") or "",
    )
    return filters, matched, notice


def _read_log_columns() -> list[Column]:
    return [
        Column(_("Tidspunkt"), lambda row: row.entry.at),
        Column(_("Læser"), lambda row: row.entry.reader_label),
        Column(_("Slags oplysninger"), lambda row: ", ".join(row.entry.kind_labels)),
        Column(_("Personer"), lambda row: ", ".join(row.subject_names)),
        Column(_("Antal personer"), lambda row: row.entry.subject_count),
        Column(_("Kanal"), lambda row: row.channel_label),
        Column(_("Side"), lambda row: row.entry.path),
        Column(_("IP-adresse"), lambda row: row.entry.address or ""),
    ]


def _note_log_read(request: HttpRequest, rows: list[ReadLogRow]) -> None:
    """Reading the log is itself logged, naming the persons the rows shown name."""
    note_read(request, [pk for row in rows for pk in row.entry.subject_ids], RecordKind.READ_LOG)


@login_required
@require_GET
def read_log(request: HttpRequest) -> HttpResponse:
    """Search the read log by reader, person, period and kind of record, newest first, in pages
    of `settings.LEDERSPOR_PAGE_SIZE`; `?eksport=xlsx|csv` gives every matching row. The reads
    are themselves read-logged (`RecordKind.READ_LOG`). 404 without the data-protection role.

    Queries per page do not grow with the rows: the count, the page's rows and one query for
    the names of every person they name."""
    require_data_protection(request)
    form = ReadLogFilterForm(request.GET if request.GET.keys() - {"page", "eksport"} else None)
    filters, matched, notice = _read_log_filters(form)
    entries = (
        read_log_search(filters=filters) if filters is not None else ReadLogEntry.objects.none()
    )
    fmt = requested_format(request)
    if fmt:
        rows = with_subject_names(entries)
        _note_log_read(request, rows)
        return export_response(
            rows=rows,
            columns=_read_log_columns(),
            filename=_("laeselog"),
            format=fmt,
            title=_("Læselog"),
        )
    page = Paginator(entries, settings.LEDERSPOR_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = with_subject_names(page.object_list)
    _note_log_read(request, rows)
    return render(
        request,
        "privacy/read_log.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "matched": matched[:10],
            "matched_count": len(matched),
            "notice": notice,
            "query_string": _query_string(request),
        },
    )


@login_required
@require_POST
def person_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Produce everything Lederspor holds about person `pk` as the access ZIP (GDPR art. 15;
    the service audits it); read-logged as `RecordKind.ACCESS_EXPORT`. 404 without the
    data-protection role."""
    require_data_protection(request)
    person = get_object_or_404(Person, pk=pk)
    body = access_export(person=person, by=request.user)
    note_read(request, person, RecordKind.ACCESS_EXPORT)
    return _zip_response(body, person=person)


def _erasure_groups(results: Erasure) -> tuple[list[dict[str, object]], list[str]]:
    """The preview/result as the page shows it: the entries with at least one record (label,
    kind and lines with their action's label) and the labels of the entries with nothing."""
    groups: list[dict[str, object]] = []
    empty: list[str] = []
    for entry, lines in results:
        shown = [line for line in lines if line.count]
        if not shown:
            empty.append(str(entry.label))
            continue
        groups.append(
            {
                "label": entry.label,
                "kind": entry.kind.label,
                "lines": [
                    {
                        "label": line.label,
                        "count": line.count,
                        "action": line.action.value,
                        "action_label": ACTION_LABELS[line.action],
                        "reason": line.reason,
                    }
                    for line in shown
                ],
            }
        )
    return groups, empty


def _erasure_totals(results: Erasure) -> Counter[Action]:
    """Records per action over every entry."""
    totals: Counter[Action] = Counter()
    for _entry, lines in results:
        for line in lines:
            totals[line.action] += line.count
    return totals


@login_required
@require_http_methods(["GET", "POST"])
def erasure(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Erasure of person `pk` on request (GDPR art. 17): GET shows the preview — per kind of
    record what will be deleted, anonymised or kept and why — and writes nothing; POST with a
    reason and the confirmation erases in one transaction (`privacy.services.erase_person`,
    which audits) and returns to the overview with the counts. A missing reason or
    confirmation shows a Danish error and keeps what was typed. One's own data cannot be
    erased here (403: another holder of the role does it). 404 without the role."""
    require_data_protection(request)
    person = get_object_or_404(Person.objects.select_related("unit"), pk=pk)
    own = roles_for(request).person
    is_self = own is not None and own.pk == person.pk
    form = ErasureForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if is_self:
            status = 403
        elif form.is_valid():
            results = erase_person(
                person=person, by=request.user, reason=form.cleaned_data["reason"]
            )
            totals = _erasure_totals(results)
            messages.success(
                request,
                _(
                    "Data om %(name)s er slettet: %(deleted)d slettet, %(anonymised)d "
                    "anonymiseret og %(kept)d bevaret."
                )
                % {
                    "name": person.full_name,
                    "deleted": totals[Action.DELETE],
                    "anonymised": totals[Action.ANONYMISE],
                    "kept": totals[Action.KEEP],
                },
            )
            return redirect("privacy:overview")
        else:
            status = 400
    preview = erasure_preview(person)
    groups, empty = _erasure_groups(preview)
    note_read(request, person, RecordKind.PERSON)
    return render(
        request,
        "privacy/erasure.html",
        {
            "person": person,
            "form": form,
            "groups": groups,
            "empty": empty,
            "is_self": is_self,
        },
        status=status,
    )


def render_person_section(request: HttpRequest, person: Person) -> str:
    """The "Databeskyttelse" section of a person's HR page (`people.extensions.person_sections`):
    links to produce the person's data and to erase it, and their read log; "" for a viewer
    without the data-protection role."""
    if not has_data_protection_role(request):
        return ""
    return render_to_string("privacy/_person_section.html", {"person": person}, request=request)


# --- the person's own page -------------------------------------------------------------------


def _own_person(request: HttpRequest) -> Person:
    """The signed-in user's person; 404 for a login without one (a technical account)."""
    person = roles_for(request).person
    if person is None:
        raise not_found()
    return person


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """ "Mine data": who has read the person's records (their read-log rows: when, who, what;
    newest first, in pages), the download of all their data and the way to ask for erasure.
    Their own reads are not logged (nothing here shows another person's data)."""
    me = _own_person(request)
    page = Paginator(reads_about(person=me), settings.LEDERSPOR_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "privacy/my_data.html",
        {
            "page_obj": page,
            "dpo_name": settings.LEDERSPOR_DPO_NAME,
            "dpo_email": settings.LEDERSPOR_DPO_EMAIL,
        },
    )


@login_required
@require_POST
def my_data_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Download everything Lederspor holds about the signed-in person (the access ZIP; the
    service audits it). 404 for a login without a person."""
    me = _own_person(request)
    body = access_export(person=me, by=request.user)
    return _zip_response(body, person=me)


# --- the privacy notice ----------------------------------------------------------------------


def retention_period(days: int) -> str:
    """A retention period in Danish: whole years as "3 år", else days ("30 dage")."""
    if days and days % 365 == 0:
        years = days // 365
        return ngettext("%(n)d år", "%(n)d år", years) % {"n": years}
    return ngettext("%(n)d dag", "%(n)d dage", days) % {"n": days}


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """The privacy notice (GDPR art. 13–14): who is responsible, purposes, categories,
    recipients, the retention schedule (from `privacy.registry.retention_rules`), the rights
    and the DPO's contact. Public: no sign-in needed. Texts from settings (`LEDERSPOR_CONTROLLER_
    NAME`, `LEDERSPOR_DPO_NAME`, `LEDERSPOR_DPO_EMAIL`, `LEDERSPOR_PRIVACY_NOTICE_EXTRA`)."""
    return render(
        request,
        "privacy/notice.html",
        {
            "controller_name": settings.LEDERSPOR_CONTROLLER_NAME,
            "dpo_name": settings.LEDERSPOR_DPO_NAME,
            "dpo_email": settings.LEDERSPOR_DPO_EMAIL,
            "extra": settings.LEDERSPOR_PRIVACY_NOTICE_EXTRA,
            "retention": [
                {"label": rule.label, "period": retention_period(rule.days), "reason": rule.reason}
                for rule in retention_rules
            ],
            "categories": [
                (value, label)
                for value, label in RecordKind.choices
                if value != RecordKind.ACCESS_EXPORT
            ],
        },
    )
