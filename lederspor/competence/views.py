"""Views of the competence-development planner (seed 004; issue #5 §1–2, §4).

Thin functions: access helper → form → service → redirect or render. The five fields are
edited one at a time, in any order, each beside the seed's quick-guide questions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.competence import forms as f
from lederspor.competence.access import PlanAccess, can_plan_competence, get_plan_for
from lederspor.competence.checks import task_checks
from lederspor.competence.content import TextBox, examples, examples_introduction, method
from lederspor.competence.editable import LYNGUIDE_TEXT
from lederspor.competence.models import CompetencePlan, PlanStatus
from lederspor.competence.pickers import plan_people, plannable_units
from lederspor.competence.selectors import examples_list, plan_page, plans_visible
from lederspor.competence.services import (
    ACTIVITY_COLUMNS,
    ANCHORING_COLUMNS,
    plan_copy,
    plan_create,
    plan_delete,
    plan_evaluate,
    plan_field_save,
    plan_participants_save,
    plan_restore,
    plan_status_set,
)
from lederspor.competence.suggestions import learning_form_suggestions
from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.combobox import picker_searching
from lederspor.core.concurrency import VersionedForm
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.pdf import pdf_response
from lederspor.core.views import submit
from lederspor.licences.models import LicenceTask
from lederspor.people.models import Person
from lederspor.people.roles import request_led_unit_ids, request_manages_unit, roles_for
from lederspor.people.selectors import (
    ancestor_unit_ids,
    load_units,
    unit_subtree_ids,
)
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.texts.services import get_text, live

PAGE_SIZE = 25
FIELDS = ("task", "perspective", "learning_goals", "training_ground", "everyday")
UNDO_KEY = "competence_plan_undo"


def _picker_search(formset: Any) -> bool:
    """Whether a row's picker fallback "Søg" button posted the page (shown again, not an
    error; `core.combobox`)."""
    return any(picker_searching(form) for form in formset)


def _licence_tasks(plan: CompetencePlan) -> QuerySet[LicenceTask]:
    """Kørekort tasks a plan may require: those of its unit, the units above it and below."""
    if plan.unit_id is None:
        return LicenceTask.objects.none()
    units = load_units()
    ids = unit_subtree_ids({plan.unit_id}, units) | set(ancestor_unit_ids(plan.unit_id, units))
    return LicenceTask.objects.filter(unit_id__in=ids).select_related("unit").order_by("title")


def _owner(request: HttpRequest) -> Person | None:
    """The responsible leader of a plan the viewer creates: themselves if they lead anyone."""
    roles = roles_for(request)
    return roles.person if roles.is_leader else None


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    """The plans the viewer may see (search, status filter, sorting, pages) and the six
    examples. Anyone signed in sees the examples; the list is empty for others."""
    roles = roles_for(request)
    filters = f.PlanFilterForm(request.GET or None)
    plans = plans_visible(
        person_id=roles.person.pk if roles.person else None,
        led_unit_ids=request_led_unit_ids(request),
        sees_all=roles.works_with_programmes,
    )
    sort = "title"
    if filters.is_valid():
        q = filters.cleaned_data["q"].strip()
        if q:
            plans = plans.filter(
                Q(title__icontains=q)
                | Q(task_situation__icontains=q)
                | Q(unit__name__icontains=q)
                | Q(profession__icontains=q)
            )
        if filters.cleaned_data["status"]:
            plans = plans.filter(status=filters.cleaned_data["status"])
        sort = filters.cleaned_data["sort"] or "title"
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=plans.order_by(sort, "pk"),
            columns=[
                Column(_("Plan"), lambda p: p.title),
                Column(_("Faggruppe"), lambda p: p.profession),
                Column(_("Enhed"), lambda p: p.unit.name if p.unit else ""),
                Column(_("Status"), lambda p: p.get_status_display()),
                Column(_("Deltagere"), lambda p: p.participant_count),
                Column(_("Ansvarlig"), lambda p: p.owner.full_name if p.owner else ""),
                Column(_("Ændret"), lambda p: p.updated_at),
            ],
            filename=_("kompetenceplaner"),
            format=fmt,
            title=_("Planer"),
        )
    page = Paginator(plans.order_by(sort, "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and isinstance(v, str) and v}
    undo = request.session.get(UNDO_KEY)
    return render(
        request,
        "competence/plan_list.html",
        {
            "filters": filters,
            "page_obj": page,
            "query_string": urlencode(query),
            "examples": examples_list(),
            "can_plan": can_plan_competence(request),
            "undo_title": undo["plan"]["title"] if undo else "",
            "statuses": PlanStatus,
        },
    )


@login_required
def plan_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Create a plan for one of the viewer's units; then field 1 opens."""
    if not can_plan_competence(request):
        raise not_found()
    units = plannable_units(request)
    form = f.PlanCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_create(
                title=form.cleaned_data["title"],
                unit=form.cleaned_data["unit"],
                profession=form.cleaned_data["profession"],
                owner=_owner(request),
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(request, _("Planen er oprettet. Begynd med opgaven."))
            return redirect("competence:plan_field", pk=plan.pk, field="task")
    return render(request, "competence/plan_create.html", {"form": form})


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One plan (or example): the five fields in the seed's order, status, participants,
    checks and the evaluation."""
    access = get_plan_for(request, pk)
    page = plan_page(plan=access.plan, today=timezone.localdate())
    return render(request, "competence/plan_detail.html", _detail_context(request, access, page))


def _note_participants(request: HttpRequest, page: Any) -> None:
    """Note in the read log the plan's participants the page or PDF names."""
    note_read(request, [row.participant.person_id for row in page.participants], RecordKind.PLAN)


def _detail_context(request: HttpRequest, access: PlanAccess, page: Any) -> dict[str, Any]:
    plan = access.plan
    _note_participants(request, page)
    evaluation = f.EvaluationForm(
        initial={
            "core_task_realised": plan.core_task_realised,
            "organisation_realised": plan.organisation_realised,
            "note": plan.evaluation_note,
        },
        version=plan.version,
    )
    return {
        "plan": plan,
        "page": page,
        "edit": access.edit,
        "method": method(),
        "fields": [(m, FIELDS[i]) for i, m in enumerate(method().fields)],
        "evaluation_form": evaluation,
        "statuses": [s for s in PlanStatus if s != PlanStatus.EVALUATED],
        "can_copy": can_plan_competence(request),
    }


def _row_initial(rows: Any, names: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{n: getattr(r, n) for n in names} for r in rows]


def _field_forms(field: str, plan: CompetencePlan, data: Any) -> tuple[Any, Any | None, Any | None]:
    """The main form (with the plan's version), the row formset and the learning-form
    suggestions of one field."""
    if field == "task":
        return f.TaskForm(data, instance=plan, licence_tasks=_licence_tasks(plan)), None, None
    if field == "perspective":
        return f.PerspectiveForm(data, instance=plan), None, None
    formset: BaseFormSet[Any]
    if field == "learning_goals":
        formset = f.GoalFormSet(
            data,
            prefix="goals",
            initial=None if data else _row_initial(plan.goals.all(), ("level", "label", "text")),
        )
        checklist = f.GoalChecklistForm(
            data, initial={"goal_checklist": plan.goal_checklist}, version=plan.version
        )
        return checklist, formset, None
    if field == "training_ground":
        suggestions = learning_form_suggestions(plan.goals.values_list("level", flat=True))
        ordered = [(s.form.key, s.form.title) for s in suggestions]
        form = f.TrainingGroundForm(data, instance=plan, ordered_forms=ordered)
        formset = f.ActivityFormSet(
            data,
            prefix="activities",
            initial=None if data else _row_initial(plan.activities.all(), ACTIVITY_COLUMNS),
        )
        return form, formset, suggestions
    people = plan_people(unit_id=plan.unit_id)
    formset = f.AnchoringFormSet(
        data,
        prefix="anchorings",
        form_kwargs={"people": people, "plan_pk": plan.pk},
        initial=None
        if data
        else [
            {name.removesuffix("_id"): getattr(a, name) for name in ANCHORING_COLUMNS}
            for a in plan.anchorings.all()
        ],
    )
    return f.EverydayForm(data, instance=plan), formset, None


def _formset_rows(formset: Any) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.has_changed() or form.initial
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@login_required
def plan_field(request: AuthenticatedHttpRequest, pk: int, field: str) -> HttpResponse:
    """Edit one of the five fields beside its quick-guide questions. A stale save (someone
    saved in between) gets 409 and the typed text back."""
    if field not in FIELDS:
        raise not_found()
    access = get_plan_for(request, pk, write=True)
    plan = access.plan
    data = request.POST if request.method == "POST" else None
    form, formset, extra = _field_forms(field, plan, data)
    status = 200
    if data is not None:
        if formset is not None and not formset.is_valid():
            form.is_valid()  # the field's own errors are shown beside the rows' errors
            status = 200 if _picker_search(formset) else 400
        else:
            done = submit(
                form,
                lambda d: plan_field_save(
                    plan=plan,
                    field=field,
                    values=d,
                    rows=_formset_rows(formset) if formset is not None else None,
                    expected_version=d["version"],
                    by=request.user,
                ),
            )
            if done.ok:
                messages.success(request, _("Feltet er gemt."))
                index = FIELDS.index(field)
                if "next" in request.POST and index + 1 < len(FIELDS):
                    return redirect("competence:plan_field", pk=plan.pk, field=FIELDS[index + 1])
                return redirect(f"{reverse('competence:plan_detail', args=[plan.pk])}#{field}")
            status = done.status
    content = method()
    checks = task_checks(plan) if field == "task" else []
    checklist_groups = []
    if field == "learning_goals":
        widgets = list(form["goal_checklist"])
        checklist_groups = [
            (level, [w for w in widgets if w.data["value"].startswith(f"{level.key}:")])
            for level in content.goal_levels
            if level.checklist
        ]
    suggested = []
    if field == "training_ground":
        by_key = {s.form.key: s for s in extra or []}
        suggested = [(w, by_key[w.data["value"]]) for w in form["learning_forms"]]
    return render(
        request,
        "competence/plan_field.html",
        {
            "plan": plan,
            "field": field,
            "guide": content.field(field),
            "fields": [(m, FIELDS[i]) for i, m in enumerate(content.fields)],
            "method": content,
            "form": form,
            "formset": formset,
            "is_last": field == FIELDS[-1],
            "checks": checks,
            "failed_checks": [c for c in checks if not c.passed],
            "checklist_groups": checklist_groups,
            "suggested": suggested,
            "dimensions": content.dimensions.for_field(field),
            "boxes": _text_boxes(field),
        },
        status=status,
    )


def _text_boxes(field: str) -> list[tuple[TextBox, list[tuple[int, str]]]]:
    """The seed's text boxes at `field`, each with the (number, workplace) of the worked examples
    it refers to (the seed's "Læs mere på side …")."""
    workplaces = {e.number: e.workplace for e in examples()}
    return [
        (box, [(n, workplaces[n]) for n in box.examples]) for box in method().text_boxes_for(field)
    ]


@login_required
def plan_participants(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Name the plan's participants, each with their own steps and everyday date if needed."""
    access = get_plan_for(request, pk, write=True)
    plan = access.plan
    people = plan_people(unit_id=plan.unit_id)
    data = request.POST if request.method == "POST" else None
    participants = list(plan.participants.all()) if data is None else []
    note_read(request, [p.person_id for p in participants], RecordKind.PLAN)
    formset = f.ParticipantFormSet(
        data,
        prefix="participants",
        form_kwargs={"people": people, "plan_pk": plan.pk},
        initial=None
        if data
        else [
            {
                "person": p.person_id,
                "current_step": p.current_step,
                "target_step": p.target_step,
                "everyday_from": p.everyday_from,
            }
            for p in participants
        ],
    )
    version_form = VersionedForm(data, version=plan.version)
    status = 200
    if data is not None:
        if not formset.is_valid():
            version_form.is_valid()
            status = 200 if _picker_search(formset) else 400
        else:
            done = submit(
                version_form,
                lambda d: plan_participants_save(
                    plan=plan,
                    rows=_formset_rows(formset),
                    expected_version=d["version"],
                    by=request.user,
                ),
            )
            if done.ok:
                messages.success(request, _("Deltagerne er gemt."))
                return redirect(f"{reverse('competence:plan_detail', args=[plan.pk])}#deltagere")
            status = done.status
    return render(
        request,
        "competence/plan_participants.html",
        {"plan": plan, "formset": formset, "version_form": version_form},
        status=status,
    )


@login_required
@require_POST
def plan_status(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move the plan to another status; what is missing is listed when it may not."""
    access = get_plan_for(request, pk, write=True)
    form = f.StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vælg en gyldig status."))
    else:
        try:
            plan = plan_status_set(
                plan=access.plan,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(
                request, _("Status er ikke ændret: %(why)s") % {"why": " ".join(error.messages)}
            )
        else:
            messages.success(
                request, _("Planens status er nu %(s)s.") % {"s": plan.get_status_display()}
            )
    return redirect(f"{reverse('competence:plan_detail', args=[pk])}#status")


@login_required
@require_POST
def plan_evaluate_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the evaluation (were the gains realised?) and mark the plan evaluated."""
    access = get_plan_for(request, pk, write=True)
    form = f.EvaluationForm(request.POST)
    done = submit(
        form,
        lambda d: plan_evaluate(
            plan=access.plan,
            core_task_realised=d["core_task_realised"],
            organisation_realised=d["organisation_realised"],
            note=d["note"],
            expected_version=d["version"],
            by=request.user,
        ),
    )
    if done.ok:
        messages.success(request, _("Evalueringen er gemt, og planen er evalueret."))
        return redirect(f"{reverse('competence:plan_detail', args=[pk])}#evaluering")
    page = plan_page(plan=access.plan, today=timezone.localdate())
    context = _detail_context(request, access, page)
    context["evaluation_form"] = form
    return render(request, "competence/plan_detail.html", context, status=done.status)


@login_required
def plan_copy_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Copy a plan or an example as the start of a new plan for one of the viewer's units."""
    access = get_plan_for(request, pk)
    if not can_plan_competence(request):
        raise PermissionDenied
    source = access.plan
    form = f.CopyForm(
        request.POST or None,
        units=plannable_units(request),
        initial={"title": source.title},
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_copy(
                source=source,
                title=form.cleaned_data["title"],
                unit=form.cleaned_data["unit"],
                owner=_owner(request),
                by=request.user,
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        else:
            messages.success(
                request, _("Planen er oprettet som kopi. Tilpas den til jeres opgave.")
            )
            return redirect("competence:plan_detail", pk=plan.pk)
    return render(request, "competence/plan_copy.html", {"source": source, "form": form})


@login_required
def plan_delete_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and delete (POST) a plan; the list then offers "Fortryd"."""
    access = get_plan_for(request, pk, write=True)
    if request.method == "POST":
        snapshot = plan_delete(plan=access.plan, by=request.user)
        request.session[UNDO_KEY] = snapshot
        messages.success(request, _("Planen er slettet."))
        return redirect("competence:plan_list")
    return render(request, "competence/plan_delete.html", {"plan": access.plan})


@login_required
@require_POST
def plan_restore_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Undo the viewer's last plan deletion (kept in their session)."""
    snapshot = request.session.pop(UNDO_KEY, None)
    if snapshot is None:
        messages.error(request, _("Der er ingen sletning at fortryde."))
        return redirect("competence:plan_list")
    unit_id = snapshot["plan"]["unit_id"]
    if not request_manages_unit(request, unit_id):
        raise not_found()
    plan = plan_restore(snapshot=snapshot, by=request.user)
    messages.success(request, _("Planen er gendannet."))
    return redirect("competence:plan_detail", pk=plan.pk)


@login_required
def plan_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as a PDF (WeasyPrint), for everyone who may read it."""
    access = get_plan_for(request, pk)
    page = plan_page(plan=access.plan, today=timezone.localdate())
    name = slugify(access.plan.title) or "plan"
    _note_participants(request, page)
    return pdf_response(
        request,
        "competence/plan_pdf.html",
        {"plan": access.plan, "page": page, "method": method(), "today": timezone.localdate()},
        f"kompetenceplan-{name}.pdf",
    )


@login_required
def lynguide_pdf(request: HttpRequest) -> HttpResponse:
    """The method's quick guide (lynguide) as a printable PDF: per field its question, the
    leadership task and the seed's questions to discuss, and the pitfall. The guide is the
    method's own text, the same for everyone, so anyone signed in may have it (as the six
    examples); it shows no plan and no person. The introduction is the live editable text
    (`editable.LYNGUIDE_TEXT`)."""
    content = method()
    return pdf_response(
        request,
        "competence/lynguide_pdf.html",
        {
            "method": content,
            # the introduction HR edits on the "Tekster" page (issue #16 §1)
            "guide": live(get_text(LYNGUIDE_TEXT)),
            "fields": [(f, content.dimensions.for_field(f.key)) for f in content.fields],
            "requirements": content.requirements,
        },
        "lynguide-kompetenceudvikling.pdf",
    )


@login_required
def examples_page(request: HttpRequest) -> HttpResponse:
    """The six worked examples with the seed's introduction."""
    return render(
        request,
        "competence/examples.html",
        {
            "examples": examples_list(),
            "introduction": examples_introduction(),
            "can_plan": can_plan_competence(request),
        },
    )
