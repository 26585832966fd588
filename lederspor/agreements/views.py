"""Views of the learning agreement (seed 003; issue #3 §2).

Thin functions: access helper → form → service → redirect or render. A stale save (someone saved
in between) gets 409 with the typed text back; a locked version gets 403 with a clear message.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.agreements import forms as f
from lederspor.agreements.access import (
    AgreementAccess,
    get_agreement_for,
    get_enrolment_access,
)
from lederspor.agreements.models import (
    PRACTICE_SEED_NOTE,
    AgreementStatus,
    BuildingBlock,
    LearningAgreement,
)
from lederspor.agreements.selectors import agreement_page
from lederspor.agreements.services import (
    BLOCK_COLUMNS,
    AgreementLockedError,
    ApprovalRole,
    agreement_approve,
    agreement_create,
    agreement_revise,
    agreement_save,
    block_execution_save,
    locked_error,
)
from lederspor.conversations.access import visible_q
from lederspor.conversations.models import Conversation
from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.pdf import pdf_response
from lederspor.core.views import submit
from lederspor.people.roles import roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read


def _detail(
    request: HttpRequest,
    agreement: LearningAgreement,
    access: AgreementAccess,
    *,
    bound: dict[int, f.ExecutionForm] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    note_read(request, access.enrolment.person_id, RecordKind.AGREEMENT)
    page = agreement_page(agreement=agreement, cohort_has_consultants=access.cohort_has_consultants)
    executable = access.can_write and agreement.status == AgreementStatus.APPROVED
    rows = []
    for block in page.blocks:
        form = None
        if executable:
            form = (bound or {}).get(block.pk) or f.ExecutionForm(
                prefix=f"b{block.pk}",
                initial={"status": block.status, "reflection": block.reflection},
                version=agreement.version,
            )
        rows.append((block, form))
    # the conversation the agreement was made in, named and linked only for who may open it
    # (issue #15 §4: no kind or time of a conversation the viewer gets 404 on)
    me = roles_for(request).person
    conversation_visible = (
        agreement.conversation_id is not None
        and me is not None
        and Conversation.objects.filter(visible_q(me), pk=agreement.conversation_id).exists()
    )
    approvable = [
        a
        for a in page.approvals
        if a.at is None and a.role in access.approval_roles and agreement.is_draft
    ]
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "enrolment": access.enrolment,
            "page": page,
            "rows": rows,
            "can_write": access.can_write,
            "approvable": approvable,
            "can_revise": access.can_write
            and agreement.status == AgreementStatus.APPROVED
            and page.draft is None,
            "error": error,
            "conversation_visible": conversation_visible,
        },
        status=status,
    )


@login_required
def enrolment_agreement(request: HttpRequest, enrolment_pk: int) -> HttpResponse:
    """The enrolment's learning agreement: the newest version (the draft being changed, else the
    approved one), or "Opret læringsaftale" when there is none."""
    access = get_enrolment_access(request, enrolment_pk)
    agreement = (
        LearningAgreement.objects.filter(enrolment=access.enrolment)
        .exclude(status=AgreementStatus.SUPERSEDED)
        .select_related("conversation")
        .order_by("-number")
        .first()
    )
    if agreement is None:
        return render(
            request,
            "agreements/agreement_start.html",
            {"enrolment": access.enrolment, "can_write": access.can_write},
        )
    agreement.enrolment = access.enrolment
    return _detail(request, agreement, access)


@login_required
@require_POST
def agreement_create_view(request: AuthenticatedHttpRequest, enrolment_pk: int) -> HttpResponse:
    """Create version 1 as a draft (with the aspirant programme block) and open the editor."""
    access = get_enrolment_access(request, enrolment_pk, write=True)
    try:
        agreement = agreement_create(enrolment=access.enrolment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:enrolment_agreement", enrolment_pk=enrolment_pk)
    messages.success(request, _("Læringsaftalen er oprettet som kladde."))
    return redirect("agreements:agreement_edit", pk=agreement.pk)


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of the agreement, readable in every state, with the history of versions."""
    agreement, access = get_agreement_for(request, pk)
    return _detail(request, agreement, access)


def _locked(request: HttpRequest, agreement: LearningAgreement, message: str) -> HttpResponse:
    return render(
        request,
        "agreements/agreement_locked.html",
        {"agreement": agreement, "message": message},
        status=403,
    )


def _goal_initial(agreement: LearningAgreement) -> list[dict[str, Any]]:
    return [{"kind": g.kind, "text": g.text} for g in agreement.goals.order_by("order", "pk")]


def _block_initial(agreement: LearningAgreement) -> list[dict[str, Any]]:
    return [
        {"id": b.pk, **{c: getattr(b, c) for c in BLOCK_COLUMNS}}
        for b in agreement.blocks.order_by("order", "pk")
    ]


