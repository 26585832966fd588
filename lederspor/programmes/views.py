"""Pages for programmes, cohorts, nominations and enrolments (thin views, STYLE.md §4).

The list pages answer `?eksport=xlsx|csv` with what they show (`core.exports`); the cohort
page exports its participants, or with `liste=moedegange` its sessions with attendance.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from lederspor.core import content_pages
from lederspor.core.access import RELATION_LABELS, AuthenticatedHttpRequest, Relation, not_found
from lederspor.core.combobox import set_picker_for
from lederspor.core.content_pages import ContentForm, ContentPage
from lederspor.core.exports import Column, ExportFormat, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.views import attempt, submit
from lederspor.notifications import feeds
from lederspor.people.models import Person
from lederspor.people.roles import Roles, roles_for
from lederspor.people.selectors import person_reports
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes import calendar_events, content, selectors, services
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
    CohortArchiveFilterForm,
    CohortEditForm,
    CohortForm,
    CohortListFilterForm,
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
from lederspor.programmes.selectors import ProgressMatrix, consultant_choices
from lederspor.programmes.templatetags.attendance import attendance_label


def _hr_scope(request: HttpRequest) -> tuple[Roles, bool]:
    """For HR list pages: the roles and whether to show all cohorts (``?vis=mine`` narrows).

    Raises Http404 for anyone who is neither a cohort consultant nor HR staff.
    """
    roles = roles_for(request)
    if not roles.works_with_programmes:
        raise not_found()
    return roles, roles.can_manage_programmes and request.GET.get("vis") != "mine"


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


def _cohort_columns() -> list[Column]:
    """The first columns of a cohort list's export (the list and the archive): name,
    programme, start and end date."""
    return [
        Column(_("Hold"), lambda c: c.name),
        Column(_("Forløb"), lambda c: c.programme.name),
        Column(_("Start"), lambda c: c.starts_on),
        Column(_("Slut"), lambda c: c.ends_on),
    ]


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    """The consultant's cohorts (HR staff and admins see all) that have not ended; the ended
    ones are in the archive (`cohort_archive`). Filterable by programme, year and running /
    upcoming, sortable, in pages of `settings.LEDERSPOR_PAGE_SIZE` (issue #17 §1: ten years of
    cohorts); `?eksport=xlsx|csv` exports what the filters keep. Invalid filters show a Danish
    error and the unfiltered list."""
    roles, show_all = _hr_scope(request)
    years = selectors.cohort_list_years(person=roles.person, all_cohorts=show_all)
    filters = CohortListFilterForm(request.GET or None, years=years)
    chosen: dict[str, Any] = {}
    if filters.is_valid():
        chosen = {k: v for k, v in filters.cleaned_data.items() if v not in (None, "")}
    sort = str(chosen.get("sort") or "start")
    cohorts = selectors.cohorts_for(
        person=roles.person,
        all_cohorts=show_all,
        current_only=True,
        programme=chosen.get("programme"),
        year=chosen.get("year"),
        status=str(chosen.get("status", "")),
        order=CohortListFilterForm.SORTS[sort],
    )
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=cohorts,
            columns=[
                *_cohort_columns(),
                Column(_("Optaget"), lambda c: c.seated),
                Column(_("Pladser"), lambda c: c.capacity),
                Column(_("Ventende indstillinger"), lambda c: c.nominated),
                Column(_("Mødegange"), lambda c: c.session_count),
            ],
            filename=_("hold"),
            format=fmt,
            title=_("Hold"),
        )
    page = Paginator(cohorts, settings.LEDERSPOR_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/cohort_list.html",
        {
            "cohorts": list(page.object_list),
            "page_obj": page,
            "filters": filters,
            "filtered": any(k != "sort" for k in chosen),
            "show_all": show_all,
            "can_create": roles.can_manage_programmes,
            "query_string": query.urlencode(),
        },
    )


# --- the archive of finished cohorts (issue #16 §3) -----------------------------------------


@login_required
def cohort_archive(request: HttpRequest) -> HttpResponse:
    """ "Arkiv": the finished cohorts, newest first, filterable by programme and year and
    searchable by name, in pages of `settings.LEDERSPOR_PAGE_SIZE`, with enrolled and
    completed counts; `?eksport=xlsx|csv` exports what the filters keep. The scope of
    `cohort_list`: a consultant's own cohorts, HR staff all
    (``?vis=mine`` narrows); 404 for anyone else. Invalid filters show a Danish error and the
    unfiltered archive."""
    roles, show_all = _hr_scope(request)
    years = selectors.cohort_archive_years(person=roles.person, all_cohorts=show_all)
    filters = CohortArchiveFilterForm(request.GET or None, years=years)
    chosen: dict[str, object] = {}
    if filters.is_valid():
        chosen = {
            "programme": filters.cleaned_data["programme"],
            "year": filters.cleaned_data["year"],
            "q": filters.cleaned_data["q"].strip(),
        }
    cohorts = selectors.cohort_archive(
        person=roles.person,
        all_cohorts=show_all,
        programme=chosen.get("programme"),  # type: ignore[arg-type]
        year=chosen.get("year"),  # type: ignore[arg-type]
        q=str(chosen.get("q", "")),
    )
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=cohorts,
            columns=[
                *_cohort_columns(),
                Column(_("Optaget"), lambda c: c.enrolled),
                Column(_("Gennemført"), lambda c: c.completed),
            ],
            filename=_("arkiv"),
            format=fmt,
            title=_("Arkiv"),
        )
    page = Paginator(cohorts, settings.LEDERSPOR_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programmes/cohort_archive.html",
        {
            "page_obj": page,
            "filters": filters,
            "show_all": show_all,
            "can_see_all": roles.can_manage_programmes,
            "filtered": any(chosen.values()),
            "query_string": query.urlencode(),
        },
    )


# --- (end of the archive) --------------------------------------------------------------------


@login_required
def cohort_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a cohort (HR staff with the manage permission)."""
    roles = roles_for(request)
    if not roles.can_manage_programmes:
        raise not_found()
    initial = {"consultants": [roles.person] if roles.person else []}
    form = CohortForm(
        request.POST or None, initial=initial, consultant_choices=consultant_choices()
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
        consultant_choices=consultant_choices(),
        version=cohort.version,
    )
    set_picker_for(form, ["consultants"], cohort.pk)
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
    viewer = roles_for(request).person
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
    # --- waiting list (issue #16 §3): in order; the first `seats_left` may be given a seat
    waiting = selectors.cohort_waiting_list(cohort=cohort)
    seats_left = cohort.capacity - len(matrix.rows)
    offered = selectors.offered_from(waiting, seats_left)
    # the matrix, the queue, the waiting list and the rejected/withdrawn: one read-log row
    # naming everyone listed
    note_read(
        request,
        [r.enrolment.person_id for r in matrix.rows]
        + [e.person_id for e in [*pending, *waiting, *others]],
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
            rows=_participant_rows(matrix, [*waiting, *pending], others),
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
            "seats_left": seats_left,
            "waiting": waiting,
            "offered": offered,
            # a nomination goes on the waiting list when no seat is left for it
            "cohort_full": len(matrix.rows) + len(waiting) >= cohort.capacity,
            "clashes": calendar_events.cohort_session_clashes(
                cohort, viewer_id=viewer.pk if viewer else None
            ),
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
            # a clash is a warning, not a block (issue #16 §3): stay on the page that shows it
            viewer = roles_for(request).person
            if calendar_events.session_clashes(
                done.result or session, viewer_id=viewer.pk if viewer else None
            ):
                return redirect("programmes:session_edit", pk=session.pk)
            return redirect("programmes:cohort_detail", pk=session.cohort_id)
        status = done.status
    viewer = roles_for(request).person
    return render(
        request,
        "programmes/session_form.html",
        {
            "form": form,
            "cohort": session.cohort,
            "session": session,
            "clashes": calendar_events.session_clashes(
                session, viewer_id=viewer.pk if viewer else None
            ),
        },
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


# --- issue #16 §3: the calendars, clashes and the iCalendar feed ------------------------------


def _upcoming_sessions_export(
    request: HttpRequest, show_all: bool, fmt: ExportFormat
) -> HttpResponse:
    """The upcoming sessions across the consultant's cohorts (all for HR staff) as a sheet."""
    sessions = selectors.upcoming_sessions(person=roles_for(request).person, all_cohorts=show_all)
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


def _calendar_viewer(request: HttpRequest) -> calendar_events.Viewer:
    """The signed-in user as a calendar `Viewer` (two queries with a person)."""
    roles = roles_for(request)
    return calendar_events.viewer_of(
        roles.person, is_admin=roles.is_admin, is_hr=roles.can_manage_programmes
    )


@login_required
def schedule(request: HttpRequest) -> HttpResponse:
    """ "Min kalender" (issue #16 §3): one week of what the signed-in person attends — sessions
    of the cohorts they consult or are seated on, conversations they attend, the wrap-ups and
    joint meetings they take part in — with each link one they may open and, on consultant and
    HR calendars, clashes flagged (`calendar_events.calendar_week`). `?uge=<ISO date>` shows
    that date's week. HR only: `?vis=alle` every cohort's events; `?eksport=xlsx|csv` the
    upcoming sessions (all cohorts for HR staff unless `?vis=mine`; a consultant's own).
    Http404 for a login without a person unless it is an administrator (who sees every cohort),
    and for the HR-only parts asked for by anyone who neither consults a cohort nor is HR
    staff."""
    roles = roles_for(request)
    fmt = requested_format(request)
    hr_only = bool(fmt) or request.GET.get("vis") == "alle"
    if roles.person is None or hr_only:
        roles, show_all = _hr_scope(request)
    else:
        show_all = False
    if fmt:
        return _upcoming_sessions_export(request, show_all, fmt)
    everything = roles.person is None or (
        roles.can_manage_programmes and request.GET.get("vis") == "alle"
    )
    week = calendar_events.calendar_week(
        monday=calendar_events.monday_of(request.GET.get("uge")),
        viewer=_calendar_viewer(request),
        person=roles.person,
        everything=everything,
    )
    note_read(request, week.named_people, RecordKind.CONVERSATION)
    return render(
        request,
        "programmes/calendar.html",
        {
            "week": week,
            "everything": everything,
            "can_see_all": roles.can_manage_programmes and roles.person is not None,
            "can_export": roles.works_with_programmes,
            "has_feed": roles.person is not None,
        },
    )


@login_required
def cohort_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort's calendar (issue #16 §3): one week of its dated events — sessions,
    conversations ("Samtale"; the participant's name only to attendees), wrap-ups, the joint
    start meeting — with clashes against every other event flagged. For those who may read the
    cohort page (`get_cohort_for`: its consultants, HR staff, administrators); Http404 for
    anyone else. Without `?uge=` it opens on this week, or on the cohort's first week before
    it starts."""
    cohort = get_cohort_for(request, pk)
    requested = request.GET.get("uge")
    if not requested and timezone.localdate() < cohort.starts_on:
        requested = cohort.starts_on.isoformat()
    week = calendar_events.calendar_week(
        monday=calendar_events.monday_of(requested),
        viewer=_calendar_viewer(request),
        cohort=cohort,
    )
    note_read(request, week.named_people, RecordKind.CONVERSATION)
    return render(request, "programmes/calendar.html", {"week": week, "cohort": cohort})


def _feed_person(request: HttpRequest) -> Person:
    """The signed-in person whose feed the page manages (every person: participant, leader,
    chef, host, consultant, HR staff …); Http404 for a login without a person (an
    administrator without one)."""
    person = roles_for(request).person
    if person is None:
        raise not_found()
    return person


@login_required
def calendar_subscription(request: AuthenticatedHttpRequest) -> HttpResponse:
    """ "Abonnér i Outlook" (issue #16 §3): the person's feed address. POST `handling=forny`
    makes a new address (the old one stops working) and shows it once; `handling=stop` revokes
    it. Only for the person's own feed (`_feed_person`)."""
    person = _feed_person(request)
    raw = ""
    if request.method == "POST":
        action = request.POST.get("handling")
        if action == "forny":
            try:
                raw = feeds.feed_token_renew(person=person, by=request.user)
            except IntegrityError:  # renewed at the same moment in another tab: one wins
                messages.error(
                    request,
                    _("Adressen blev fornyet samtidig et andet sted. Prøv igen."),
                )
                return redirect("programmes:calendar_subscription")
        elif action == "stop":
            if feeds.feed_token_revoke(person=person, by=request.user):
                messages.success(
                    request, _("Abonnementet er stoppet. Den gamle adresse virker ikke længere.")
                )
            return redirect("programmes:calendar_subscription")
        else:
            messages.error(request, _("Vælg, om adressen skal fornyes eller stoppes."))
            return redirect("programmes:calendar_subscription")
    feed_url = (
        request.build_absolute_uri(reverse("programmes:calendar_feed", args=[raw])) if raw else ""
    )
    return render(
        request,
        "programmes/calendar_subscription.html",
        {"token": feeds.active_feed_token(person), "feed_url": feed_url},
    )


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed (text/calendar, UTF-8) of the token's person: their events from 60
    days back to 365 ahead (`calendar_events.feed_text`). No session needed: the secret token
    in the address is the key; an unknown, revoked or malformed token, or a person whose login
    is deactivated, is Http404. Holds no other person's name (conversations are "Samtale"), so
    nothing is noted in the read log."""
    found = feeds.feed_token_check(token)
    if found is None:
        raise not_found()
    person = found.person
    user = getattr(person, "user", None)
    if user is not None and not user.is_active:
        raise not_found()
    response = HttpResponse(
        calendar_events.feed_text(person), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="lederspor.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- end of issue #16 §3 ---------------------------------------------------------------------


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
    # free seats to give from the waiting list (issue #16 §3), above the nominations
    offers = selectors.waitlist_offers(person=roles.person, all_cohorts=show_all)
    note_read(
        request,
        [e.person_id for e in page.object_list] + [o.enrolment.person_id for o in offers],
        RecordKind.ENROLMENT,
    )
    return render(
        request,
        "programmes/nomination_queue.html",
        {"page_obj": page, "show_all": show_all, "reject_form": ReasonForm(), "offers": offers},
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
    position, offerable = _waitlist_state(enrolment)
    return render(
        request,
        "programmes/enrolment_detail.html",
        {
            "waitlist_position": position,
            "waitlist_offerable": offerable,
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


# --- waiting list (issue #16 §3) ----------------------------------------------------------------


def _waitlist_state(enrolment: Enrolment) -> tuple[int | None, bool]:
    """(position on the waiting list, whether a free seat may be given to it now) for a
    waitlisted enrolment; (None, False) otherwise, without a query."""
    if enrolment.status != Enrolment.Status.WAITLISTED:
        return None, False
    position = services.waitlist_position(enrolment)
    seated = enrolment.cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    return position, position <= enrolment.cohort.capacity - seated


@login_required
@require_POST
def enrolment_waitlist(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort's consultant puts a nomination on the waiting list (POST): the cohort is
    full; the leaders are told the position by mail."""
    enrolment = _decide_enrolment(request, pk)
    ok, _result = attempt(
        request, services.enrolment_waitlist, enrolment=enrolment, by=request.user
    )
    if ok:
        messages.success(
            request,
            _("%(name)s er sat på venteliste som nr. %(position)d. Lederen har fået besked.")
            % {
                "name": enrolment.person.full_name,
                "position": services.waitlist_position(enrolment),
            },
        )
    return _back(request, enrolment)


@login_required
@require_POST
def waitlist_give_place(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort's consultant gives a free seat to the first on the waiting list (POST);
    refused with a message when the seat is already taken or others come first."""
    enrolment = _decide_enrolment(request, pk)
    ok, _result = attempt(
        request,
        services.waitlist_give_place,
        enrolment=enrolment,
        decided_by=roles_for(request).person,
        by=request.user,
    )
    if ok:
        messages.success(
            request,
            _("%(name)s har fået pladsen og er optaget på holdet. Lederen har fået besked.")
            % {"name": enrolment.person.full_name},
        )
    return _back(request, enrolment)


@login_required
@require_POST
def waitlist_skip(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort's consultant skips the person offered a seat (POST): they move to the back
    of the waiting list and the next one is offered the seat."""
    enrolment = _decide_enrolment(request, pk)
    ok, _result = attempt(request, services.waitlist_skip, enrolment=enrolment, by=request.user)
    if ok:
        messages.success(
            request,
            _("%(name)s er flyttet bagerst på ventelisten (nr. %(position)d).")
            % {
                "name": enrolment.person.full_name,
                "position": services.waitlist_position(enrolment),
            },
        )
    return _back(request, enrolment)


# --- end of waiting list ---------------------------------------------------------------------


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
