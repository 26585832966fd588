"""Pages of conversations (issue #3 §1, §3, §4): Mine samtaler, planning, the conversation page
with its record, preparation, actions and status, the summary PDF, the career conversation's
letter to the host, and the consultants' template editor.

Access: `access.get_conversation_for` (404 without a relation, 403 for a reading consultant's
write); planning needs a planner relation to the enrolment (`access.can_plan`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.catalogue.models import TaskAssignment
from lederspor.conversations import forms as f
from lederspor.conversations import services
from lederspor.conversations.access import (
    ConversationAccess,
    can_plan,
    get_conversation_for,
)
from lederspor.conversations.content import host_letter_texts
from lederspor.conversations.extensions import render_conversation_sections
from lederspor.conversations.models import (
    AgreedAction,
    AttendeeRole,
    Conversation,
    ConversationKind,
    ConversationStatus,
    ConversationTemplate,
)
from lederspor.conversations.selectors import (
    CAREER_CONFIDENTIALITY,
    by_section,
    career_host_choices,
    has_templates,
    my_conversations,
    plannable_kinds,
    question_sections,
)
from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.concurrency import VersionedForm
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.pdf import pdf_response
from lederspor.core.views import submit
from lederspor.people.roles import Roles, roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import get_enrolment_for
from lederspor.programmes.models import Enrolment


def _detail_url(pk: int, anchor: str = "") -> str:
    url = reverse("conversations:detail", args=[pk])
    return f"{url}#{anchor}" if anchor else url


# --- Mine samtaler ------------------------------------------------------------------------------


def _my_role_label(conversation: Conversation) -> str:
    """The viewer's role at `conversation` (annotated `my_role`), as the list shows it."""
    role = getattr(conversation, "my_role", None)
    if role in AttendeeRole.values:
        return str(AttendeeRole(role).label)
    return _("Holdets konsulent (læser)")


@login_required
def conversation_list(request: HttpRequest) -> HttpResponse:
    """Mine samtaler: the conversations I attend or, as the cohort's consultant, may read;
    upcoming first."""
    roles = roles_for(request)
    upcoming, others = my_conversations(roles.person) if roles.person is not None else ([], [])
    note_read(
        request, [c.enrolment.person_id for c in [*upcoming, *others]], RecordKind.CONVERSATION
    )
    fmt = requested_format(request)
    if fmt:
        return export_response(
            rows=[*upcoming, *others],
            columns=[
                Column(_("Samtale"), lambda c: c.template_version.template.name),
                Column(_("Deltager"), lambda c: c.enrolment.person.full_name),
                Column(_("Hold"), lambda c: c.enrolment.cohort.name),
                Column(_("Start"), lambda c: c.starts_at),
                Column(_("Slut"), lambda c: c.ends_at),
                Column(_("Status"), lambda c: c.get_status_display()),
                Column(_("Din rolle"), _my_role_label),
            ],
            filename=_("samtaler"),
            format=fmt,
            title=_("Mine samtaler"),
        )
    return render(
        request,
        "conversations/conversation_list.html",
        {
            "is_consultant": roles.is_consultant,
            "upcoming": upcoming,
            "others": others,
            "can_read_templates": may_read_templates(roles),
        },
    )


# --- planning -----------------------------------------------------------------------------------


#: a service error on the planning and moving forms: a date outside the cohort's window on the
#: date field (anything else as `core.views.submit` places it)
WHEN_FIELDS_BY_CODE = {"window": "day"}


