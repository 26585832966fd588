"""Pages of evaluations (issue #13 §2): the cohort's list, the draft's editor, the answer
page reached from the mail's link, "Tak for dit svar" and the results with their export.

Thin views: access helper (`access.py`) → form → `core.views.submit(form, service)` → redirect
or render with the status `submit` chose.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lederspor.core.access import AuthenticatedHttpRequest, not_found
from lederspor.core.exports import Column, export_response, requested_format
from lederspor.core.smallnumbers import min_cell, suppressed_label
from lederspor.core.views import Submission, submit
from lederspor.evaluations import selectors, services
from lederspor.evaluations.access import (
    get_invitation_for,
    get_invitation_for_token,
    get_questionnaire_for,
)
from lederspor.evaluations.forms import (
    ActionForm,
    AnswerForm,
    QuestionAddForm,
    QuestionEditForm,
    QuestionnaireNewForm,
    QuestionnaireSettingsForm,
)
from lederspor.evaluations.models import CHOICE_KINDS, Answer, Invitation, Questionnaire
from lederspor.privacy.models import RecordKind
from lederspor.privacy.readlog import note_read
from lederspor.programmes.access import get_cohort_for


def _new_form(cohort: Any, data: Any = None) -> QuestionnaireNewForm:
    return QuestionnaireNewForm(
        data,
        templates=selectors.templates_for(cohort),
        sessions=cohort.sessions.order_by("starts_at"),
    )


def _render_cohort(
    request: HttpRequest, cohort: Any, form: QuestionnaireNewForm, status: int = 200
) -> HttpResponse:
    questionnaires = list(selectors.cohort_questionnaires(cohort))
    return render(
        request,
        "evaluations/cohort_list.html",
        {"cohort": cohort, "questionnaires": questionnaires, "form": form},
        status=status,
    )


@login_required
def cohort_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The cohort's evaluations (status, answered/invited) and "Ny evaluering" from a template
    (POST creates the draft and opens its editor). Consultants of the cohort and HR staff."""
    cohort = get_cohort_for(request, pk)
    if request.method != "POST":
        return _render_cohort(request, cohort, _new_form(cohort))
    form = _new_form(cohort, request.POST)
    result = submit(
        form,
        lambda d: services.questionnaire_create(
            cohort=cohort,
            template=d["template"],
            session=d["session"],
            anonymous=d["anonymous"],
            by=request.user,
        ),
    )
    if result.ok and result.result is not None:
        return redirect("evaluations:edit", result.result.pk)
    return _render_cohort(request, cohort, form, result.status)


def _settings_form(questionnaire: Questionnaire, data: Any = None) -> QuestionnaireSettingsForm:
    return QuestionnaireSettingsForm(
        data,
        version=questionnaire.version,
        initial={
            "title": questionnaire.title,
            "anonymous": questionnaire.anonymous,
            "send_at": questionnaire.send_at,
            "reminder_at": questionnaire.reminder_at,
            "closes_on": questionnaire.closes_on,
        },
    )


def _question_forms(
    questionnaire: Questionnaire, bound: QuestionEditForm | None = None
) -> list[tuple[Any, QuestionEditForm]]:
    forms = []
    for q in questionnaire.questions.all():
        if bound is not None and bound.prefix == f"q{q.pk}":
            forms.append((q, bound))
            continue
        forms.append(
            (
                q,
                QuestionEditForm(
                    prefix=f"q{q.pk}",
                    version=questionnaire.version,
                    initial={
                        "text": q.text,
                        "choices": "\n".join(q.choices),
                        "required": q.required,
                    },
                ),
            )
        )
    return forms


def _render_edit(
    request: HttpRequest, questionnaire: Questionnaire, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "questionnaire": questionnaire,
        "cohort": questionnaire.cohort,
        "is_draft": questionnaire.status == Questionnaire.Status.DRAFT,
        "settings_form": forms.get("settings_form") or _settings_form(questionnaire),
        "question_forms": _question_forms(questionnaire, forms.get("edit_form")),
        "add_form": forms.get("add_form")
        or QuestionAddForm(version=questionnaire.version, initial={"required": True}),
        "action_form": forms.get("action_form") or ActionForm(version=questionnaire.version),
        "choice_kinds": [k.value for k in CHOICE_KINDS],
    }
    return render(request, "evaluations/edit.html", context, status=status)


