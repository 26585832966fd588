"""Reads for the trainee programme (seed 003): phases reached, the trainee's path and the
cohort summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet

from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.programmes.models import Cohort, Enrolment, Phase, Session
from lederspor.trainee.models import EffectAnswer, Respondent
from lederspor.trainee.prerequisites import completed_clarifications

#: conversation statuses that count as held
HELD = (ConversationStatus.HELD, ConversationStatus.SIGNED)


def held_kinds(conversations: list[Conversation] | QuerySet[Conversation]) -> set[str]:
    """The kinds among `conversations` that are held or signed."""
    return {c.kind for c in conversations if c.status in HELD}


def phases_reached(
    *, enrolment: Enrolment, phases: list[Phase], held: set[str], today: dt.date
) -> list[Phase]:
    """The phases (of `phases`, in order) the trainee has reached, whose effects can be answered.

    Phase 1 (Opstart) once enrolled; phase 2 (Udviklingsdelen) once start part 2 is held or a
    third of the cohort's period has passed; phase 3 (Afslutning) once the transition
    conversation is held or two thirds of the period have passed. `held`: held conversation
    kinds (`held_kinds`).
    """
    cohort = enrolment.cohort
    length = max((cohort.ends_on - cohort.starts_on).days, 1)
    passed = (today - cohort.starts_on).days / length
    reached = []
    for phase in phases:
        if phase.order == 1:
            ok = True
        elif phase.order == 2:
            ok = ConversationKind.START_PART2 in held or passed >= 1 / 3
        else:
            ok = ConversationKind.TRANSITION in held or passed >= 2 / 3
        if ok:
            reached.append(phase)
    return reached


def programme_phases(enrolment: Enrolment) -> list[Phase]:
    """The phases of the enrolment's programme that have effects, in order (1 query)."""
    return [
        p
        for p in Phase.objects.filter(programme_id=enrolment.cohort.programme_id).order_by("order")
        if p.effects
    ]


@dataclass
class EffectRow:
    """One effect in the cohort summary: its text and average ratings (None = no answers)."""

    phase: Phase
    index: int
    text: str
    trainee_avg: float | None = None
    trainee_n: int = 0
    leader_avg: float | None = None
    leader_n: int = 0


def cohort_effect_rows(cohort: Cohort) -> list[EffectRow]:
    """Average rating per effect of the cohort's programme, trainee vs leader (2 queries)."""
    phases = Phase.objects.filter(programme_id=cohort.programme_id).order_by("order")
    rows = {
        (p.pk, i): EffectRow(phase=p, index=i, text=text)
        for p in phases
        for i, text in enumerate(p.effects)
    }
    stats = (
        EffectAnswer.objects.filter(enrolment__cohort=cohort)
        .values("phase_id", "effect_index", "respondent")
        .annotate(avg=Avg("rating"), n=Count("pk"))
    )
    for s in stats:
        row = rows.get((s["phase_id"], s["effect_index"]))
        if row is None:
            continue
        if s["respondent"] == Respondent.TRAINEE:
            row.trainee_avg, row.trainee_n = s["avg"], s["n"]
        else:
            row.leader_avg, row.leader_n = s["avg"], s["n"]
    return list(rows.values())


@dataclass
class FeedbackItem:
    """Programme feedback from one held transition conversation (seed 003: "ledertrainee og
    leder feedback til den videre udvikling af ledertraineeforløbet")."""

    enrolment: Enrolment
    held_at: dt.datetime | None
    trainee: str
    leader: str


def cohort_programme_feedback(cohort: Cohort) -> list[FeedbackItem]:
    """The `feedback_trainee` / `feedback_leader` answers of the cohort's held transition
    conversations, oldest first; conversations with neither answer are left out (1 query)."""
    items = []
    conversations = (
        Conversation.objects.filter(
            enrolment__cohort=cohort, kind=ConversationKind.TRANSITION, status__in=HELD
        )
        .select_related("enrolment__person")
        .order_by("held_at", "starts_at", "pk")
    )
    for c in conversations:
        answers = c.answers or {}
        trainee = str(answers.get("feedback_trainee", "")).strip()
        leader = str(answers.get("feedback_leader", "")).strip()
        if trainee or leader:
            items.append(FeedbackItem(c.enrolment, c.held_at, trainee, leader))
    return items


def cohort_trainees(cohort: Cohort) -> QuerySet[Enrolment]:
    """The cohort's seated trainees with their outcome, personality test, whether they
    completed Leder på spring, and how many effect answers each respondent gave (1 query)."""
    clarification = completed_clarifications(OuterRef("person_id"))
    return (
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED)
        .select_related("person", "trainee_outcome", "personality_test")
        .annotate(
            completed_clarification=Exists(clarification),
            trainee_answers=Count(
                "effect_answers",
                filter=Q(effect_answers__respondent=Respondent.TRAINEE),
                distinct=True,
            ),
            leader_answers=Count(
                "effect_answers",
                filter=Q(effect_answers__respondent=Respondent.LEADER),
                distinct=True,
            ),
        )
        .order_by("person__first_name", "person__last_name")
    )


def cohort_take_offs(cohort: Cohort) -> QuerySet[Session]:
    """The cohort's take-off sessions, by time."""
    return cohort.sessions.filter(kind=Session.Kind.TAKE_OFF).order_by("starts_at")
