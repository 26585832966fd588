"""Reads for the trainee programme (seed 003): phases reached, the trainee's path and the
cohort summary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery

from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.core.access import Relation
from lederspor.people.models import Person
from lederspor.programmes.models import Cohort, Enrolment, Phase, ProgrammeKind, Session
from lederspor.trainee.models import EffectAnswer, JointStartMeeting, Respondent, rated_effects
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
    """The phases of the enrolment's programme that have effects rated 1–5 (`rated_effects`:
    the outcome is recorded, not rated), in order (1 query)."""
    return [
        p
        for p in Phase.objects.filter(programme_id=enrolment.cohort.programme_id).order_by("order")
        if rated_effects(p.effects)
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
    """Average rating per rated effect of the cohort's programme (`rated_effects`), trainee vs
    leader (2 queries)."""
    phases = Phase.objects.filter(programme_id=cohort.programme_id).order_by("order")
    rows = {
        (p.pk, i): EffectRow(phase=p, index=i, text=text)
        for p in phases
        for i, text in rated_effects(p.effects)
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


def cohort_trainees(cohort: Cohort, viewer: Person | None = None) -> QuerySet[Enrolment]:
    """The cohort's seated trainees with their outcome, personality test, whether they
    completed Leder på spring, how many effect answers each respondent gave and their aspirant
    enrolment as `viewer` sees it (`aspirant_annotations`, `aspirant_link_from`) (1 query)."""
    clarification = completed_clarifications(OuterRef("person_id"))
    return (
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED)
        .select_related("person", "trainee_outcome", "personality_test")
        .annotate(
            **aspirant_annotations(viewer),
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


# --- the fixed aspirant building block (seed 003) ---------------------------------------------


def aspirant_enrolments(person_id: int | OuterRef) -> QuerySet[Enrolment]:
    """The person's seated enrolments on an aspirant programme (Aarhus Kommunes
    lederaspirantforløb, seed 003: "Deltagelse i Aarhus Kommunes lederaspirantforløb er en fast
    del af forløbet."), the running one first, then the newest. `person_id`: a Person pk, or
    `OuterRef(...)` inside an annotation."""
    return Enrolment.objects.filter(
        person_id=person_id,
        status__in=Enrolment.SEATED,
        cohort__programme__kind=ProgrammeKind.ASPIRANT,
    ).order_by("-status", "-cohort__starts_on", "-pk")  # "enrolled" before "completed"


@dataclass(frozen=True)
class AspirantLink:
    """The trainee's aspirant enrolment for the fixed building block: `enrolment_id`,
    `cohort_name`, `completed`, and `may_open` (the viewer relates to that enrolment, so the
    link to `programmes:enrolment_detail` opens for them). `enrolment_id` None: missing."""

    enrolment_id: int | None
    cohort_name: str = ""
    completed: bool = False
    may_open: bool = False

    @property
    def missing(self) -> bool:
        return self.enrolment_id is None


#: the relations to a trainee enrolment that carry over to the same person's aspirant
#: enrolment (same person, same nearest leader and chef); a consultant must consult the
#: aspirant cohort itself
SAME_PERSON_RELATIONS = {Relation.PARTICIPANT, Relation.LEADER, Relation.CHEF, Relation.ADMIN}


def aspirant_annotations(viewer: Person | None) -> dict[str, Any]:
    """Annotations for an `Enrolment` query (of a trainee) that give its `AspirantLink`
    without a further query (`aspirant_link_from`)."""
    first = aspirant_enrolments(OuterRef("person_id"))
    consulted = Cohort.consultants.through.objects.filter(
        cohort_id=OuterRef("cohort_id"), person_id=viewer.pk if viewer else 0
    )
    return {
        "aspirant_id": Subquery(first.values("pk")[:1]),
        "aspirant_cohort": Subquery(first.values("cohort__name")[:1]),
        "aspirant_status": Subquery(first.values("status")[:1]),
        "aspirant_consulted": Subquery(
            first.annotate(consulted=Exists(consulted)).values("consulted")[:1]
        ),
    }


def aspirant_link_from(row: Enrolment, relations: set[Relation]) -> AspirantLink:
    """The `AspirantLink` of a row annotated with `aspirant_annotations`, for a viewer with
    `relations` to the trainee enrolment. No queries."""
    pk = getattr(row, "aspirant_id", None)
    if pk is None:
        return AspirantLink(None)
    may_open = bool(relations & SAME_PERSON_RELATIONS) or bool(
        getattr(row, "aspirant_consulted", False)
    )
    return AspirantLink(
        enrolment_id=pk,
        cohort_name=str(getattr(row, "aspirant_cohort", "")),
        completed=getattr(row, "aspirant_status", "") == Enrolment.Status.COMPLETED,
        may_open=may_open,
    )


def aspirant_link(
    enrolment: Enrolment, relations: set[Relation], viewer: Person | None
) -> AspirantLink:
    """The `AspirantLink` of trainee `enrolment` for a viewer with `relations` (1 query)."""
    row = Enrolment.objects.filter(pk=enrolment.pk).annotate(**aspirant_annotations(viewer)).get()
    return aspirant_link_from(row, relations)


def joint_start_records(meeting: JointStartMeeting) -> list[Conversation]:
    """The start part 1 records of the joint meeting with the trainee, by name (1 query)."""
    return list(
        meeting.conversations.select_related("enrolment__person__manager").order_by(
            "enrolment__person__first_name", "enrolment__person__last_name", "pk"
        )
    )


def joint_start_candidates(cohort: Cohort) -> QuerySet[Enrolment]:
    """The seated trainees without a start part 1 that is not cancelled, by name, with their
    nearest leader and `prerequisite_met` (completed Leder på spring, or a personality test
    with feedback: seed 003, "forinden samtalen"); the joint meeting invites those who meet it
    (1 query)."""
    has_part1 = Conversation.objects.filter(
        enrolment=OuterRef("pk"), kind=ConversationKind.START_PART1
    ).exclude(status=ConversationStatus.CANCELLED)
    return (
        Enrolment.objects.filter(cohort=cohort, status__in=Enrolment.SEATED)
        .exclude(Exists(has_part1))
        .select_related("person__manager")
        .annotate(
            prerequisite_met=Exists(completed_clarifications(OuterRef("person_id")))
            | Q(personality_test__feedback_given_on__isnull=False)
        )
        .order_by("person__first_name", "person__last_name", "pk")
    )
