"""Pages of the trainee programme (seed 003): effect evaluation, personality test, outcome,
the cohort summary and the take-off event.

Access from relations (STYLE.md §4): no relation → 404; a relation that may only read → 403 on
a write. The effect page: the trainee and the nearest leader answer, the cohort's consultants,
the chef and admins read. The personality test: consultants (and admins) record it. The
outcome: consultants or the nearest leader. The cohort pages: the cohort's consultants (HR staff
with the manage permission read).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.conversations.models import Conversation, ConversationKind
from lederspor.core.access import AuthenticatedHttpRequest, Relation
from lederspor.core.concurrency import ConcurrentEditError
from lederspor.core.lib.forms import apply_validation_error
from lederspor.people.roles import roles_for
from lederspor.programmes.access import (
    can_manage_cohort,
    cohort_is_consulted_by,
    get_cohort_for,
    get_enrolment_for,
)
from lederspor.programmes.models import ProgrammeKind
from lederspor.trainee import forms as f
from lederspor.trainee import selectors, services
from lederspor.trainee.models import EffectAnswer, Respondent
from lederspor.trainee.prerequisites import prerequisite_status

MANAGERS = {Relation.CONSULTANT, Relation.ADMIN}


def _respondent(relations: set[Relation]) -> str | None:
    if Relation.PARTICIPANT in relations:
        return Respondent.TRAINEE
    if Relation.LEADER in relations:
        return Respondent.LEADER
    return None


@login_required
def effects(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The effects of the phases reached (seed 003, "Effekt:"): the trainee and the nearest
    leader each rate them 1–5 with a comment; the others with access read both."""
    enrolment, relations = get_enrolment_for(request, pk, kind=ProgrammeKind.TRAINEE)
    respondent = _respondent(relations)
    if request.method == "POST" and respondent is None:
        raise PermissionDenied
    phases = selectors.programme_phases(enrolment)
    held = selectors.held_kinds(
        Conversation.objects.filter(enrolment=enrolment).only("kind", "status")
    )
    reached = selectors.phases_reached(
        enrolment=enrolment, phases=phases, held=held, today=timezone.localdate()
    )
    answers = list(EffectAnswer.objects.filter(enrolment=enrolment).select_related("answered_by"))
    by_key = {(a.phase_id, a.effect_index, a.respondent): a for a in answers}
    form = None
    status = 200
    if respondent is not None and reached:
        initial: dict[str, Any] = {}
        for a in answers:
            if a.respondent == respondent:
                initial[f"rating_{a.phase_id}_{a.effect_index}"] = a.rating
                initial[f"comment_{a.phase_id}_{a.effect_index}"] = a.comment
        data = request.POST if request.method == "POST" else None
        form = f.EffectForm(data, phases=reached, initial=initial)
        if data is not None:
            if form.is_valid():
                try:
                    services.effect_answers_save(
                        enrolment=enrolment,
                        respondent=respondent,
                        answers=form.answers(),
                        person=roles_for(request).person,
                        by=request.user,
                    )
                except ValidationError as error:
                    apply_validation_error(form, error)
                    status = 400
                else:
                    messages.success(request, _("Dine svar er gemt."))
                    return redirect("trainee:effects", pk=enrolment.pk)
            else:
                status = 400
    table = [
        (
            phase,
            phase in reached,
            [
                (
                    text,
                    by_key.get((phase.pk, i, Respondent.TRAINEE)),
                    by_key.get((phase.pk, i, Respondent.LEADER)),
                )
                for i, text in enumerate(phase.effects)
            ],
        )
        for phase in phases
    ]
    return render(
        request,
        "trainee/effects.html",
        {
            "enrolment": enrolment,
            "form": form,
            "respondent_label": Respondent(respondent).label if respondent else "",
            "table": table,
            "reached": reached,
        },
        status=status,
    )


