"""Pages for programmes, cohorts, nominations and enrolments (thin views, STYLE.md §4).

The list pages answer `?eksport=xlsx|csv` with what they show (`core.exports`); the cohort
page exports its participants, or with `liste=moedegange` its sessions with attendance.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from lederspor.core import content_pages
from lederspor.core.access import RELATION_LABELS, AuthenticatedHttpRequest, Relation, not_found
from lederspor.core.content_pages import ContentForm, ContentPage
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.views import submit
from lederspor.people.models import Person
from lederspor.people.roles import Roles, roles_for
from lederspor.people.selectors import person_reports
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes import content, selectors, services
from lederspor.programmes.access import (
    can_manage_cohort,
    get_cohort_for,
    get_enrolment_for,
    may_edit_content,
    require_content_editor,
)
from lederspor.programmes.audit import ProgrammeAction
from lederspor.programmes.content import ELEMENT_FIELDS, PHASE_FIELDS, PROGRAMME_FIELDS
from lederspor.programmes.extensions import (
    EnrolmentPage,
    links_for,
    render_enrolment_sections,
    render_nomination_sections,
)
from lederspor.programmes.forms import (
    AttendanceForm,
    CohortEditForm,
    CohortForm,
    ElementContentForm,
    NominationForm,
    OptionalReasonForm,
    PhaseContentForm,
    ProgrammeContentForm,
    ReasonForm,
    SessionEditForm,
    SessionForm,
    default_session_times,
)
from lederspor.programmes.models import Attendance, Element, Enrolment, Phase, Programme, Session
from lederspor.programmes.selectors import ProgressMatrix
from lederspor.programmes.templatetags.attendance import attendance_label


def _hr_scope(request: HttpRequest) -> tuple[Roles, bool]:
    """For HR list pages: the roles and whether to show all cohorts (``?vis=mine`` narrows).

    Raises Http404 for anyone who is neither a cohort consultant nor HR staff.
    """
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()
    return roles, roles.can_manage_programmes and request.GET.get("vis") != "mine"


def _consultant_choices() -> QuerySet[Person]:
    return (
        Person.objects.filter(
            Q(user__user_permissions__codename="manage_programmes")
            | Q(user__groups__permissions__codename="manage_programmes")
            | Q(consulted_cohorts__isnull=False)
        )
        .distinct()
        .order_by("first_name", "last_name")
    )


# --- programme templates -------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    """All programme templates with their summary (everyone signed in may read them)."""
    programmes = Programme.objects.order_by("-is_operational", "name")
    return render(request, "programmes/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A programme template: description, phases and elements from its seed."""
    programme = get_object_or_404(Programme, key=key)
    phases = programme.phases.prefetch_related("elements").order_by("order")
    return render(
        request,
        "programmes/programme_detail.html",
        {"programme": programme, "phases": phases, "can_edit_content": may_edit_content(request)},
    )


# --- cohorts ---------------------------------------------------------------------------------


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    """The consultant's cohorts (HR staff and admins see all)."""
    roles, show_all = _hr_scope(request)
    cohorts = selectors.cohorts_for(person=roles.person, all_cohorts=show_all)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=cohorts,
            columns=[
                Column(_("Hold"), lambda c: c.name),
                Column(_("Forløb"), lambda c: c.programme.name),
                Column(_("Start"), lambda c: c.starts_on),
                Column(_("Slut"), lambda c: c.ends_on),
                Column(_("Optaget"), lambda c: c.seated),
                Column(_("Pladser"), lambda c: c.capacity),
                Column(_("Ventende indstillinger"), lambda c: c.nominated),
                Column(_("Mødegange"), lambda c: c.session_count),
            ],
            filename=_("hold"),
            format=fmt,
            title=_("Hold"),
        )
    return render(
        request,
        "programmes/cohort_list.html",
        {"cohorts": cohorts, "show_all": show_all, "can_create": roles.can_manage_programmes},
    )