def _plan_page(
    request: AuthenticatedHttpRequest,
    enrolment: Enrolment,
    kinds: list[tuple[str, str]],
    task: TaskAssignment | None,
) -> HttpResponse:
    """Without a kind (`?kind=` or the posted hidden field) that may be planned: the list of
    kinds to choose from (400 on a POST), with the reason when a one-off kind exists already.
    With one: the form for that kind."""
    names = dict(kinds)
    source = request.POST if request.method == "POST" else request.GET
    kind = source.get("kind") or (kinds[0][0] if len(kinds) == 1 else "")
    context: dict[str, Any] = {"enrolment": enrolment, "task": task, "kinds": kinds}
    if kind not in names:
        status = 400 if request.method == "POST" else 200
        existing = (
            services.existing_one_off(enrolment, kind) if kind in ConversationKind.values else None
        )
        if existing is not None:
            messages.error(
                request, services.one_off_exists_message(existing.get_kind_display(), existing)
            )
        elif kind:
            messages.error(request, _("Vælg, hvilken samtale du vil planlægge."))
        return render(request, "conversations/plan.html", context, status=status)
    form = f.PlanForm(
        request.POST or None,
        kind=kind,
        kinds=kinds,
        hosts=career_host_choices(enrolment=enrolment),
        enrolment_pk=enrolment.pk,
    )
    context |= {"form": form, "kind": kind, "kind_name": names[kind]}
    status = 200
    if request.method == "POST":

        def save(data: dict[str, Any]) -> Conversation:
            attendees = None
            if data["kind"] == ConversationKind.CAREER:
                attendees = [(enrolment.person, "participant"), (data["host"], "host")]
            return services.conversation_plan(
                enrolment=enrolment,
                kind=data["kind"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                place=data["place"],
                attendees=attendees,
                task_assignment=task,
                is_joint_meeting=bool(data.get("is_joint_meeting")),
                by=request.user,
            )

        done = submit(form, save, fields_by_code=WHEN_FIELDS_BY_CODE)
        if done.ok and done.result is not None:
            messages.success(request, _("Samtalen er planlagt, og deltagerne får en invitation."))
            return redirect("conversations:detail", pk=done.result.pk)
        status = done.status
    return render(request, "conversations/plan.html", context, status=status)


@login_required
def plan(request: AuthenticatedHttpRequest, enrolment_pk: int) -> HttpResponse:
    """Plan a conversation for an enrolment (participant, nearest leader, cohort consultants);
    the kinds offered are the templates of the cohort's programme."""
    enrolment, relations = get_enrolment_for(request, enrolment_pk)
    if not can_plan(relations):
        raise PermissionDenied
    if not has_templates(enrolment):
        raise not_found()
    return _plan_page(request, enrolment, plannable_kinds(enrolment), None)


@login_required
def plan_task_followup(request: AuthenticatedHttpRequest, assignment_pk: int) -> HttpResponse:
    """Plan the follow-up conversation of a practice task (seed 000)."""
    task = TaskAssignment.objects.filter(pk=assignment_pk).first()
    if task is None:
        raise not_found()
    enrolment, relations = get_enrolment_for(request, task.enrolment_id)
    if not can_plan(relations):
        raise PermissionDenied
    kinds = [(ConversationKind.TASK_FOLLOWUP.value, str(ConversationKind.TASK_FOLLOWUP.label))]
    return _plan_page(request, enrolment, kinds, task)


# --- the conversation page ----------------------------------------------------------------------


#: the participant-facing conversations with the nearest leader (seed 002 §2–3, §7–8)
LEADER_INTRO_KINDS = {ConversationKind.LEADER_BEFORE, ConversationKind.LEADER_AFTER}


def _role_intro(access: ConversationAccess) -> str:
    """A line for attendees the seed's texts are not written to, or "": the career
    conversation's host (seed 002 §4 speaks to the participant: "du er gæst hos din vært") and
    the nearest leader of the conversations before and after Leder på spring."""
    c = access.conversation
    name = c.enrolment.person.full_name
    if access.role == "host" and c.kind == ConversationKind.CAREER:
        # Two whole sentences rather than a genitive built in code: Danish writes "Anna
        # Aspirants" but "Jens Hans'" (a name ending in s, x or z takes an apostrophe), and
        # other languages form the possessive their own way.
        if name[-1:].lower() in {"s", "x", "z"}:
            text = _(
                # Translators: %(name)s' is the Danish genitive of a name ending in s, x or z.
                "Du er vært for %(name)s' karrieresamtale. Spørgsmålene nedenfor er "
                "deltagerens; de viser, hvad %(name)s gerne vil høre om, fx din vej til "
                "ledelse. Teksten om fortrolighed er skrevet til deltageren."
            )
        else:
            text = _(
                # Translators: %(name)ss is the Danish genitive of a name (Anna → Annas).
                "Du er vært for %(name)ss karrieresamtale. Spørgsmålene nedenfor er "
                "deltagerens; de viser, hvad %(name)s gerne vil høre om, fx din vej til "
                "ledelse. Teksten om fortrolighed er skrevet til deltageren."
            )
        return text % {"name": name}
    if access.role == "leader" and c.kind in LEADER_INTRO_KINDS:
        return _(
            "Spørgsmålene er skrevet til deltageren. Som nærmeste leder kan du bruge dem til at "
            "forberede dig på samtalen med %(name)s."
        ) % {"name": name}
    return ""


def _role_context(request: HttpRequest, access: ConversationAccess) -> dict[str, Any]:
    """What the conversation page and the preparation page both show around the questions: the
    sections other features add (`extensions.conversation_sections`, e.g. the logbook entries
    shared with the leader), the career conversation's confidentiality text and the viewer's
    role intro."""
    c = access.conversation
    note_read(request, c.enrolment.person_id, RecordKind.CONVERSATION)
    return {
        "access": access,
        "c": c,
        "sections_beside": render_conversation_sections(request, c),
        "is_career": c.kind == ConversationKind.CAREER,
        "career_confidentiality": CAREER_CONFIDENTIALITY,
        "role_intro": _role_intro(access),
        "is_host": access.role == "host",
    }


def _page_context(
    request: HttpRequest, access: ConversationAccess, **forms: forms.BaseForm
) -> dict[str, Any]:
    c = access.conversation
    mine = access.attendee
    held_and_empty = c.status == ConversationStatus.HELD and services.record_is_empty(c)
    context = _role_context(request, access) | {
        "template": c.template_version.template,
        # the career conversation shows the confidentiality paragraph in its own box
        "purpose": c.template_version.template.purpose.replace(CAREER_CONFIDENTIALITY, "").strip()
        if c.kind == ConversationKind.CAREER
        else c.template_version.template.purpose,
        "sections": question_sections(c, mine.preparation if mine else None),
        "actions": list(c.actions.select_related("owner")),
        "can_edit_record": access.can_write and access.is_open,
        "can_confirm": (
            mine is not None
            and c.status == ConversationStatus.HELD
            and mine.confirmed_at is None
            and not held_and_empty
        ),
        "record_empty": held_and_empty,
        "can_mark_held": (
            access.can_write
            and c.status == ConversationStatus.PLANNED
            and c.starts_at <= timezone.now()
        ),
    }
    if context["can_edit_record"]:
        context.setdefault(
            "action_form",
            forms.pop("action_form", None) or f.ActionForm(attendees=access.attendees),
        )
        if c.kind == ConversationKind.CAREER and access.role == "participant":
            context["career_form"] = forms.pop("career_form", None) or f.CareerForm(
                initial={
                    "confidentiality_addressed": c.confidentiality_addressed,
                    "curiosity_points": c.curiosity_points,
                },
                version=c.version,
            )
    # the status buttons (held, confirm, cancel) carry the version the page was loaded with;
    # no id, since the page renders it in each of their forms
    context["status_form"] = VersionedForm(version=c.version, auto_id=False)
    context.update(forms)
    return context


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The conversation: purpose, time/place/attendees, questions with shared answers and my
    private preparation, agreed actions, notes, status buttons."""
    access = get_conversation_for(request, pk)
    return render(request, "conversations/detail.html", _page_context(request, access))


@login_required
def record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Edit the shared answers and the notes. A stale save gets 409 and the typed text back."""
    access = get_conversation_for(request, pk, write=True)
    c = access.conversation
    questions = c.template_version.questions
    initial = {f"q_{k}": v for k, v in c.answers.items()} | {"notes": c.notes}
    form = f.RecordForm(
        request.POST or None, questions=questions, initial=initial, version=c.version
    )
    status = 200
    if not access.is_open:
        messages.error(request, _("Samtalen er lukket og kan ikke længere ændres."))
        return redirect("conversations:detail", pk=pk)
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.record_save(
                conversation=c,
                answers=form.answers(),
                notes=d["notes"],
                expected_version=d["version"],
                by=request.user,
            ),
        )
        if done.ok:
            messages.success(request, _("Referatet er gemt."))
            return redirect(_detail_url(pk, "spoergsmaal"))
        status = done.status
    note_read(request, c.enrolment.person_id, RecordKind.CONVERSATION)
    return render(
        request,
        "conversations/record.html",
        {"access": access, "c": c, "form": form, "sections": _form_sections(form, questions)},
        status=status,
    )


