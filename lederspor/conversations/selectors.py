"""Reads for the conversation pages: my conversations, the questions of a conversation grouped
by section with the shared answers and my preparation, the kinds an enrolment may plan, and the
texts of the career conversation (seed 002 §4)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from lederspor.conversations.models import (
    Conversation,
    ConversationAttendee,
    ConversationKind,
    ConversationStatus,
    ConversationTemplate,
)
from lederspor.people.models import Person
from lederspor.programmes.models import Enrolment

T = TypeVar("T")

#: conversations with the nearest leader whose preparation and page show the logbook entries
#: shared with the leader (seed 002 §7: the logbook is the starting point; issue #3 §3)
LEADER_KINDS = {
    ConversationKind.LEADER_BEFORE,
    ConversationKind.LEADER_AFTER,
    ConversationKind.ONGOING,
    ConversationKind.TASK_FOLLOWUP,
}

#: seed 002 §4, word for word (PDF line breaks mended): the confidentiality paragraph
CAREER_CONFIDENTIALITY = (
    "Det er vigtigt at pointere, at du er gæst hos din vært. Det betyder blandt andet, at du "
    "kan høre om sager, der er fortrolige, og det er derfor vigtigt, at du indledningsvis "
    "adresserer fortroligheden i og omkring samtalen. Hvis du har vinkler, du er særligt "
    "nysgerrig på, vil det være hensigtsmæssigt, at du nævner det for din vært ved samtalens "
    "start."
)
#: seed 002 §4, word for word: the purpose of the career conversation (quoted in the letter)
CAREER_PURPOSE = (
    "Helt overordnede har karrieresamtalen til formål at give dig (som deltager) indblik i "
    "mulige karriereveje i egen kommune. At lytte til erfaringer fra arbejdet som leder, "
    "udforske det ledelsesmæssige fællesskab samt at høre hvordan din værts vej til ledelse har "
    "været."
)


def my_conversations(person: Person) -> tuple[list[Conversation], list[Conversation]]:
    """The conversations `person` attends or, as the cohort's consultant, may read
    (`access.visible_q`), as (upcoming, others): upcoming = planned and not yet ended, soonest
    first; others = the rest, newest first with cancelled ones last. Each has `my_role` (an
    `AttendeeRole` value, or None for a consultant who only reads) and its participant
    loaded (`enrolment.person`). One query."""
    from lederspor.conversations.access import visible_q

    my_role = ConversationAttendee.objects.filter(conversation=OuterRef("pk"), person=person)
    rows = list(
        Conversation.objects.filter(visible_q(person))
        .distinct()
        .select_related("enrolment__person", "enrolment__cohort", "template_version__template")
        .annotate(my_role=Subquery(my_role.values("role")[:1]))
    )
    now = timezone.now()
    upcoming: list[Conversation] = []
    rest: list[Conversation] = []
    for c in rows:
        is_upcoming = c.status == ConversationStatus.PLANNED and c.ends_at >= now
        (upcoming if is_upcoming else rest).append(c)
    upcoming.sort(key=lambda c: c.starts_at)
    rest.sort(key=lambda c: (c.status == ConversationStatus.CANCELLED, -c.starts_at.timestamp()))
    return upcoming, rest


@dataclass(frozen=True)
class QuestionRow:
    """One question on the page: its text, whether it is the seed's, the shared answer and my
    private preparation."""

    id: str
    text: str
    from_seed: bool
    answer: str
    preparation: str


def by_section(
    questions: list[dict[str, Any]], make_row: Callable[[dict[str, Any]], T]
) -> list[tuple[str, list[T]]]:
    """A template version's `questions` grouped by their "section" in order, each question made
    into a row by `make_row`: [(section, rows)]. A section that comes back after another starts
    a new group."""
    sections: list[tuple[str, list[T]]] = []
    for q in questions:
        section = q.get("section", "")
        if not sections or sections[-1][0] != section:
            sections.append((section, []))
        sections[-1][1].append(make_row(q))
    return sections


def question_sections(
    conversation: Conversation, preparation: dict[str, str] | None = None
) -> list[tuple[str, list[QuestionRow]]]:
    """The template version's questions grouped by section in order: [(section, rows)], each
    with the shared answer and my `preparation` ({question id: text})."""
    mine = preparation or {}
    return by_section(
        conversation.template_version.questions,
        lambda q: QuestionRow(
            q["id"],
            q["text"],
            bool(q.get("from_seed")),
            conversation.answers.get(q["id"], ""),
            mine.get(q["id"], ""),
        ),
    )


def plannable_kinds(enrolment: Enrolment) -> list[tuple[str, str]]:
    """(kind, name) of the templates for the enrolment's programme kind, except the task
    follow-up (planned from a task) and the one-off kinds the enrolment already has a not
    cancelled conversation of (`services.REPEATABLE_KINDS` may be planned again). One query."""
    from lederspor.conversations.services import REPEATABLE_KINDS

    taken = (
        Conversation.objects.filter(enrolment=enrolment)
        .exclude(status=ConversationStatus.CANCELLED)
        .exclude(kind__in=REPEATABLE_KINDS)
        .values("kind")
    )
    return [
        (t.kind, t.name)
        for t in ConversationTemplate.objects.filter(programme_kind=enrolment.cohort.programme.kind)
        .exclude(kind=ConversationKind.TASK_FOLLOWUP)
        .exclude(kind__in=taken)
        .order_by("pk")
    ]


def has_templates(enrolment: Enrolment) -> bool:
    """True when the enrolment's programme kind has any conversation template. One query."""
    return ConversationTemplate.objects.filter(
        programme_kind=enrolment.cohort.programme.kind
    ).exists()


def enrolment_conversations(enrolment: Enrolment, person: Person) -> QuerySet[Conversation]:
    """The conversations of `enrolment` that `person` may see, by time."""
    from lederspor.conversations.access import visible_q

    return (
        Conversation.objects.filter(visible_q(person), enrolment=enrolment)
        .distinct()
        .select_related("template_version__template")
        .order_by("starts_at", "pk")
    )


def career_host_choices(*, enrolment: Enrolment) -> QuerySet[Person]:
    """The people who may host the career conversation (seed 002 §4: "en erfaren leder eller
    HR medarbejder i egen kommune"): active leaders (`is_leader`) and HR staff (profession
    "HR"), by name, without the participant; unit loaded. The plan form's host field and its
    picker (`conversations.pickers`) both use this set."""
    return (
        Person.objects.filter(is_active=True)
        .filter(Q(is_leader=True) | Q(profession__iexact="HR"))
        .exclude(pk=enrolment.person_id)
        .select_related("unit")
        .order_by("first_name", "last_name", "pk")
    )
