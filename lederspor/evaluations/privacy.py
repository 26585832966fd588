"""What the evaluations hold about a person, for the privacy registries (issue #15 §2–§3).

An anonymous questionnaire's `Response` has no person (docs/evaluations.md), so it is not
personal data and appears in no export or erasure; only the `Invitation` (that the person was
asked, and the date they answered) links them to it.

Registers in `privacy.registry.personal_data`:

- `evaluations.answers` (EVALUATION): the person's invitations, their named responses with
  their answers, and the questionnaires they created (titles). Erasure anonymises a named
  response (the person link removed, free-text answers deleted, ratings and choices kept for
  the results), keeps the invitations on the anonymised person row (the response rate counts
  them) and removes the person as creator.

and in `privacy.registry.retention_rules`:

- `evaluations.named_answers`: named responses become anonymous (free texts deleted) 1095
  days after they were given.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from lederspor.evaluations.models import Answer, Invitation, Questionnaire, Response
from lederspor.people.models import Person
from lederspor.privacy.models import RecordKind
from lederspor.privacy.registry import (
    Action,
    ErasureLine,
    PersonalData,
    RetentionRule,
    personal_data,
    records,
    retention_rules,
)


def export_answers(person: Person) -> list[dict[str, Any]]:
    """The person's invitations, named responses (with each answer) and created
    questionnaires. Anonymous responses carry no person and are never included."""
    result = [
        {"record": "invitation", **item}
        for item in records(
            Invitation.objects.filter(person=person)
            .select_related("questionnaire__cohort")
            .order_by("pk"),
            ["questionnaire.title", "questionnaire.cohort.name", "sent_at", "answered_on"],
        )
    ]
    answers = (
        Answer.objects.filter(response__person=person)
        .select_related("response__questionnaire", "question")
        .order_by("response__submitted_on", "question__order")
    )
    result += [
        {"record": "named_answer", **item}
        for item in records(
            answers,
            [
                "response.questionnaire.title",
                "response.submitted_on",
                "question.text",
                "scale",
                "choices",
                "text",
            ],
        )
    ]
    result += [
        {"record": "questionnaire_created", **item}
        for item in records(
            Questionnaire.objects.filter(created_by=person).order_by("pk"),
            ["title", "created_at"],
        )
    ]
    return result


def _anonymise_responses(responses: Any) -> None:
    """Delete the free-text answers of `responses` and remove their person link."""
    Answer.objects.filter(response__in=responses).exclude(text="").update(text="")
    Response.objects.filter(pk__in=list(responses.values_list("pk", flat=True))).update(person=None)


def erase_answers(person: Person, apply: bool) -> list[ErasureLine]:
    """Anonymise the person's named responses, keep their invitations, remove them as the
    creator of questionnaires."""
    responses = Response.objects.filter(person=person)
    texts = Answer.objects.filter(response__person=person).exclude(text="")
    invitations = Invitation.objects.filter(person=person)
    created = Questionnaire.objects.filter(created_by=person)
    lines = [
        ErasureLine(
            _("Navngivne evalueringssvar (bliver anonyme; vurderinger bevares i resultaterne)"),
            responses.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(_("Fritekstsvar i navngivne evalueringer"), texts.count(), Action.DELETE),
        ErasureLine(
            _("Invitationer til evalueringer (bevares uden navn til svarprocenten)"),
            invitations.count(),
            Action.ANONYMISE,
        ),
        ErasureLine(
            _("Evalueringer oprettet af personen (navnet fjernes)"),
            created.count(),
            Action.ANONYMISE,
        ),
    ]
    if apply:
        _anonymise_responses(responses)
        created.update(created_by=None)
    return lines


def expire_named_answers(cutoff: dt.datetime, apply: bool) -> int:
    """Make named responses given before `cutoff` anonymous (person link removed, free texts
    deleted). Idempotent: an anonymous response no longer matches."""
    responses = Response.objects.filter(person__isnull=False, submitted_on__lt=cutoff.date())
    count = responses.count()
    if apply and count:
        _anonymise_responses(responses)
    return count


def register() -> None:
    """Register the evaluations' entries (called once from `EvaluationsConfig.ready`)."""
    personal_data.register(
        PersonalData(
            key="evaluations.answers",
            order=60,
            label=_("Evalueringer"),
            kind=RecordKind.EVALUATION,
            models=(Invitation, Response, Answer, Questionnaire),
            export=export_answers,
            erase=erase_answers,
        )
    )
    retention_rules.register(
        RetentionRule(
            key="evaluations.named_answers",
            order=60,
            label=_("Navngivne evalueringssvar"),
            kind=RecordKind.EVALUATION,
            default_days=1095,
            reason=_(
                "Navngivne svar bruges til opfølgning på forløbet; efter 3 år (regnet fra "
                "svardatoen) gøres de anonyme, og fritekst slettes, så resultaterne bevares."
            ),
            expire=expire_named_answers,
        )
    )