@login_required
def cohort_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a cohort (HR staff with the manage permission)."""
    roles = roles_for(request)
    if not roles.can_manage_programmes:
        raise not_found()
    initial = {"consultants": [roles.person] if roles.person else []}
    form = CohortForm(
        request.POST or None, initial=initial, consultant_choices=_consultant_choices()
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            cohort = services.cohort_create(
                programme=d["programme"],
                name=d["name"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                capacity=d["capacity"],
                nomination_deadline=d["nomination_deadline"],
                description=d["description"],
                consultants=list(d["consultants"]),
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Holdet “%(name)s” er oprettet.") % {"name": cohort.name})
            return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(request, "programmes/cohort_form.html", {"form": form, "cohort": None})


@login_required
def cohort_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a cohort's details (its consultants and admins)."""
    cohort = get_cohort_for(request, pk, write=True)
    initial = {
        "programme": cohort.programme,
        "name": cohort.name,
        "starts_on": cohort.starts_on,
        "ends_on": cohort.ends_on,
        "capacity": cohort.capacity,
        "nomination_deadline": cohort.nomination_deadline,
        "description": cohort.description,
        "consultants": list(cohort.consultants.all()),
    }
    form = CohortEditForm(
        request.POST or None,
        initial=initial,
        consultant_choices=_consultant_choices(),
        version=cohort.version,
    )
    form.fields["programme"].disabled = True
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.cohort_update(
                cohort=cohort,
                expected_version=d["version"],
                by=request.user,
                name=d["name"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                capacity=d["capacity"],
                nomination_deadline=d["nomination_deadline"],
                description=d["description"],
                consultants=list(d["consultants"]),
            ),
        )
        if done.ok:
            messages.success(request, _("Holdet er opdateret."))
            return redirect("programmes:cohort_detail", pk=cohort.pk)
        status = done.status
    return render(
        request, "programmes/cohort_form.html", {"form": form, "cohort": cohort}, status=status
    )


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The cohort page: progress matrix (participants × sessions and the features' columns),
    links to the programme's own pages (`extensions.cohort_links`), queue, sessions."""
    cohort = get_cohort_for(request, pk)
    can_manage = can_manage_cohort(request, cohort)
    matrix = selectors.cohort_progress_matrix(cohort=cohort)
    pending = list(
        cohort.enrolments.filter(status=Enrolment.Status.NOMINATED).select_related(
            "person__unit", "nominated_by"
        )
    )
    others = list(
        cohort.enrolments.filter(
            status__in=[Enrolment.Status.REJECTED, Enrolment.Status.WITHDRAWN]
        ).select_related("person__unit")
    )
    # the matrix, the queue and the rejected/withdrawn: one read-log row naming everyone listed
    note_read(
        request,
        [r.enrolment.person_id for r in matrix.rows] + [e.person_id for e in [*pending, *others]],
        RecordKind.ENROLMENT,
    )
    fmt = requested_format(request)
    if fmt:
        if request.GET.get("liste") == "moedegange":
            return export_response(
                rows=_session_rows(matrix),
                columns=_session_columns(),
                filename=_("moedegange %(cohort)s") % {"cohort": cohort.name},
                format=fmt,
                title=_("Mødegange"),
            )
        return export_response(
            rows=_participant_rows(matrix, pending, others),
            columns=_participant_columns(matrix),
            filename=_("deltagere %(cohort)s") % {"cohort": cohort.name},
            format=fmt,
            title=_("Deltagere"),
        )
    return render(
        request,
        "programmes/cohort_detail.html",
        {
            "cohort": cohort,
            "matrix": matrix,
            "pending": pending,
            "others": others,
            "consultants": list(cohort.consultants.all()),
            "can_manage": can_manage,
            "links": links_for(cohort, can_manage=can_manage),
            "seats_left": cohort.capacity - len(matrix.rows),
        },
    )


# --- exports of the cohort page -------------------------------------------------------------


@dataclass(frozen=True)
class _ParticipantRow:
    """A participant in the cohort page's export: the enrolment and, for a seated one, its
    row of the progress matrix (attendance per session and the features' cells)."""

    enrolment: Enrolment
    attendance: list[str | None]
    cells: list[int]


def _participant_rows(
    matrix: ProgressMatrix, pending: list[Enrolment], others: list[Enrolment]
) -> list[_ParticipantRow]:
    """Everyone the cohort page shows: the matrix's participants, then the pending
    nominations, then the rejected and withdrawn (no matrix cells for those)."""
    rows = [
        _ParticipantRow(r.enrolment, r.attendance, [cell.value for cell in r.cells])
        for r in matrix.rows
    ]
    rows += [_ParticipantRow(e, [], []) for e in [*pending, *others]]
    return rows


def _session_heading(number: int, session: Session) -> str:
    """A session's column heading in the participant export: "1. 05-03-2026 Tema"."""
    day = date_format(timezone.localtime(session.starts_at), "SHORT_DATE_FORMAT")
    return f"{number}. {day} {session.theme}"


def _participant_columns(matrix: ProgressMatrix) -> list[Column]:
    """Name, unit, title, status, (reason), attendance per session, the features' columns."""
    columns = [
        Column(_("Navn"), lambda r: r.enrolment.person.full_name),
        Column(_("Enhed"), lambda r: r.enrolment.person.unit.name),
        Column(_("Stilling"), lambda r: r.enrolment.person.job_title),
        Column(_("Status"), lambda r: r.enrolment.get_status_display()),
        Column(
            _("Begrundelse"),
            lambda r: (
                r.enrolment.decision_reason or r.enrolment.withdrawal_reason
                if r.enrolment.status in (Enrolment.Status.REJECTED, Enrolment.Status.WITHDRAWN)
                else ""
            ),
        ),
    ]
    for index, session in enumerate(matrix.sessions):
        columns.append(Column(_session_heading(index + 1, session), _attendance_of(index)))
    for index, header in enumerate(matrix.headers):
        columns.append(Column(header, _cell_of(index)))
    return columns


def _attendance_of(index: int) -> Callable[[_ParticipantRow], str | None]:
    """A row's attendance label at session `index` (None for someone not seated)."""
    return lambda r: attendance_label(r.attendance[index]) if r.attendance else None


def _cell_of(index: int) -> Callable[[_ParticipantRow], int | None]:
    """A row's value in the features' column `index` (None for someone not seated)."""
    return lambda r: r.cells[index] if r.cells else None


@dataclass(frozen=True)
class _SessionRow:
    """A session of the cohort page's export with its attendance counted per status."""

    number: int
    session: Session
    counts: dict[str, int]


def _session_rows(matrix: ProgressMatrix) -> list[_SessionRow]:
    """The cohort's sessions in order, attendance counted from the matrix (no queries)."""
    rows = []
    for index, session in enumerate(matrix.sessions):
        counts = dict.fromkeys([*Attendance.Status.values, ""], 0)
        for row in matrix.rows:
            counts[row.attendance[index] or ""] += 1
        rows.append(_SessionRow(index + 1, session, counts))
    return rows


def _count_of(status: str) -> Callable[[_SessionRow], int]:
    """A session row's number of participants with attendance `status`."""
    return lambda r: r.counts[status]


def _session_columns() -> list[Column]:
    """Number, time, kind, theme, place and the participants per attendance status."""
    return [
        Column("#", lambda r: r.number),
        Column(_("Start"), lambda r: r.session.starts_at),
        Column(_("Slut"), lambda r: r.session.ends_at),
        Column(_("Type"), lambda r: r.session.get_kind_display()),
        Column(_("Tema"), lambda r: r.session.theme),
        Column(_("Sted"), lambda r: r.session.place),
        *[Column(str(label), _count_of(value)) for value, label in Attendance.Status.choices],
        Column(_("Ikke registreret"), lambda r: r.counts[""]),
    ]


# --- sessions --------------------------------------------------------------------------------


@login_required
def session_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a session (network meeting, teaching day …) to a cohort."""
    cohort = get_cohort_for(request, pk, write=True)
    start, end = default_session_times()
    form = SessionForm(
        request.POST or None,
        initial={"kind": Session.Kind.NETWORK_MEETING, "starts_at": start, "ends_at": end},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.session_create(cohort=cohort, by=request.user, **d)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Mødegangen “%(theme)s” er tilføjet.") % {"theme": d["theme"]}
            )
            return redirect("programmes:cohort_detail", pk=cohort.pk)
    return render(
        request, "programmes/session_form.html", {"form": form, "cohort": cohort, "session": None}
    )


def _session_for(request: HttpRequest, pk: int, *, write: bool) -> Session:
    session = Session.objects.select_related("cohort__programme").filter(pk=pk).first()
    if session is None:
        raise not_found()
    get_cohort_for(request, session.cohort_id, write=write)
    return session


@login_required
def session_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a session's time, place, kind or theme."""
    session = _session_for(request, pk, write=True)
    form = SessionEditForm(request.POST or None, instance=session)
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.session_update(
                session=session,
                expected_version=d.pop("version"),
                by=request.user,
                **d,
            ),
        )
        if done.ok:
            messages.success(request, _("Mødegangen er opdateret."))
            return redirect("programmes:cohort_detail", pk=session.cohort_id)
        status = done.status
    return render(
        request,
        "programmes/session_form.html",
        {"form": form, "cohort": session.cohort, "session": session},
        status=status,
    )