def _form_sections(
    form: forms.BaseForm, questions: list[dict[str, Any]]
) -> list[tuple[str, list[tuple[dict[str, Any], forms.BoundField]]]]:
    """The form's question fields grouped by the questions' sections: [(section, [(q, field)])]."""
    return by_section(questions, lambda q: (q, form[f"q_{q['id']}"]))


@login_required
def prepare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """My private preparation (only I see it); for conversations with the nearest leader the
    logbook entries shared with the leader are shown as the starting point (seed 002 §7)."""
    access = get_conversation_for(request, pk, write=True)
    c, mine = access.conversation, access.attendee
    if mine is None:  # not reached: loaded for writing, which only attendees may
        raise PermissionDenied
    questions = c.template_version.questions
    form = f.PreparationForm(
        request.POST or None,
        questions=questions,
        initial={f"q_{k}": v for k, v in mine.preparation.items()},
        version=mine.version,
    )
    status = 200
    if request.method == "POST":
        if not access.is_open:
            messages.error(request, _("Samtalen er lukket og kan ikke længere ændres."))
            return redirect("conversations:detail", pk=pk)
        done = submit(
            form,
            lambda d: services.preparation_save(
                attendee=mine,
                answers=form.answers(),
                expected_version=d["version"],
                by=request.user,
            ),
        )
        if done.ok:
            messages.success(request, _("Din forberedelse er gemt. Kun du kan se den."))
            return redirect("conversations:detail", pk=pk)
        status = done.status
    return render(
        request,
        "conversations/prepare.html",
        _role_context(request, access)
        | {"form": form, "sections": _form_sections(form, questions)},
        status=status,
    )


