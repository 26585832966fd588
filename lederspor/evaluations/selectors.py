"""Reads of evaluations: the pages' lists and the aggregated results (also for `reports`).

`aggregate_results` and `response_rate` are the interface the reports app calls: counts,
means and distributions computed by the database in a fixed number of queries, whatever the
number of questionnaires or answers, with the small-number rule (`core.smallnumbers`) applied.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from lederspor.core.smallnumbers import is_suppressed, min_cell
from lederspor.evaluations.models import (
    CHOICE_KINDS,
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Invitation,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireTemplate,
)
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort


@dataclass(frozen=True)
class GroupResult:
    """One question's result in one group (a year, or None for all together).

    `count`: answers given to the question; `mean`: the mean of a scale question (1–5) or None;
    `distribution`: answer value → number of answers (scale 1–5, or each option; a multiple
    choice answer counts once per option chosen). `suppressed` (fewer than `min_cell()`
    answers): `mean` is None and `distribution` empty, and a page shows "< 5".
    """

    year: int | None
    count: int
    mean: float | None
    distribution: dict[int | str, int]
    suppressed: bool


@dataclass(frozen=True)
class QuestionResult:
    """The aggregated answers to the questions with one `key` (across questionnaires): the
    newest questionnaire's `text` and `kind`, and `groups` (one per year, ascending, or one
    group with year None)."""

    key: str
    text: str
    kind: str
    groups: tuple[GroupResult, ...]

    @property
    def kind_label(self) -> str:
        """The question kind's Danish label ("Skala 1–5" …)."""
        return str(QuestionKind(self.kind).label)

    @property
    def total(self) -> GroupResult | None:
        """The first group (the only one when not grouped by year)."""
        return self.groups[0] if self.groups else None


def _group(
    year: int | None, kind: str, choices: list[str], counts: dict[Any, int], answered: int
) -> GroupResult:
    if kind == QuestionKind.SCALE:
        distribution: dict[int | str, int] = {v: 0 for v in range(SCALE_MIN, SCALE_MAX + 1)}
    elif kind in CHOICE_KINDS:
        distribution = {c: 0 for c in choices}
    else:
        distribution = {}
    for value, n in counts.items():
        distribution[value] = distribution.get(value, 0) + n
    mean = None
    if kind == QuestionKind.SCALE and answered:
        mean = sum(int(v) * n for v, n in distribution.items()) / answered
    if is_suppressed(answered):
        return GroupResult(year, answered, None, {}, True)
    return GroupResult(year, answered, mean, distribution, False)


