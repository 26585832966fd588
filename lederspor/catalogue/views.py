"""Catalogue pages and the agreed-task workflow (propose → agree → start → done → follow-up)."""

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lederspor.catalogue import selectors, services
from lederspor.catalogue.access import TASK_PROPOSERS, TaskAction, get_assignment_for, may
from lederspor.catalogue.content import catalogue_introduction
from lederspor.catalogue.content_pages import task_content_page
from lederspor.catalogue.forms import (
    AssignmentEditForm,
    AssignmentForm,
    FollowUpForm,
    NoteForm,
    assignment_initial,
)
from lederspor.catalogue.mailing import acting_as, role_label
from lederspor.catalogue.models import PracticeTask, TaskAssignment, TaskStep
from lederspor.catalogue.panels import is_overdue
from lederspor.catalogue.pickers import TASK_HOST, TASK_HOST_EDIT
from lederspor.core import content_pages
from lederspor.core.access import AuthenticatedHttpRequest, Relation, not_found
from lederspor.core.concurrency import VersionedForm
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.lib.forms import apply_validation_error
from lederspor.core.views import submit
from lederspor.people.roles import roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import (
    enrolment_relations,
    get_cohort_for,
    get_enrolment_for,
    may_edit_content,
    require_content_editor,
)
from lederspor.programmes.models import Enrolment, ProgrammeKind