@login_required
def questionnaire_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The questionnaire's page: while a draft, its settings can be changed and questions
    added (POST `action`: settings | add); afterwards it shows them read-only."""
    questionnaire = get_questionnaire_for(request, pk)
    if request.method != "POST":
        return _render_edit(request, questionnaire)
    action, user = request.POST.get("action", ""), request.user
    if action == "settings":
        form: Any = _settings_form(questionnaire, request.POST)
        result: Submission[Any] = submit(
            form,
            lambda d: services.questionnaire_update(
                questionnaire=questionnaire,
                expected_version=d["version"],
                title=d["title"],
                anonymous=d["anonymous"],
                send_at=d["send_at"],
                reminder_at=d["reminder_at"],
                closes_on=d["closes_on"],
                by=user,
            ),
        )
        forms = {"settings_form": form}
    elif action == "add":
        form = QuestionAddForm(request.POST)
        result = submit(
            form,
            lambda d: services.question_add(
                questionnaire=questionnaire,
                expected_version=d["version"],
                kind=d["kind"],
                text=d["text"],
                choices=d["choices"].splitlines(),
                required=d["required"],
                by=user,
            ),
        )
        forms = {"add_form": form}
    else:
        raise not_found()
    if result.ok:
        return redirect("evaluations:edit", questionnaire.pk)
    questionnaire.refresh_from_db()
    return _render_edit(request, questionnaire, result.status, **forms)


def _question(questionnaire: Questionnaire, question_pk: int) -> Any:
    question = questionnaire.questions.filter(pk=question_pk).first()
    if question is None:
        raise not_found()
    question.questionnaire = questionnaire
    return question


@login_required
@require_POST
def question_update(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Save one question of a draft (text, options, required)."""
    questionnaire = get_questionnaire_for(request, pk)
    question = _question(questionnaire, question_pk)
    form = QuestionEditForm(request.POST, prefix=f"q{question.pk}")
    result = submit(
        form,
        lambda d: services.question_update(
            question=question,
            expected_version=d["version"],
            text=d["text"],
            choices=d["choices"].splitlines(),
            required=d["required"],
            by=request.user,
        ),
    )
    if result.ok:
        return redirect("evaluations:edit", questionnaire.pk)
    questionnaire.refresh_from_db()
    return _render_edit(request, questionnaire, result.status, edit_form=form)