@login_required
def reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Move a planned conversation (new time and/or place; an updated invitation is sent)."""
    access = get_conversation_for(request, pk, write=True)
    c = access.conversation
    if not access.can_manage:
        raise PermissionDenied
    local = timezone.localtime(c.starts_at)
    form = f.RescheduleForm(
        request.POST or None,
        initial={
            "day": local.date(),
            "starts": local.time(),
            "ends": timezone.localtime(c.ends_at).time(),
            "place": c.place,
        },
        version=c.version,
    )
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.conversation_reschedule(
                conversation=c,
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                expected_version=d["version"],
                by=request.user,
            ),
            fields_by_code=WHEN_FIELDS_BY_CODE,
        )
        if done.ok:
            messages.success(request, _("Samtalen er flyttet, og deltagerne får besked."))
            return redirect("conversations:detail", pk=pk)
        status = done.status
    note_read(request, c.enrolment.person_id, RecordKind.CONVERSATION)
    return render(request, "conversations/reschedule.html", {"c": c, "form": form}, status=status)


def _status_post(
    request: HttpRequest,
    pk: int,
    action: Callable[[ConversationAccess, int], object],
    success: str,
    *,
    allowed: Callable[[ConversationAccess], bool] = lambda access: True,
) -> HttpResponse:
    """Run `action(access, version)` for an attendee's status button, with the version the
    page was loaded with; a ValidationError (also a stale version) becomes an error message,
    success the `success` message; back to the conversation page either way. 403 when
    `allowed(access)` is false."""
    access = get_conversation_for(request, pk, write=True)
    if not allowed(access):
        raise PermissionDenied
    form = VersionedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Formularen kunne ikke læses. Genindlæs siden, og prøv igen."))
        return redirect("conversations:detail", pk=pk)
    try:
        action(access, form.cleaned_data["version"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("conversations:detail", pk=pk)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Cancel the conversation (attendees other than a host); a cancellation is sent."""
    return _status_post(
        request,
        pk,
        lambda a, version: services.conversation_cancel(
            conversation=a.conversation, expected_version=version, by=request.user
        ),
        _("Samtalen er aflyst, og deltagerne får besked."),
        allowed=lambda a: a.role != "host",
    )