@login_required
def session_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and delete (POST) a session."""
    session = _session_for(request, pk, write=True)
    if request.method == "POST":
        cohort_pk = session.cohort_id
        services.session_delete(session=session, by=request.user)
        messages.success(request, _("Mødegangen er slettet."))
        return redirect("programmes:cohort_detail", pk=cohort_pk)
    return render(request, "programmes/session_confirm_delete.html", {"session": session})


@login_required
def session_attendance(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Register attendance for a session (the cohort's consultants)."""
    session = _session_for(request, pk, write=True)
    enrolments = list(
        session.cohort.enrolments.filter(status__in=Enrolment.SEATED).select_related("person")
    )
    current = {a.enrolment_id: a.status for a in session.attendances.all()}
    form = AttendanceForm(request.POST or None, enrolments=enrolments, initial_status=current)
    note_read(request, [e.person_id for e in enrolments], RecordKind.ENROLMENT)
    if request.method == "POST" and form.is_valid():
        for enrolment, status in form.statuses():
            if current.get(enrolment.pk, "") == status:
                continue
            if status:
                services.attendance_set(
                    session=session, enrolment=enrolment, status=status, by=request.user
                )
            else:
                services.attendance_clear(session=session, enrolment=enrolment, by=request.user)
        messages.success(request, _("Fremmødet er gemt."))
        return redirect("programmes:cohort_detail", pk=session.cohort_id)
    return render(request, "programmes/session_attendance.html", {"session": session, "form": form})


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions across the consultant's cohorts, paginated."""
    roles, show_all = _hr_scope(request)
    sessions = selectors.upcoming_sessions(person=roles.person, all_cohorts=show_all)
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=sessions,
            columns=[
                Column(_("Start"), lambda s: s.starts_at),
                Column(_("Slut"), lambda s: s.ends_at),
                Column(_("Hold"), lambda s: s.cohort.name),
                Column(_("Type"), lambda s: s.get_kind_display()),
                Column(_("Tema"), lambda s: s.theme),
                Column(_("Sted"), lambda s: s.place),
            ],
            filename=_("kalender"),
            format=fmt,
            title=_("Kommende mødegange"),
        )
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    return render(request, "programmes/schedule.html", {"page_obj": page, "show_all": show_all})


