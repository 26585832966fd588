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
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lederspor.conversations.models import Conversation, ConversationKind
from lederspor.core.access import AuthenticatedHttpRequest, Relation
from lederspor.core.views import submit
from lederspor.people.roles import roles_for
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import (
    can_manage_cohort,
    cohort_is_consulted_by,
    get_cohort_for,
    get_enrolment_for,
)
from lederspor.programmes.models import ProgrammeKind
from lederspor.trainee import forms as f
from lederspor.trainee import selectors, services
from lederspor.trainee.models import (
    EffectAnswer,
    JointStartMeeting,
    PersonalityTest,
    Respondent,
    TraineeOutcome,
    rated_effects,
)
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
            answers_form = form
            done = submit(
                form,
                lambda d: services.effect_answers_save(
                    enrolment=enrolment,
                    respondent=respondent,
                    answers=answers_form.answers(),
                    person=roles_for(request).person,
                    by=request.user,
                ),
            )
            if done.ok:
                messages.success(request, _("Dine svar er gemt."))
                return redirect("trainee:effects", pk=enrolment.pk)
            status = done.status
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
                for i, text in rated_effects(phase.effects)
            ],
        )
        for phase in phases
    ]
    note_read(request, enrolment.person_id, RecordKind.EFFECTS)
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
    """Record the personality test and the HR consultant's feedback (consultants). The first
    save records it; later saves carry the version the page was loaded with, and a stale save
    (someone saved in between) gets 409 and the entries back."""
    enrolment, relations = get_enrolment_for(request, pk, kind=ProgrammeKind.TRAINEE)
    if not relations & MANAGERS:
        raise PermissionDenied
    test = PersonalityTest.objects.filter(enrolment=enrolment).first()
    consultants = enrolment.cohort.consultants.order_by("first_name", "last_name")
    me = roles_for(request).person
    initial: dict[str, Any] = {}
    if test is not None:
        initial.update(
            taken_on=test.taken_on,
            feedback_given_on=test.feedback_given_on,
            feedback_by=test.feedback_by_id,
            conversation=test.conversation_id,
            note=test.note,
        )
    elif me is not None and cohort_is_consulted_by(cohort=enrolment.cohort, person=me):
        initial["feedback_by"] = me.pk
    data = request.POST if request.method == "POST" else None
    conversations = Conversation.objects.filter(
        enrolment=enrolment, kind=ConversationKind.PERSONALITY_FEEDBACK
    ).order_by("starts_at")
    form: f.PersonalityTestForm
    if test is None:
        form = f.PersonalityTestEditForm(
            data, consultants=consultants, conversations=conversations, initial=initial, version=0
        )

        def save(d: dict[str, Any]) -> PersonalityTest:
            return services.personality_test_create(
                enrolment=enrolment, **_test_fields(d), recorded_by=me, by=request.user
            )

    else:
        form = f.PersonalityTestEditForm(
            data,
            consultants=consultants,
            conversations=conversations,
            initial=initial,
            version=test.version,
        )

        def save(d: dict[str, Any]) -> PersonalityTest:
            return services.personality_test_update(
                test=test,
                expected_version=d["version"],
                **_test_fields(d),
                recorded_by=me,
                by=request.user,
            )

    status = 200
    if data is not None:
        done = submit(form, save)
        if done.ok:
            messages.success(request, _("Persontesten er registreret."))
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
        status = done.status
    note_read(request, enrolment.person_id, RecordKind.PERSONALITY)
    return render(
        request,
        "trainee/personality_test.html",
        {"enrolment": enrolment, "form": form, "status": prerequisite_status(enrolment)},
        status=status,
    )


def _test_fields(d: dict[str, Any]) -> dict[str, Any]:
    """The personality test's fields from the form's cleaned data, as the services take them."""
    return {
        name: d[name]
        for name in ("taken_on", "feedback_given_on", "feedback_by", "note", "conversation")
    }