@login_required
@require_POST
def mark_held(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """planned → held."""
    return _status_post(
        request,
        pk,
        lambda a, version: services.conversation_mark_held(
            conversation=a.conversation, expected_version=version, by=request.user
        ),
        _("Samtalen er markeret som afholdt. Skriv referatet, og bekræft det hver især."),
    )


@login_required
@require_POST
def confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """I confirm the record of a held conversation."""
    return _status_post(
        request,
        pk,
        _confirm_as_attendee(request),
        _("Du har bekræftet referatet."),
    )


def _confirm_as_attendee(
    request: AuthenticatedHttpRequest,
) -> Callable[[ConversationAccess, int], object]:
    """The confirm button's action: the viewer confirms as the attendee they are."""

    def run(access: ConversationAccess, version: int) -> None:
        if access.attendee is None:  # not reached: _status_post loads for writing
            raise PermissionDenied
        services.conversation_confirm(
            conversation=access.conversation,
            attendee=access.attendee,
            expected_version=version,
            by=request.user,
        )

    return run


@login_required
def career(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The participant records that the confidentiality was addressed and the angles they are
    curious about (seed 002 §4). Only the participant of a career conversation."""
    access = get_conversation_for(request, pk, write=True)
    c = access.conversation
    if c.kind != ConversationKind.CAREER:
        raise not_found()
    if access.role != "participant":
        raise PermissionDenied
    if request.method != "POST":
        return redirect(_detail_url(pk, "karriere"))
    form = f.CareerForm(request.POST)
    done = submit(
        form,
        lambda d: services.career_save(
            conversation=c,
            confidentiality_addressed=d["confidentiality_addressed"],
            curiosity_points=d["curiosity_points"],
            expected_version=d["version"],
            by=request.user,
        ),
    )
    if done.ok:
        messages.success(request, _("Dine noter til karrieresamtalen er gemt."))
        return redirect(_detail_url(pk, "karriere"))
    context = _page_context(request, access, career_form=form)
    return render(request, "conversations/detail.html", context, status=done.status)


@login_required
@require_POST
def action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add an agreed action (owner among the attendees, optional due date)."""
    access = get_conversation_for(request, pk, write=True)
    form = f.ActionForm(request.POST, attendees=access.attendees)
    done = submit(
        form,
        lambda d: services.action_add(
            conversation=access.conversation,
            text=d["text"],
            owner=d["owner"],
            due_on=d["due_on"],
            by=request.user,
        ),
    )
    if done.ok:
        messages.success(request, _("Aftalen er tilføjet."))
        return redirect(_detail_url(pk, "aftaler"))
    context = _page_context(request, access, action_form=form)
    return render(request, "conversations/detail.html", context, status=done.status)


@login_required
@require_POST
def action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Mark an agreed action as done (any attendee)."""
    access = get_conversation_for(request, pk, write=True)
    action = AgreedAction.objects.filter(pk=action_pk, conversation=access.conversation).first()
    if action is None:
        raise not_found()
    try:
        services.action_complete(action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Aftalen er markeret som udført."))
    return redirect(_detail_url(pk, "aftaler"))


# --- PDFs ---------------------------------------------------------------------------------------


@login_required
def summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary of a held (or signed) conversation as a PDF: answers, actions, attendees,
    notes and template version. Never anyone's private preparation."""
    access = get_conversation_for(request, pk)
    c = access.conversation
    if c.status not in (ConversationStatus.HELD, ConversationStatus.SIGNED):
        messages.error(request, _("Resuméet kan hentes, når samtalen er afholdt."))
        return redirect("conversations:detail", pk=pk)
    context = {
        "c": c,
        "template": c.template_version.template,
        "attendees": access.attendees,
        "sections": question_sections(c),
        "actions": list(c.actions.select_related("owner")),
        "today": timezone.localdate(),
    }
    note_read(request, c.enrolment.person_id, RecordKind.CONVERSATION)
    name = slugify(f"{c.get_kind_display()}-{c.enrolment.person.full_name}")
    return pdf_response(request, "conversations/summary_pdf.html", context, f"samtale-{name}.pdf")


@login_required
def host_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter to the host of a career conversation (seed 002 §4: "et brev … til din
    vært"), written to the host by name: the seed's §4 adapted to the host
    (`content.host_letter_texts`, the seed's wording kept in the content file), time and place,
    the participant's points of curiosity, the consultants' signature. For the participant, the
    host and the cohort's consultants; 404 for any other kind of conversation."""
    access = get_conversation_for(request, pk, read_consultants=True)
    c = access.conversation
    if c.kind != ConversationKind.CAREER:
        raise not_found()
    host = next((a.person for a in access.attendees if a.role == "host"), None)
    context = {
        "c": c,
        "host": host,
        "participant": c.enrolment.person,
        "letter": host_letter_texts(c.enrolment.person),
        "title": (
            _("Brev til %(name)s om karrieresamtalen") % {"name": host.full_name}
            if host
            else _("Brev til værten om karrieresamtalen")
        ),
        "consultants": list(c.enrolment.cohort.consultants.order_by("first_name", "last_name")),
        "today": timezone.localdate(),
    }
    note_read(request, c.enrolment.person_id, RecordKind.CONVERSATION)
    name = slugify(c.enrolment.person.full_name)
    return pdf_response(
        request, "conversations/host_letter_pdf.html", context, f"brev-til-vaert-{name}.pdf"
    )


# --- templates ----------------------------------------------------------------------------------


def may_read_templates(roles: Roles) -> bool:
    """Whether `roles` may read the conversation templates: consultants, HR staff, nearest
    leaders and participants (a host or interview person may not: their "Samtaler" page
    does not link to them, issue #16 §4)."""
    return roles.works_with_programmes or roles.is_leader or roles.is_participant


def _template_reader(request: HttpRequest) -> bool:
    roles = roles_for(request)
    if not may_read_templates(roles):
        raise not_found()
    return roles.works_with_programmes


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    """Samtaleskabeloner: every template with its newest version (anyone who works with
    programmes reads; consultants and HR staff edit)."""
    can_edit = _template_reader(request)
    templates = list(
        ConversationTemplate.objects.prefetch_related("versions").order_by("programme_kind", "pk")
    )
    # each template with its newest version (None before the first)
    rows = [(t, max(t.versions.all(), key=lambda v: v.number, default=None)) for t in templates]
    return render(
        request,
        "conversations/template_list.html",
        {"templates": rows, "can_edit": can_edit},
    )


def _template(kind: str) -> ConversationTemplate:
    template = ConversationTemplate.objects.filter(kind=kind).first()
    if template is None:
        raise not_found()
    return template


@login_required
def template_detail(request: HttpRequest, kind: str) -> HttpResponse:
    """One template: purpose, source, versions and the newest version's questions ("Fra
    kilden" / "Kan redigeres")."""
    can_edit = _template_reader(request)
    template = _template(kind)
    versions = list(template.versions.select_related("created_by").order_by("-number"))
    return render(
        request,
        "conversations/template_detail.html",
        {
            "template": template,
            "versions": versions,
            "newest": versions[0] if versions else None,
            "can_edit": can_edit,
        },
    )


@login_required
def template_edit(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """Edit the questions (text, section, add, remove) with a change note → version n+1."""
    if not _template_reader(request):
        raise PermissionDenied
    template = _template(kind)
    newest = template.newest_version()
    questions = newest.questions if newest else []
    data = request.POST if request.method == "POST" else None
    formset = f.QuestionFormSet(
        data,
        prefix="q",
        initial=[{"id": q["id"], "section": q["section"], "text": q["text"]} for q in questions],
    )
    note_form = f.TemplateNoteForm(data, version=template.version)
    status = 200
    if data is not None:
        if not formset.is_valid():
            note_form.is_valid()
            status = 400
        else:
            rows = [
                form.cleaned_data
                for form in formset.forms
                if form.cleaned_data
                and not form.cleaned_data.get("DELETE")
                and (form.cleaned_data.get("text") or "").strip()
            ]
            done = submit(
                note_form,
                lambda d: services.template_version_create(
                    template=template,
                    questions=rows,
                    note=d["note"],
                    expected_version=d["version"],
                    by=request.user,
                ),
            )
            if done.ok and done.result is not None:
                messages.success(
                    request,
                    _(
                        "Version %(n)s af skabelonen er gemt. Planlagte samtaler beholder deres version."
                    )
                    % {"n": done.result.number},
                )
                return redirect("conversations:template_detail", kind=kind)
            status = done.status
        messages.error(request, _("Skabelonen er ikke gemt. Ret fejlene herunder."))
    return render(
        request,
        "conversations/template_edit.html",
        {"template": template, "formset": formset, "note_form": note_form, "newest": newest},
        status=status,
    )