@login_required
def personality_test(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the personality test and the HR consultant's feedback (consultants)."""
    enrolment, relations = get_enrolment_for(request, pk, kind=ProgrammeKind.TRAINEE)
    if not relations & MANAGERS:
        raise PermissionDenied
    try:
        test = enrolment.personality_test
    except ObjectDoesNotExist:
        test = None
    consultants = enrolment.cohort.consultants.order_by("first_name", "last_name")
    initial: dict[str, Any] = {"version": test.version if test else None}
    if test is not None:
        initial.update(
            taken_on=test.taken_on,
            feedback_given_on=test.feedback_given_on,
            feedback_by=test.feedback_by_id,
            conversation=test.conversation_id,
            note=test.note,
        )
    else:
        me = roles_for(request).person
        if me is not None and cohort_is_consulted_by(cohort=enrolment.cohort, person=me):
            initial["feedback_by"] = me.pk
    data = request.POST if request.method == "POST" else None
    conversations = Conversation.objects.filter(
        enrolment=enrolment, kind=ConversationKind.PERSONALITY_FEEDBACK
    ).order_by("starts_at")
    form = f.PersonalityTestForm(
        data, consultants=consultants, conversations=conversations, initial=initial
    )
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.personality_test_save(
                    enrolment=enrolment,
                    taken_on=form.cleaned_data["taken_on"],
                    feedback_given_on=form.cleaned_data["feedback_given_on"],
                    feedback_by=form.cleaned_data["feedback_by"],
                    note=form.cleaned_data["note"],
                    conversation=form.cleaned_data["conversation"],
                    expected_version=form.cleaned_data["version"],
                    recorded_by=roles_for(request).person,
                    by=request.user,
                )
            except ConcurrentEditError as error:
                form.add_error(None, error.messages[0])
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
                status = 400
            else:
                messages.success(request, _("Persontesten er registreret."))
                return redirect("programmes:enrolment_detail", pk=enrolment.pk)
        else:
            status = 400
    return render(
        request,
        "trainee/personality_test.html",
        {"enrolment": enrolment, "form": form, "status": prerequisite_status(enrolment)},
        status=status,
    )


@login_required
def outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the outcome (consultants and the nearest leader)."""
    enrolment, relations = get_enrolment_for(request, pk, kind=ProgrammeKind.TRAINEE)
    if not relations & (MANAGERS | {Relation.LEADER}):
        raise PermissionDenied
    try:
        current = enrolment.trainee_outcome
    except ObjectDoesNotExist:
        current = None
    initial = (
        {"outcome": current.outcome, "note": current.note, "version": current.version}
        if current
        else {"version": None}
    )
    data = request.POST if request.method == "POST" else None
    form = f.OutcomeForm(data, initial=initial)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                services.outcome_save(
                    enrolment=enrolment,
                    outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                    expected_version=form.cleaned_data["version"],
                    recorded_by=roles_for(request).person,
                    by=request.user,
                )
            except ConcurrentEditError as error:
                form.add_error(None, error.messages[0])
                status = 409
            except ValidationError as error:
                apply_validation_error(form, error)
                status = 400
            else:
                messages.success(request, _("Resultatet er registreret."))
                return redirect("programmes:enrolment_detail", pk=enrolment.pk)
        else:
            status = 400
    return render(
        request,
        "trainee/outcome.html",
        {"enrolment": enrolment, "form": form, "current": current},
        status=status,
    )


@login_required
def cohort_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """A trainee cohort for its consultants: each trainee's prerequisite, effect answers and
    outcome, the average per effect (trainee vs leader), the take-off event and the programme
    feedback from held transition conversations."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.TRAINEE)
    return render(
        request,
        "trainee/cohort_summary.html",
        {
            "cohort": cohort,
            "trainees": selectors.cohort_trainees(cohort),
            "effect_rows": selectors.cohort_effect_rows(cohort),
            "feedback": selectors.cohort_programme_feedback(cohort),
            "take_offs": selectors.cohort_take_offs(cohort),
            "can_manage": can_manage_cohort(request, cohort),
        },
    )


@login_required
def take_off(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Create the joint take-off event of a trainee cohort (consultants)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.TRAINEE, write=True)
    form = f.TakeOffForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.take_off_create(
                    cohort=cohort,
                    starts_at=form.cleaned_data["starts_at"],
                    ends_at=form.cleaned_data["ends_at"],
                    place=form.cleaned_data["place"],
                    by=request.user,
                )
            except ValidationError as error:
                apply_validation_error(form, error)
                status = 400
            else:
                messages.success(
                    request,
                    _("Take-off-arrangementet er oprettet, og invitationerne sendes."),
                )
                return redirect("trainee:cohort_summary", pk=cohort.pk)
        else:
            status = 400
    return render(
        request,
        "trainee/take_off.html",
        {"cohort": cohort, "form": form, "focus": services.TAKE_OFF_TEXT},
        status=status,
    )