# --- nominations and enrolments ----------------------------------------------------------------


@login_required
def nominate(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The nearest leader nominates an employee for an open cohort."""
    roles = roles_for(request)
    if not roles.is_leader or roles.person is None:
        raise not_found()
    reports = person_reports(leader=roles.person)
    cohorts = selectors.cohorts_open_for_nomination()
    initial = {}
    if request.GET.get("medarbejder"):
        initial["person"] = request.GET["medarbejder"]
    form = NominationForm(request.POST or None, reports=reports, cohorts=cohorts, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.enrolment_nominate(
                cohort=d["cohort"],
                person=d["person"],
                nominated_by=roles.person,
                motivation=d["motivation"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s er indstillet til %(cohort)s. HR-konsulenten behandler indstillingen.")
                % {"name": d["person"].full_name, "cohort": d["cohort"].name},
            )
            return redirect("site:my_reports")
    open_kinds = set(cohorts.values_list("programme__kind", flat=True))
    return render(
        request,
        "programmes/nominate.html",
        {
            "form": form,
            "has_cohorts": bool(open_kinds),
            "sections": render_nomination_sections(request, open_kinds),
        },
    )


@login_required
def nomination_queue(request: HttpRequest) -> HttpResponse:
    """Pending nominations on the consultant's cohorts, oldest first."""
    roles, show_all = _hr_scope(request)
    queue = selectors.nomination_queue(person=roles.person, all_cohorts=show_all)
    fmt = requested_format(request)
    if fmt:
        listed = list(queue)
        note_read(request, [e.person_id for e in listed], RecordKind.ENROLMENT)
        return export_response(
            rows=listed,
            columns=[
                Column(_("Navn"), lambda e: e.person.full_name),
                Column(_("Stilling"), lambda e: e.person.job_title),
                Column(_("Enhed"), lambda e: e.person.unit.name),
                Column(_("Hold"), lambda e: e.cohort.name),
                Column(_("Forløb"), lambda e: e.cohort.programme.name),
                Column(
                    _("Indstillet af"),
                    lambda e: e.nominated_by.full_name if e.nominated_by else "",
                ),
                Column(_("Indstillet"), lambda e: e.nominated_at),
                Column(_("Begrundelse"), lambda e: e.motivation),
            ],
            filename=_("indstillinger"),
            format=fmt,
            title=_("Indstillinger"),
        )
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    note_read(request, [e.person_id for e in page.object_list], RecordKind.ENROLMENT)
    return render(
        request,
        "programmes/nomination_queue.html",
        {"page_obj": page, "show_all": show_all, "reject_form": ReasonForm()},
    )


def _decide_enrolment(request: HttpRequest, pk: int) -> Enrolment:
    enrolment, relations = get_enrolment_for(request, pk)
    if not relations & {Relation.CONSULTANT, Relation.ADMIN}:
        raise PermissionDenied
    return enrolment


def _back(request: HttpRequest, enrolment: Enrolment) -> HttpResponse:
    nxt = request.POST.get("next", "")
    if nxt == "queue":
        return redirect("programmes:nomination_queue")
    if nxt == "cohort":
        return redirect("programmes:cohort_detail", pk=enrolment.cohort_id)
    return redirect("programmes:enrolment_detail", pk=enrolment.pk)


@login_required
@require_POST
def enrolment_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort's consultant approves a nomination (POST)."""
    enrolment = _decide_enrolment(request, pk)
    form = OptionalReasonForm(request.POST)
    form.is_valid()
    try:
        services.enrolment_approve(
            enrolment=enrolment,
            decided_by=roles_for(request).person,
            by=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s er optaget på holdet.") % {"name": enrolment.person.full_name}
        )
    return _back(request, enrolment)


@login_required
def enrolment_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Reject a nomination with a reason (GET shows the form)."""
    enrolment = _decide_enrolment(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_reject(
                enrolment=enrolment,
                decided_by=roles_for(request).person,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Indstillingen af %(name)s er afvist.") % {"name": enrolment.person.full_name},
            )
            return _back(request, enrolment)
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
    return render(
        request,
        "programmes/enrolment_reason.html",
        {"enrolment": enrolment, "form": form, "action": "reject"},
    )


@login_required
def enrolment_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Withdraw a participant with a reason (consultant or nearest leader)."""
    enrolment, relations = get_enrolment_for(request, pk)
    if not relations & {Relation.CONSULTANT, Relation.ADMIN, Relation.LEADER}:
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_withdraw(
                enrolment=enrolment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("%(name)s er meldt ud af holdet.") % {"name": enrolment.person.full_name}
            )
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
    return render(
        request,
        "programmes/enrolment_reason.html",
        {"enrolment": enrolment, "form": form, "action": "withdraw"},
    )


@login_required
def enrolment_complete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and mark (POST) a participant's programme as completed (consultant)."""
    enrolment = _decide_enrolment(request, pk)
    if request.method != "POST":
        note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
        return render(
            request, "programmes/enrolment_confirm_complete.html", {"enrolment": enrolment}
        )
    try:
        services.enrolment_complete(enrolment=enrolment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _(
                "%(name)s har gennemført forløbet. Fortryd med “Genåbn deltagelsen”, hvis det var en fejl."
            )
            % {"name": enrolment.person.full_name},
        )
    return redirect("programmes:enrolment_detail", pk=enrolment.pk)


@login_required
@require_POST
def enrolment_reopen(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Undo a completion (consultant)."""
    enrolment = _decide_enrolment(request, pk)
    try:
        services.enrolment_reopen(enrolment=enrolment, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s er igen optaget på holdet.") % {"name": enrolment.person.full_name}
        )
    return redirect("programmes:enrolment_detail", pk=enrolment.pk)


@login_required
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A participant's programme: status and decisions, and the sections the programme's
    features register (`extensions.enrolment_sections`): its steps, sessions, practice tasks,
    conversations, learning agreement, logbook, network group or job visit."""
    enrolment, relations = get_enrolment_for(request, pk)
    page = EnrolmentPage(request=request, enrolment=enrolment, relations=relations)
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
    return render(
        request,
        "programmes/enrolment_detail.html",
        {
            "sections": render_enrolment_sections(page),
            "enrolment": enrolment,
            "relations": relations,
            "relation_labels": [str(RELATION_LABELS[r]) for r in sorted(relations)],
            "is_participant": Relation.PARTICIPANT in relations,
            "can_decide": bool(relations & {Relation.CONSULTANT, Relation.ADMIN}),
            "can_withdraw": bool(
                relations & {Relation.CONSULTANT, Relation.ADMIN, Relation.LEADER}
            ),
        },
    )


# --- role pages ------------------------------------------------------------------------------


@login_required
def my_programme(request: HttpRequest) -> HttpResponse:
    """The participant's own programme(s); exactly one running enrolment redirects to it."""
    roles = roles_for(request)
    if roles.person is None:
        raise not_found()
    enrolments = list(
        Enrolment.objects.filter(person=roles.person)
        .select_related("cohort__programme")
        .order_by("-cohort__starts_on")
    )
    active = [e for e in enrolments if e.status == Enrolment.Status.ENROLLED]
    if len(active) == 1:
        return redirect("programmes:enrolment_detail", pk=active[0].pk)
    return render(request, "programmes/my_programme.html", {"enrolments": enrolments})


# --- issue #16 §1: HR staff edit a programme template's texts (preview, history, offers) -----


def _template_content_page(
    programme: Programme, order: int | None, element_order: int | None
) -> ContentPage:
    """The `ContentPage` of a programme's texts, a phase's (`order`) or an element's
    (`order`, `element_order`); Http404 for a phase or element that does not exist."""
    detail_url = reverse("programmes:programme_detail", args=[programme.key])
    crumbs: tuple[tuple[str, str], ...] = (
        (str(pgettext_lazy("programme list", "Forløb")), reverse("programmes:programme_list")),
        (programme.name, detail_url),
    )
    fields: tuple[str, ...]
    form_class: type[ContentForm]
    args: list[str | int]
    if order is None:
        fields = PROGRAMME_FIELDS
        row: Programme | Phase | Element = programme
        key = content.programme_key(programme.key)
        title, form_class = programme.name, ProgrammeContentForm
        preview, args = "programmes/content_programme_preview.html", [programme.key]
        names = ("programme_content_edit", "programme_content_history")
    else:
        phase = get_object_or_404(Phase, programme=programme, order=order)
        if element_order is None:
            fields, row = PHASE_FIELDS, phase
            key = content.phase_key(programme.key, order)
            title, form_class = f"{phase.order}. {phase.name}", PhaseContentForm
            preview, args = "programmes/content_phase_preview.html", [programme.key, order]
            names = ("phase_content_edit", "phase_content_history")
        else:
            row = get_object_or_404(Element, phase=phase, order=element_order)
            fields = ELEMENT_FIELDS
            key = content.element_key(programme.key, order, element_order)
            title, form_class = f"{phase.name}: {row.name}", ElementContentForm
            preview = "programmes/content_element_preview.html"
            args = [programme.key, order, element_order]
            names = ("element_content_edit", "element_content_history")

    def apply(data: dict[str, Any]) -> None:
        for name, value in data.items():
            if name in fields:
                setattr(row, name, value)
        row.save()

    return ContentPage(
        key=key,
        title=title,
        form_class=form_class,
        preview_template=preview,
        apply=apply,
        audit_action=ProgrammeAction.CONTENT_EDIT,
        audit_obj=row,
        back_url=detail_url,
        edit_url=reverse(f"programmes:{names[0]}", args=args),
        history_url=reverse(f"programmes:{names[1]}", args=args),
        breadcrumbs=crumbs,
        current=lambda: {name: getattr(row, name) for name in fields},
    )


@login_required
def template_content_edit(
    request: AuthenticatedHttpRequest,
    key: str,
    order: int | None = None,
    element: int | None = None,
) -> HttpResponse:
    """Edit the texts of a programme template, a phase or an element, with preview (HR staff
    with the manage permission; everybody else 404)."""
    require_content_editor(request)
    programme = get_object_or_404(Programme, key=key)
    page = _template_content_page(programme, order, element)
    return content_pages.edit_view(request, page, request.user)


@login_required
def template_content_history(
    request: AuthenticatedHttpRequest,
    key: str,
    order: int | None = None,
    element: int | None = None,
) -> HttpResponse:
    """The versions of a programme's, phase's or element's texts: show, restore (HR staff)."""
    require_content_editor(request)
    programme = get_object_or_404(Programme, key=key)
    page = _template_content_page(programme, order, element)
    return content_pages.history_view(request, page, request.user)