@login_required
def task_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The 18 practice tasks of seed 000, searchable (?q=)."""
    query = request.GET.get("q", "").strip()[:100]
    tasks = selectors.practice_task_search(query=query)
    template = "catalogue/_task_results.html" if request.htmx else "catalogue/task_list.html"
    response = render(
        request,
        template,
        {"tasks": tasks, "query": query, "intro": catalogue_introduction()},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
def task_detail(request: HttpRequest, number: int) -> HttpResponse:
    """One catalogue task: formål, indhold, case, links and tasks it combines with."""
    task = get_object_or_404(PracticeTask.objects.prefetch_related("combines_with"), number=number)
    roles = roles_for(request)
    own_enrolments = []
    if roles.person is not None and (roles.is_leader or roles.is_participant):
        own_enrolments = list(
            Enrolment.objects.filter(status=Enrolment.Status.ENROLLED)
            .filter(Q(person__manager=roles.person) | Q(person=roles.person))
            .select_related("person", "cohort")
            .order_by("person__first_name")
        )
    neighbours = {
        "previous": PracticeTask.objects.filter(number__lt=number).order_by("-number").first(),
        "next": PracticeTask.objects.filter(number__gt=number).order_by("number").first(),
    }
    return render(
        request,
        "catalogue/task_detail.html",
        {
            "task": task,
            "own_enrolments": own_enrolments,
            "can_edit_content": may_edit_content(request),
            **neighbours,
        },
    )


@login_required
def task_print(request: HttpRequest) -> HttpResponse:
    """The whole catalogue on one page, laid out for printing."""
    return render(
        request,
        "catalogue/task_print.html",
        {"tasks": PracticeTask.objects.order_by("number"), "intro": catalogue_introduction()},
    )


def _agreement_fields(data: Mapping[str, Any]) -> services.AgreementFields:
    """The agreement fields of a cleaned `AssignmentForm`, as service keyword arguments."""
    return services.AgreementFields(
        title=data["title"],
        scope=data["scope"],
        resources=data["resources"],
        learning_goal=data["learning_goal"],
        host=data["host"],
        host_note=data["host_note"],
        starts_on=data["starts_on"],
        due_on=data["due_on"],
        session=data["session"],
    )


@login_required
def assignment_create(request: AuthenticatedHttpRequest, enrolment_pk: int) -> HttpResponse:
    """Propose a practice task for an enrolment (participant, nearest leader, chef of the area
    or consultant: `TASK_PROPOSERS`), optionally tied to one of the cohort's network meetings."""
    enrolment, _relations = get_enrolment_for(request, enrolment_pk, allowed=TASK_PROPOSERS)
    roles = roles_for(request)
    initial = {}
    if request.GET.get("opgave"):
        task = PracticeTask.objects.filter(number=request.GET["opgave"]).first()
        if task:
            initial = {"catalogue_task": task}
    form = AssignmentForm(
        request.POST or None,
        initial=initial,
        host_choices=selectors.host_choices(exclude=enrolment.person),
        host_picker=(TASK_HOST, enrolment.pk),
        session_choices=selectors.network_meetings(cohort_id=enrolment.cohort_id),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if roles.person is None:
            form.add_error(None, _("Din konto er ikke knyttet til en person i organisationen."))
        else:
            try:
                assignment = services.task_assignment_propose(
                    enrolment=enrolment,
                    proposed_by=roles.person,
                    by=request.user,
                    catalogue_task=d["catalogue_task"],
                    **_agreement_fields(d),
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Opgaven “%(title)s” er foreslået. Den anden part skal nu aftale den.")
                    % {"title": assignment.title},
                )
                return redirect("catalogue:assignment_detail", pk=assignment.pk)
    return render(
        request,
        "catalogue/assignment_form.html",
        {"form": form, "enrolment": enrolment, "assignment": None},
    )


def _role_on(assignment: TaskAssignment, person_id: int | None) -> str:
    """The Danish label of the part person `person_id` holds on the task's enrolment
    (participant, nearest leader, chef, consultant), "" if none: who proposed and who agreed."""
    if person_id is None:
        return ""
    if person_id == assignment.proposed_by_id:
        person = assignment.proposed_by
    elif person_id == assignment.agreed_by_id and assignment.agreed_by is not None:
        person = assignment.agreed_by
    else:
        return ""
    return role_label(acting_as(enrolment_relations(person=person, enrolment=assignment.enrolment)))


@login_required
def assignment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An agreed task with its status, actions for this person, its own steps, the network
    meeting it ties to, who proposed and who agreed it (and in which part), follow-up and
    notes. The named host of tasks 12 and 16 confirms the agreement here."""
    assignment, relations = get_assignment_for(request, pk)
    person = roles_for(request).person
    can = {action.value: may(relations, action, assignment, person) for action in TaskAction}
    note_read(request, assignment.enrolment.person_id, RecordKind.TASK)
    return render(
        request,
        "catalogue/assignment_detail.html",
        {
            "assignment": assignment,
            "enrolment": assignment.enrolment,
            "notes": assignment.notes.select_related("author").order_by("created_at"),
            "steps": list(assignment.steps.select_related("done_by").order_by("order")),
            "proposed_role": _role_on(assignment, assignment.proposed_by_id),
            "agreed_role": _role_on(assignment, assignment.agreed_by_id),
            "can": can,
            "is_host_only": relations == {Relation.HOST},
            "note_form": NoteForm(),
            "transition_form": VersionedForm(version=assignment.version),
        },
    )


@login_required
def assignment_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit an agreed task; a concurrent edit is refused and the typed text kept."""
    assignment, _relations = get_assignment_for(request, pk, action=TaskAction.EDIT)
    form = AssignmentEditForm(
        request.POST or None,
        initial=assignment_initial(assignment),
        host_choices=selectors.host_choices(exclude=assignment.enrolment.person),
        host_picker=(TASK_HOST_EDIT, assignment.pk),
        session_choices=selectors.network_meetings(cohort_id=assignment.enrolment.cohort_id),
        version=assignment.version,
    )
    form.fields["catalogue_task"].disabled = True
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.task_assignment_update(
                assignment=assignment,
                editor=roles_for(request).person,
                expected_version=d["version"],
                by=request.user,
                **{**_agreement_fields(d), "title": d["title"] or assignment.title},
            ),
        )
        if done.ok:
            saved = done.result
            if (
                saved is not None
                and saved.status == TaskAssignment.Status.PROPOSED
                and assignment.status != saved.status
            ):
                messages.warning(
                    request,
                    _(
                        "Ændringerne er gemt. Aftalen er ændret, så den anden part skal aftale opgaven igen."
                    ),
                )
            else:
                messages.success(request, _("Opgaven er gemt."))
            return redirect("catalogue:assignment_detail", pk=assignment.pk)
        status = done.status
    note_read(request, assignment.enrolment.person_id, RecordKind.TASK)
    return render(
        request,
        "catalogue/assignment_form.html",
        {"form": form, "enrolment": assignment.enrolment, "assignment": assignment},
        status=status,
    )