@login_required
def outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record the outcome (consultants and the nearest leader). The first save records it;
    later saves carry the version the page was loaded with (a stale save gets 409)."""
    enrolment, relations = get_enrolment_for(request, pk, kind=ProgrammeKind.TRAINEE)
    if not relations & (MANAGERS | {Relation.LEADER}):
        raise PermissionDenied
    current = TraineeOutcome.objects.filter(enrolment=enrolment).first()
    data = request.POST if request.method == "POST" else None
    me = roles_for(request).person
    form: f.OutcomeForm
    if current is None:
        form = f.OutcomeEditForm(data, initial={"decided_on": timezone.localdate()}, version=0)

        def save(d: dict[str, Any]) -> TraineeOutcome:
            return services.outcome_create(
                enrolment=enrolment,
                outcome=d["outcome"],
                decided_on=d["decided_on"],
                note=d["note"],
                recorded_by=me,
                by=request.user,
            )

    else:
        form = f.OutcomeEditForm(
            data,
            initial={
                "outcome": current.outcome,
                "decided_on": current.decided_on,
                "note": current.note,
            },
            version=current.version,
        )

        def save(d: dict[str, Any]) -> TraineeOutcome:
            return services.outcome_update(
                trainee_outcome=current,
                expected_version=d["version"],
                outcome=d["outcome"],
                decided_on=d["decided_on"],
                note=d["note"],
                recorded_by=me,
                by=request.user,
            )

    status = 200
    if data is not None:
        done = submit(form, save)
        if done.ok:
            messages.success(request, _("Resultatet er registreret."))
            return redirect("programmes:enrolment_detail", pk=enrolment.pk)
        status = done.status
    note_read(request, enrolment.person_id, RecordKind.ENROLMENT)
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
    trainees = list(selectors.cohort_trainees(cohort, viewer=roles_for(request).person))
    feedback = selectors.cohort_programme_feedback(cohort)
    shown = [e.person_id for e in trainees]
    for kind in (RecordKind.ENROLMENT, RecordKind.PERSONALITY, RecordKind.EFFECTS):
        note_read(request, shown, kind)
    note_read(request, [item.enrolment.person_id for item in feedback], RecordKind.CONVERSATION)
    return render(
        request,
        "trainee/cohort_summary.html",
        {
            "cohort": cohort,
            "trainees": trainees,
            "effect_rows": selectors.cohort_effect_rows(cohort),
            "feedback": feedback,
            "take_offs": selectors.cohort_take_offs(cohort),
            "can_manage": can_manage_cohort(request, cohort),
            "joint_start_chosen": services.joint_start_chosen(cohort),
        },
    )


@login_required
def take_off(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Create the joint take-off event of a trainee cohort (consultants)."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.TRAINEE, write=True)
    form = f.TakeOffForm(request.POST or None)
    status = 200
    if request.method == "POST":
        done = submit(
            form,
            lambda d: services.take_off_create(
                cohort=cohort,
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                by=request.user,
            ),
        )
        if done.ok:
            messages.success(
                request, _("Take-off-arrangementet er oprettet, og invitationerne sendes.")
            )
            return redirect("trainee:cohort_summary", pk=cohort.pk)
        status = done.status
    return render(
        request,
        "trainee/take_off.html",
        {"cohort": cohort, "form": form, "focus": services.TAKE_OFF_TEXT},
        status=status,
    )


@login_required
def joint_start(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Start part 1 as one joint meeting for the cohort's trainees and their leaders (seed 003):
    the consultant's choice, planning the meeting (one invitation to all) and marking it held
    (every trainee's part 1 record with it). Readers of the cohort page (HR staff) see it; only
    the cohort's own consultants change it (403 for others, administrators included). POST
    `action`: "option", "plan" or "held"."""
    cohort = get_cohort_for(request, pk, kind=ProgrammeKind.TRAINEE)
    me = roles_for(request).person
    is_consultant = cohort_is_consulted_by(cohort=cohort, person=me)
    if request.method == "POST" and not is_consultant:
        raise PermissionDenied
    meeting = JointStartMeeting.objects.filter(cohort=cohort).first()
    chosen = services.joint_start_chosen(cohort)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    option_form = f.JointStartOptionForm(
        request.POST if action == "option" else None,
        initial={"joint_start_part1": chosen},
    )
    plan_form = f.JointStartForm(request.POST if action == "plan" else None)
    status = 200
    if action == "option":
        done = submit(
            option_form,
            lambda d: services.cohort_options_set(
                cohort=cohort, joint_start_part1=d["joint_start_part1"], by=request.user
            ),
        )
        if done.ok:
            messages.success(request, _("Valget er gemt."))
            return redirect("trainee:joint_start", pk=cohort.pk)
        status = done.status
    elif action == "plan":
        planned = submit(
            plan_form,
            lambda d: services.joint_start_meeting_plan(
                cohort=cohort,
                starts_at=d["starts_at"],
                ends_at=d["ends_at"],
                place=d["place"],
                by=request.user,
            ),
        )
        if planned.ok:
            messages.success(
                request,
                _("Det fælles opstartsmøde er planlagt, og invitationerne sendes."),
            )
            return redirect("trainee:joint_start", pk=cohort.pk)
        status = planned.status
    elif action == "held":
        if meeting is None:
            return HttpResponseBadRequest(_("Det fælles opstartsmøde er ikke planlagt."))
        try:
            services.joint_start_meeting_held(meeting=meeting, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            messages.success(request, _("Det fælles opstartsmøde er markeret som afholdt."))
            return redirect("trainee:joint_start", pk=cohort.pk)
    elif request.method == "POST":
        return HttpResponseBadRequest(_("Ukendt handling."))
    records = selectors.joint_start_records(meeting) if meeting is not None else []
    trainees = [] if meeting is not None else list(selectors.joint_start_candidates(cohort))
    note_read(
        request,
        [r.enrolment.person_id for r in records] + [e.person_id for e in trainees],
        RecordKind.ENROLMENT,
    )
    return render(
        request,
        "trainee/joint_start.html",
        {
            "cohort": cohort,
            "meeting": meeting,
            "chosen": chosen,
            "records": records,
            "trainees": trainees,
            "option_form": option_form,
            "plan_form": plan_form,
            "is_consultant": is_consultant,
            "seed_text": services.JOINT_START_SEED_TEXT,
            "started": meeting is not None and meeting.starts_at <= timezone.now(),
        },
        status=status,
    )