@login_required
@require_POST
def question_remove(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Remove one question from a draft."""
    questionnaire = get_questionnaire_for(request, pk)
    question = _question(questionnaire, question_pk)
    form = ActionForm(request.POST)
    result = submit(
        form,
        lambda d: services.question_remove(
            question=question, expected_version=d["version"], by=request.user
        ),
    )
    if result.ok:
        return redirect("evaluations:edit", questionnaire.pk)
    questionnaire.refresh_from_db()
    return _render_edit(request, questionnaire, result.status, action_form=form)


@login_required
@require_POST
def questionnaire_schedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Send evalueringen": draft → scheduled; the worker sends it at its time."""
    questionnaire = get_questionnaire_for(request, pk)
    form = ActionForm(request.POST)
    result = submit(
        form,
        lambda d: services.questionnaire_schedule(
            questionnaire=questionnaire, expected_version=d["version"], by=request.user
        ),
    )
    if result.ok:
        return redirect("evaluations:cohort_list", questionnaire.cohort_id)
    return _render_edit(request, questionnaire, result.status, action_form=form)


@login_required
@require_POST
def questionnaire_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Luk evalueringen": no more answers or reminders."""
    questionnaire = get_questionnaire_for(request, pk)
    form = ActionForm(request.POST)
    result = submit(
        form,
        lambda d: services.questionnaire_close(questionnaire=questionnaire, by=request.user),
    )
    if result.ok:
        return redirect("evaluations:results", questionnaire.pk)
    return _render_edit(request, questionnaire, result.status, action_form=form)


def _answer(request: AuthenticatedHttpRequest, invitation: Invitation) -> HttpResponse:
    questionnaire = invitation.questionnaire
    questions = list(questionnaire.questions.all())
    context: dict[str, Any] = {
        "questionnaire": questionnaire,
        "invitation": invitation,
        "open": services.is_open(questionnaire),
    }
    if invitation.answered_on is not None:
        return render(request, "evaluations/answered.html", context)
    if request.method != "POST":
        form = AnswerForm(questions=questions)
        return render(request, "evaluations/answer.html", {**context, "form": form})
    form = AnswerForm(request.POST, questions=questions)
    result = submit(
        form,
        lambda d: services.response_submit(invitation=invitation, values=d, by=request.user),
    )
    if result.ok:
        return redirect("evaluations:thanks", questionnaire.pk)
    return render(
        request, "evaluations/answer.html", {**context, "form": form}, status=result.status
    )


@login_required
def answer_token(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """The answer page from the mail's link: `token` identifies the signed-in person's
    invitation (someone else's token: 404)."""
    return _answer(request, get_invitation_for_token(request, token))


@login_required
def answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The answer page from "Evalueringer du mangler at besvare": the signed-in person's
    invitation to questionnaire `pk` (not invited: 404)."""
    return _answer(request, get_invitation_for(request, pk))


@login_required
def thanks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """ "Tak for dit svar" after answering questionnaire `pk` (only for the invited)."""
    invitation = get_invitation_for(request, pk)
    return render(
        request,
        "evaluations/thanks.html",
        {"questionnaire": invitation.questionnaire, "invitation": invitation},
    )


def _value_label(result: selectors.QuestionResult) -> str:
    group = result.total
    if group is None or group.count == 0:
        return ""
    if group.suppressed:
        return suppressed_label()
    if group.mean is not None:
        return number_format(round(group.mean, 1), decimal_pos=1)
    return ""


def _distribution_label(result: selectors.QuestionResult) -> str:
    group = result.total
    if group is None or group.suppressed:
        return ""
    return "; ".join(f"{value}: {n}" for value, n in group.distribution.items())


@login_required
def results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The aggregated results of one questionnaire (the cohort's consultants and HR staff;
    participants never: 404), with the small-number rule and an XLSX/CSV export."""
    questionnaire = get_questionnaire_for(request, pk)
    one = Questionnaire.objects.filter(pk=questionnaire.pk)
    rows = selectors.aggregate_results(questionnaires=one)
    invited, answered = selectors.response_rate(one)
    export = requested_format(request)
    if export is not None:
        columns = [
            Column(_("Spørgsmål"), lambda r: r.text, width=60),
            Column(_("Type"), lambda r: r.kind_label),
            Column(
                _("Antal svar"),
                lambda r: (
                    (suppressed_label() if r.total.suppressed else r.total.count) if r.total else 0
                ),
            ),
            Column(
                _("Gennemsnit (1–5)"),
                lambda r: round(r.total.mean, 2) if r.total and r.total.mean is not None else None,
            ),
            Column(_("Fordeling"), _distribution_label, width=50),
        ]
        return export_response(
            rows=rows,
            columns=columns,
            filename=f"evaluering-{questionnaire.pk}",
            format=export,
            title=_("Evaluering"),
        )
    texts = {t.key: t for t in selectors.text_answers(questionnaire)}
    if not questionnaire.anonymous and any(t.texts for t in texts.values()):
        # named free-text answers are personal data (anonymous aggregates are not): one
        # read-log row naming those whose texts the page shows
        shown = [t.key for t in texts.values() if t.texts]
        note_read(
            request,
            Answer.objects.filter(question__questionnaire=questionnaire, question__key__in=shown)
            .exclude(text="")
            .values_list("response__person_id", flat=True)
            .distinct(),
            RecordKind.EVALUATION,
        )
    return render(
        request,
        "evaluations/results.html",
        {
            "questionnaire": questionnaire,
            "cohort": questionnaire.cohort,
            "rows": [(r, _value_label(r), texts.get(r.key)) for r in rows],
            "invited": invited,
            "answered": answered,
            "min_cell": min_cell(),
            "suppressed_label": suppressed_label(),
        },
    )