_TRANSITIONS = {
    "aftal": (TaskAction.AGREE, services.task_assignment_agree, gettext_lazy("Opgaven er aftalt.")),
    "bekraeft": (
        TaskAction.CONFIRM_HOST,
        services.task_assignment_host_confirm,
        gettext_lazy("Du har bekræftet aftalen. Opgaven er nu aftalt."),
    ),
    "start": (
        TaskAction.START,
        services.task_assignment_start,
        gettext_lazy("Opgaven er sat i gang."),
    ),
    "udfoert": (
        TaskAction.COMPLETE,
        services.task_assignment_complete,
        gettext_lazy("Opgaven er markeret som udført. Næste skridt er den opfølgende samtale."),
    ),
}


@login_required
@require_POST
def assignment_transition(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    """Agree, confirm as the host, start or complete a task (POST with the version the user
    saw)."""
    if step not in _TRANSITIONS:
        raise not_found()
    action, service, message = _TRANSITIONS[step]
    assignment, _relations = get_assignment_for(request, pk, action=action)
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Formularen kunne ikke læses. Genindlæs siden, og prøv igen."))
        return redirect("catalogue:assignment_detail", pk=assignment.pk)
    try:
        saved = service(
            assignment=assignment, expected_version=form.cleaned_data["version"], by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if saved.status == TaskAssignment.Status.AWAITING_HOST:
            messages.success(
                request,
                _("Opgaven er aftalt. Nu skal %(host)s som vært bekræfte aftalen.")
                % {"host": saved.host.full_name if saved.host else ""},
            )
        else:
            messages.success(request, str(message))
    return redirect("catalogue:assignment_detail", pk=assignment.pk)


@login_required
@require_POST
def assignment_step(request: AuthenticatedHttpRequest, pk: int, step_pk: int) -> HttpResponse:
    """Check off (`done=1`) or uncheck (`done=0`) one of the task's own steps (seed 000: e.g.
    task 18's formøde and opsamlingsmøde). For the participant, nearest leader, chef and
    consultant, once the task is agreed."""
    assignment, _relations = get_assignment_for(request, pk, action=TaskAction.STEP)
    step = get_object_or_404(TaskStep, pk=step_pk, assignment=assignment)
    done = request.POST.get("done")
    if done not in ("0", "1"):
        messages.error(request, _("Formularen kunne ikke læses. Genindlæs siden, og prøv igen."))
        return redirect("catalogue:assignment_detail", pk=assignment.pk)
    try:
        services.task_step_set(step=step, done=done == "1", by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Trinnet er krydset af.")
            if done == "1"
            else _("Trinnet er ikke længere krydset af."),
        )
    return redirect(f"{assignment_path(assignment)}#steps-heading")


def assignment_path(assignment: TaskAssignment) -> str:
    """The path of the task's page."""
    return str(reverse("catalogue:assignment_detail", args=[assignment.pk]))


@login_required
def assignment_follow_up(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the follow-up conversation (nearest leader or consultant)."""
    assignment, _relations = get_assignment_for(request, pk, action=TaskAction.FOLLOW_UP)
    if assignment.status != TaskAssignment.Status.DONE:
        messages.info(
            request,
            _("Den opfølgende samtale registreres, når opgaven er udført og endnu ikke fulgt op."),
        )
        return redirect("catalogue:assignment_detail", pk=assignment.pk)
    form = FollowUpForm(request.POST or None, version=assignment.version)
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.task_assignment_follow_up(
                assignment=assignment,
                expected_version=d["version"],
                by=request.user,
                held_on=d["held_on"],
                observations=d["observations"],
                learning_points=d["learning_points"],
            ),
        )
        if done.ok:
            messages.success(request, _("Opfølgningen er gemt. Opgaven er fulgt op."))
            return redirect("catalogue:assignment_detail", pk=assignment.pk)
        status = done.status
    note_read(request, assignment.enrolment.person_id, RecordKind.TASK)
    return render(
        request,
        "catalogue/follow_up_form.html",
        {"form": form, "assignment": assignment},
        status=status,
    )


@login_required
@require_POST
def assignment_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add a note or the chef's comment to a task."""
    assignment, _relations = get_assignment_for(request, pk, action=TaskAction.NOTE)
    person = roles_for(request).person
    form = NoteForm(request.POST)
    if person is None:
        messages.error(request, _("Din konto er ikke knyttet til en person i organisationen."))
    elif form.is_valid():
        services.task_note_add(
            assignment=assignment, author=person, text=form.cleaned_data["text"], by=request.user
        )
        messages.success(request, _("Noten er tilføjet."))
    else:
        messages.error(request, _("Noten er tom."))
    return redirect("catalogue:assignment_detail", pk=assignment.pk)


@login_required
def cohort_tasks(request: HttpRequest, pk: int) -> HttpResponse:
    """A cohort's practice tasks (the aspirant programme): every seated participant's tasks with
    status, dates and host, filterable by status (`?status=`), exported as shown
    (`?eksport=xlsx|csv`). For the cohort's consultants and HR staff (`get_cohort_for`)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.ASPIRANT)
    status = request.GET.get("status", "")
    if status not in TaskAssignment.Status.values:
        status = ""
    tasks = list(selectors.cohort_task_assignments(cohort=cohort, status=status))
    note_read(request, [task.enrolment.person_id for task in tasks], RecordKind.TASK)
    today = timezone.localdate()

    def overdue(task: TaskAssignment) -> bool:
        return is_overdue(task.due_on, task.status, today)

    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=tasks,
            columns=[
                Column(_("Deltager"), lambda t: t.enrolment.person.full_name),
                Column(_("Enhed"), lambda t: t.enrolment.person.unit.name),
                Column(_("Opgave"), lambda t: t.title),
                Column(_("Status"), lambda t: t.get_status_display()),
                Column(_("Start"), lambda t: t.starts_on),
                Column(_("Frist"), lambda t: t.due_on),
                Column(_("Overskredet"), overdue),
                Column(_("Vært"), lambda t: t.host.full_name if t.host else t.host_note),
                Column(_("Netværksmøde"), lambda t: t.session.theme if t.session else ""),
            ],
            filename=_("praksisopgaver %(cohort)s") % {"cohort": cohort.name},
            format=fmt,
            title=_("Praksisopgaver"),
        )
    rows = [(task, overdue(task)) for task in tasks]
    return render(
        request,
        "catalogue/cohort_tasks.html",
        {
            "cohort": cohort,
            "rows": rows,
            "status": status,
            "statuses": TaskAssignment.Status.choices,
        },
    )


# --- issue #16 §1: HR staff edit a catalogue task's texts (preview, history, offers) ---------


@login_required
def task_content_edit(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    """Edit a catalogue task's texts with preview (HR staff; everybody else 404)."""
    require_content_editor(request)
    task = get_object_or_404(PracticeTask, number=number)
    return content_pages.edit_view(request, task_content_page(task), request.user)


@login_required
def task_content_history(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    """The versions of a catalogue task's texts: show one, restore one (HR staff only)."""
    require_content_editor(request)
    task = get_object_or_404(PracticeTask, number=number)
    return content_pages.history_view(request, task_content_page(task), request.user)