def aggregate_results(
    *, questionnaires: QuerySet[Questionnaire], group_by_year: bool = False
) -> list[QuestionResult]:
    """Aggregate the answers of `questionnaires` per question `key` (so the same question
    groups across cohorts and years), in the order of the newest questionnaire's questions.

    `group_by_year`: one group per calendar year of the questionnaires' `send_at` (local
    time); else one group with year None. Three queries whatever the numbers: the questions,
    the answer counts grouped by key, year and value (scale and choices), and the answered
    counts of every question. Returns a list of `QuestionResult`.
    """
    questions: list[dict[str, Any]] = [
        dict(q)
        for q in Question.objects.filter(questionnaire__in=questionnaires)
        .order_by("-questionnaire__send_at", "-questionnaire_id", "order")
        .values("key", "kind", "text", "choices", "order")
    ]
    if not questions:
        return []
    newest: dict[str, dict[str, Any]] = {}
    for q in questions:
        newest.setdefault(q["key"], q)
    year_expr = ExtractYear(
        "question__questionnaire__send_at", tzinfo=timezone.get_current_timezone()
    )
    answers = Answer.objects.filter(question__questionnaire__in=questionnaires)
    if group_by_year:
        answers = answers.annotate(year=year_expr)
    year_field = ["year"] if group_by_year else []
    # value counts: scale values and (for single/multiple choice) the chosen lists
    values: dict[tuple[str, int | None], dict[Any, int]] = defaultdict(dict)
    rows = (
        answers.filter(
            Q(question__kind=QuestionKind.SCALE, scale__isnull=False)
            | Q(question__kind__in=CHOICE_KINDS)
        )
        .values("question__key", *year_field, "scale", "choices")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        bucket = values[(row["question__key"], row.get("year"))]
        if row["scale"] is not None:
            bucket[row["scale"]] = bucket.get(row["scale"], 0) + row["n"]
        for choice in row["choices"] or []:
            bucket[choice] = bucket.get(choice, 0) + row["n"]
    answered = {
        (row["question__key"], row.get("year")): row["n"]
        for row in answers.filter(Q(scale__isnull=False) | ~Q(text="") | ~Q(choices=[]))
        .values("question__key", *year_field)
        .annotate(n=Count("id"))
        .order_by()
    }
    years = (
        sorted({year for (_key, year) in answered if year is not None}) if group_by_year else [None]
    )
    ordered = sorted(newest.values(), key=lambda q: q["order"])
    results = []
    for q in ordered:
        groups = tuple(
            _group(year, q["kind"], q["choices"], values.get((q["key"], year), {}), n)
            for year in years
            if (n := answered.get((q["key"], year), 0)) or not group_by_year
        )
        results.append(QuestionResult(q["key"], q["text"], q["kind"], groups))
    return results


def response_rate(questionnaires: QuerySet[Questionnaire]) -> tuple[int, int]:
    """(invited, answered) over `questionnaires`: invitations sent and those answered (one
    query)."""
    row = Invitation.objects.filter(questionnaire__in=questionnaires).aggregate(
        invited=Count("id"), answered=Count("id", filter=Q(answered_on__isnull=False))
    )
    return row["invited"], row["answered"]


@dataclass(frozen=True)
class TextAnswers:
    """The free-text answers to one question: `texts` (with the author's name only on a named
    questionnaire) when at least `min_cell()` people answered it, else `suppressed`."""

    key: str
    question: str
    count: int
    suppressed: bool
    texts: tuple[tuple[str, str], ...]


def text_answers(questionnaire: Questionnaire) -> list[TextAnswers]:
    """The free-text answers of `questionnaire`, per text question in order, sorted by text
    (never by time of answering). On an anonymous questionnaire no name is read; fewer than
    `min_cell()` answers to a question show none. Two queries."""
    questions = list(questionnaire.questions.filter(kind=QuestionKind.TEXT))
    answers = Answer.objects.filter(question__in=questions).exclude(text="").order_by("text")
    by_question: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if questionnaire.anonymous:
        for question_id, text in answers.values_list("question_id", "text"):
            by_question[question_id].append(("", text))
    else:
        for question_id, text, first, last in answers.values_list(
            "question_id", "text", "response__person__first_name", "response__person__last_name"
        ):
            by_question[question_id].append((f"{first or ''} {last or ''}".strip(), text))
    result = []
    for q in questions:
        texts = by_question.get(q.pk, [])
        hidden = len(texts) < min_cell()
        result.append(
            TextAnswers(q.key, q.text, len(texts), hidden, () if hidden else tuple(texts))
        )
    return result


def cohort_questionnaires(cohort: Cohort) -> QuerySet[Questionnaire]:
    """The cohort's questionnaires in send order, with `session`, `invited` and `answered`
    counts annotated (one query)."""
    return (
        Questionnaire.objects.filter(cohort=cohort)
        .select_related("session")
        .annotate(
            invited=Count("invitations", distinct=True),
            answered=Count(
                "invitations", filter=Q(invitations__answered_on__isnull=False), distinct=True
            ),
        )
        .order_by("send_at", "pk")
    )


def templates_for(cohort: Cohort) -> QuerySet[QuestionnaireTemplate]:
    """The templates that fit `cohort`'s programme (its own and the general ones)."""
    return QuestionnaireTemplate.objects.filter(
        Q(programme_kind="") | Q(programme_kind=cohort.programme.kind)
    ).order_by("moment", "audience", "name")


def open_invitations(person: Person, *, cohort: Cohort | None = None) -> QuerySet[Invitation]:
    """`person`'s invitations not yet answered to questionnaires that still take answers
    (optionally of one cohort), soonest closing first, with the questionnaire loaded."""
    invitations = Invitation.objects.filter(
        person=person,
        answered_on=None,
        questionnaire__status=Questionnaire.Status.SENT,
        questionnaire__closes_on__gte=timezone.localdate(),
    )
    if cohort is not None:
        invitations = invitations.filter(questionnaire__cohort=cohort)
    return invitations.select_related("questionnaire__session").order_by(
        "questionnaire__closes_on", "pk"
    )
