"""Pages for network groups: rounds of a cohort, composing and adjusting, publishing, and the
participant's JTI consent (thin views, STYLE.md §4).

Moving and locking work as plain POST + redirect; with htmx they return the board partial (plus
out-of-band updates of the score and the version fields), so the score updates at once.
The POST-only URLs (settings, compose, move, lock) redirect a GET to the round page instead of
answering a blank 405 – after the access check, so someone without access still gets 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from lederspor.core.access import AuthenticatedHttpRequest, Relation, not_found
from lederspor.core.concurrency import VersionedForm
from lederspor.core.exports import Column, ExportFormat, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.views import submit
from lederspor.grouping import selectors, services
from lederspor.grouping.access import get_group_for, get_membership_for, get_round_for
from lederspor.grouping.forms import (
    GroupTasksForm,
    JtiForm,
    LockForm,
    MoveForm,
    RoundSettingsEditForm,
    RoundSettingsForm,
    new_round_initial,
)
from lederspor.grouping.models import GroupingRound
from lederspor.grouping.selectors import Board
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import can_manage_cohort, get_cohort_for, get_enrolment_for
from lederspor.programmes.models import Enrolment


def _invalid_form_error() -> ValidationError:
    return ValidationError(_("Formularen kunne ikke læses. Genindlæs siden, og prøv igen."))


def _reloaded(rnd: GroupingRound) -> GroupingRound:
    """`rnd` with its fields read again after a change (or a refused one), keeping the cohort
    `get_round_for` checked access on, so the page is not built from a second access check."""
    cohort = rnd.cohort
    rnd.refresh_from_db()
    rnd.cohort = cohort
    return rnd


def _note_board(request: HttpRequest, board: Board) -> None:
    """Note in the read log every participant the board shows, grouped or not."""
    note_read(
        request,
        [m.enrolment.person_id for view in board.groups for m in view.members]
        + [e.person_id for e in board.unassigned],
        RecordKind.GROUPING,
    )


def _round_context(
    request: HttpRequest, rnd: GroupingRound, *, form: RoundSettingsForm | None = None
) -> dict[str, Any]:
    can_manage = can_manage_cohort(request, rnd.cohort)
    board = selectors.round_board(round=rnd)
    _note_board(request, board)
    return {
        "round": rnd,
        "cohort": rnd.cohort,
        "board": board,
        "form": form
        or RoundSettingsEditForm(initial=RoundSettingsForm.initial_for(rnd), version=rnd.version),
        "can_manage": can_manage,
        "can_edit": can_manage and rnd.is_draft,
    }


@login_required
def round_list(request: AuthenticatedHttpRequest, cohort_pk: int) -> HttpResponse:
    """A cohort's rounds of network groups; its consultants start a new round here."""
    cohort = get_cohort_for(request, cohort_pk, write=request.method == "POST")
    can_manage = can_manage_cohort(request, cohort)
    form = RoundSettingsForm(request.POST or None, initial=new_round_initial())
    if request.method == "POST" and form.is_valid():
        try:
            rnd = services.grouping_round_create(cohort=cohort, by=request.user, **form.settings())
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Runde %(number)s er oprettet. Tryk “Sammensæt grupper”.")
                % {"number": rnd.number},
            )
            return redirect("grouping:round_detail", pk=rnd.pk)
    return render(
        request,
        "grouping/round_list.html",
        {
            "cohort": cohort,
            "rounds": list(selectors.rounds_for_cohort(cohort=cohort)),
            "participant_count": len(selectors.enrolled_participants(cohort=cohort)),
            "form": form,
            "can_manage": can_manage,
            "has_network_groups": services.cohort_has_network_groups(cohort),
            "no_groups_reason": services.no_network_groups_reason(cohort),
        },
    )


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: criteria and rules, the groups with their mix, the score against random."""
    rnd = get_round_for(request, pk)
    fmt = requested_format(request)
    if fmt:
        return _round_export(request, rnd, fmt)
    return render(request, "grouping/round_detail.html", _round_context(request, rnd))


def _round_export(request: HttpRequest, rnd: GroupingRound, fmt: ExportFormat) -> HttpResponse:
    """The round's groups as the board shows them: one row per member (group, name, title,
    unit, status, locked), then those not in a group. The board's queries, whatever the size."""
    board = selectors.round_board(round=rnd)
    _note_board(request, board)
    not_in_group = _("Ikke i en gruppe")
    rows: list[tuple[str, Enrolment, bool]] = [
        (view.group.name, member.enrolment, member.membership.locked)
        for view in board.groups
        for member in view.members
    ]
    rows += [(not_in_group, enrolment, False) for enrolment in board.unassigned]
    return export_response(
        rows=rows,
        columns=[
            Column(_("Gruppe"), lambda r: r[0]),
            Column(_("Navn"), lambda r: r[1].person.full_name),
            Column(_("Stilling"), lambda r: r[1].person.job_title),
            Column(_("Enhed"), lambda r: r[1].person.unit.name),
            Column(_("Status"), lambda r: r[1].get_status_display()),
            Column(_("Låst"), lambda r: r[2]),
        ],
        filename=_("netvaerksgrupper %(cohort)s runde %(number)s")
        % {"cohort": rnd.cohort.name, "number": rnd.number},
        format=fmt,
        title=_("Netværksgrupper"),
    )