@login_required
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit a draft: how the leader supports, goals and blocks (formsets). Locked versions get
    403 with a message; a stale save gets 409 and the typed text back; bad rows get 400."""
    agreement, access = get_agreement_for(request, pk, write=True)
    if not agreement.is_draft:
        return _locked(request, agreement, locked_error().messages[0])
    data = request.POST if request.method == "POST" else None
    support = f.SupportEditForm(
        data, initial={"leader_support": agreement.leader_support}, version=agreement.version
    )
    goals = f.GoalFormSet(data, prefix="goals", initial=None if data else _goal_initial(agreement))
    blocks = f.BlockFormSet(
        data, prefix="blocks", initial=None if data else _block_initial(agreement)
    )
    status = 200
    if data is not None:
        rows_valid = goals.is_valid() & blocks.is_valid()  # both, so each shows its errors
        if not rows_valid:
            support.is_valid()
            status = 400
        else:
            done = submit(
                support,
                lambda d: agreement_save(
                    agreement=agreement,
                    leader_support=d["leader_support"],
                    goals=goals.rows(),
                    blocks=blocks.rows(),
                    expected_version=d["version"],
                    user=request.user,
                ),
            )
            if done.ok:
                messages.success(request, _("Læringsaftalen er gemt."))
                return redirect("agreements:agreement_detail", pk=agreement.pk)
            if support.has_error(NON_FIELD_ERRORS, code="locked"):  # approved meanwhile
                return _locked(request, agreement, locked_error().messages[0])
            status = done.status
    note_read(request, access.enrolment.person_id, RecordKind.AGREEMENT)
    return render(
        request,
        "agreements/agreement_edit.html",
        {
            "agreement": agreement,
            "enrolment": access.enrolment,
            "support": support,
            "goals": goals,
            "blocks": blocks,
            "guide": f.BLOCK_KIND_GUIDE,
            "practice_note": PRACTICE_SEED_NOTE,
            "not_saved": status == 400,
        },
        status=status,
    )


@login_required
@require_POST
def agreement_approve_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Approve a draft in one of the viewer's roles; the last approval locks it."""
    agreement, access = get_agreement_for(request, pk, write=True)
    form = f.ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Godkendelsen kunne ikke læses. Prøv igen."))
        return redirect("agreements:agreement_detail", pk=pk)
    role = ApprovalRole(form.cleaned_data["role"])
    if role not in access.approval_roles or access.me is None:
        raise PermissionDenied
    try:
        agreement = agreement_approve(
            agreement=agreement,
            role=role,
            person=access.me,
            user=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except ConcurrentEditError:
        agreement.refresh_from_db()
        agreement.enrolment = access.enrolment
        return _detail(
            request,
            agreement,
            access,
            error=_("Aftalen er ændret, siden du åbnede den. Læs den igen, før du godkender."),
            status=409,
        )
    except AgreementLockedError as error:
        return _locked(request, agreement, error.messages[0])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if agreement.status == AgreementStatus.APPROVED:
            messages.success(request, _("Alle har godkendt. Læringsaftalen er nu låst."))
        else:
            messages.success(request, _("Din godkendelse er registreret."))
    return redirect("agreements:agreement_detail", pk=pk)


@login_required
@require_POST
def agreement_revise_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Ændr aftalen": a new draft version copying the approved one."""
    agreement, _access = get_agreement_for(request, pk, write=True)
    try:
        draft = agreement_revise(agreement=agreement, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:agreement_detail", pk=pk)
    messages.success(
        request,
        _(
            "Version %(n)s er oprettet som kladde. Den gældende aftale gælder, indtil den nye "
            "version er godkendt."
        )
        % {"n": draft.number},
    )
    return redirect("agreements:agreement_edit", pk=draft.pk)


@login_required
@require_POST
def block_execution(request: AuthenticatedHttpRequest, pk: int, block_pk: int) -> HttpResponse:
    """Record a block's status and reflection on the approved agreement (no new version)."""
    agreement, access = get_agreement_for(request, pk, write=True)
    block = BuildingBlock.objects.filter(pk=block_pk, agreement=agreement).first()
    if block is None:
        raise not_found()
    form = f.ExecutionForm(request.POST, prefix=f"b{block.pk}")
    done = submit(
        form,
        lambda d: block_execution_save(
            block=block,
            status=d["status"],
            reflection=d["reflection"],
            expected_version=d["version"],
            user=request.user,
        ),
    )
    if done.ok:
        messages.success(request, _("Byggeklodsen er opdateret."))
        return redirect(f"{reverse('agreements:agreement_detail', args=[pk])}#klods-{block.pk}")
    return _detail(request, agreement, access, bound={block.pk: form}, status=done.status)


@login_required
def agreement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a PDF (WeasyPrint), for everyone who may read it."""
    agreement, access = get_agreement_for(request, pk)
    page = agreement_page(agreement=agreement, cohort_has_consultants=access.cohort_has_consultants)
    note_read(request, access.enrolment.person_id, RecordKind.AGREEMENT)
    name = slugify(access.enrolment.person.full_name) or "trainee"
    return pdf_response(
        request,
        "agreements/agreement_pdf.html",
        {
            "agreement": agreement,
            "enrolment": access.enrolment,
            "page": page,
            "today": timezone.localdate(),
        },
        f"laeringsaftale-{name}-v{agreement.number}.pdf",
    )