@login_required
def round_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Save the round's criteria, sizes and rules (the score of the current groups updates)."""
    rnd = get_round_for(request, pk, write=request.method == "POST")
    if request.method != "POST":
        return redirect("grouping:round_detail", pk=rnd.pk)
    form = RoundSettingsEditForm(request.POST)
    done = submit(
        form,
        lambda d: services.grouping_round_update(
            round=rnd, expected_version=d["version"], by=request.user, **form.settings()
        ),
    )
    if done.ok:
        messages.success(request, _("Kriterier og regler er gemt."))
        return redirect("grouping:round_detail", pk=rnd.pk)
    return render(
        request,
        "grouping/round_detail.html",
        _round_context(request, _reloaded(rnd), form=form),
        status=done.status,
    )


@login_required
def round_compose(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Compose (or compose again) the groups with the solver."""
    rnd = get_round_for(request, pk, write=request.method == "POST")
    if request.method != "POST":
        return redirect("grouping:round_detail", pk=rnd.pk)
    form = VersionedForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid_form_error()
        rnd = services.grouping_round_compose(
            round=rnd, expected_version=form.cleaned_data["version"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Grupperne er sammensat: %(pct)s %% mere mangfoldige end en tilfældig gruppering.")
            % {"pct": f"{rnd.improvement_pct or 0:.0f}"},
        )
    return redirect("grouping:round_detail", pk=pk)


def _board_response(
    request: AuthenticatedHttpRequest, rnd: GroupingRound, error: str = "", anchor: str = ""
) -> HttpResponse:
    """The board partial for htmx (with out-of-band score and versions), else a redirect."""
    if request.htmx:
        context = _round_context(request, _reloaded(rnd))
        context["error"] = error
        return render(request, "grouping/_board_response.html", context)
    if error:
        messages.error(request, error)
    return redirect(reverse("grouping:round_detail", args=[rnd.pk]) + anchor)


@login_required
def membership_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move a participant to another group (hard rules and sizes checked).

    GET: the member's move form (the round's groups in one select; for htmx the form alone, to
    open in place on the board), so the board lists the groups once per asked-for member and
    not in a dropdown per member (issue #17 §1: 200 members × 34 groups). A published round
    has nothing to move: back to the board. POST: the move."""
    ms = get_membership_for(request, pk, write=True)
    if request.method != "POST":
        if not ms.round.is_draft or ms.locked:
            return redirect(
                reverse("grouping:round_detail", args=[ms.round_id]) + f"#medlem-{ms.pk}"
            )
        context = {
            "membership": ms,
            "round": ms.round,
            "cohort": ms.round.cohort,
            "groups": ms.round.groups.order_by("number"),
        }
        template = "grouping/_move_form.html" if request.htmx else "grouping/membership_move.html"
        return render(request, template, context)
    form = MoveForm(request.POST, round=ms.round)
    error = ""
    try:
        if not form.is_valid():
            raise _invalid_form_error()
        services.group_membership_move(
            membership=ms,
            to_group=form.cleaned_data["group"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        if not request.htmx:
            messages.success(
                request,
                _("%(name)s er flyttet til %(group)s.")
                % {"name": ms.enrolment.person.full_name, "group": form.cleaned_data["group"].name},
            )
    return _board_response(request, ms.round, error, f"#medlem-{ms.pk}")


@login_required
def membership_lock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Lock a participant to their group (kept when composing again) or unlock."""
    ms = get_membership_for(request, pk, write=request.method == "POST")
    if request.method != "POST":
        return redirect(reverse("grouping:round_detail", args=[ms.round_id]) + f"#medlem-{ms.pk}")
    form = LockForm(request.POST)
    error = ""
    try:
        if not form.is_valid():
            raise _invalid_form_error()
        services.group_membership_set_locked(
            membership=ms,
            locked=form.cleaned_data["locked"],
            expected_version=form.cleaned_data["version"],
            by=request.user,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return _board_response(request, ms.round, error, f"#medlem-{ms.pk}")


@login_required
def group_tasks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a group's tasks (the cohort's consultants; also after publishing)."""
    group = get_group_for(request, pk, write=True)
    form = GroupTasksForm(
        request.POST or None, initial={"tasks": group.tasks}, version=group.round.version
    )
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.network_group_set_tasks(
                group=group, tasks=d["tasks"], expected_version=d["version"], by=request.user
            ),
        )
        if done.ok:
            messages.success(request, _("Opgaverne for %(group)s er gemt.") % {"group": group.name})
            return redirect(
                reverse("grouping:round_detail", args=[group.round_id]) + f"#gruppe-{group.number}"
            )
        status = done.status
    return render(
        request,
        "grouping/group_tasks.html",
        {"group": group, "round": group.round, "cohort": group.round.cohort, "form": form},
        status=status,
    )


@login_required
def round_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and publish (POST): members are e-mailed and see their group."""
    rnd = get_round_for(request, pk, write=True)
    form = VersionedForm(request.POST or None, version=rnd.version)
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise _invalid_form_error()
            services.grouping_round_publish(
                round=rnd, expected_version=form.cleaned_data["version"], by=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Grupperne er offentliggjort, og deltagerne får besked på e-mail.")
            )
        return redirect("grouping:round_detail", pk=pk)
    board = selectors.round_board(round=rnd)
    _note_board(request, board)
    return render(
        request,
        "grouping/round_publish.html",
        {
            "round": rnd,
            "cohort": rnd.cohort,
            "board": board,
            "form": form,
            "member_count": sum(g.size for g in board.groups),
            "meetings": selectors.network_meetings(cohort=rnd.cohort),
        },
    )


@login_required
def enrolment_jti(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant records (or withdraws) their JTI type with explicit consent.

    Only the participant may see the form: everyone else – leader, chef, consultant, admin –
    gets 404, so the page does not even reveal that the enrolment exists."""
    enrolment, relations = get_enrolment_for(request, pk)
    if Relation.PARTICIPANT not in relations:
        raise not_found()
    form = JtiForm(
        request.POST or None,
        initial={"jti_type": enrolment.jti_type, "consent": bool(enrolment.jti_consent_at)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.enrolment_set_jti(
                enrolment=enrolment,
                jti_type=form.cleaned_data["jti_type"],
                consent=form.cleaned_data["consent"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if form.cleaned_data["consent"]:
                messages.success(request, _("Din JTI-type er gemt med dit samtykke."))
            else:
                messages.success(request, _("Din JTI-type er ikke gemt, og samtykket er fjernet."))
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
    return render(request, "grouping/jti_form.html", {"enrolment": enrolment, "form": form})
