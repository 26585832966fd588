"""Reads for 'Leder på spring': a participant's steps (for the panel) and the consultant's
overview of a cohort, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from lederspor.clarification import services
from lederspor.clarification.editable import CERTIFICATE_TEXT
from lederspor.clarification.models import (
    Homework,
    HomeworkStatus,
    JtiRecord,
    LeaderTalk,
    LeaderTalkFeedback,
    MailingDelivery,
    PreStartMailing,
)
from lederspor.conversations.access import visible_exists, visible_q
from lederspor.conversations.models import Conversation, ConversationKind, ConversationStatus
from lederspor.grouping.models import GroupingRound, NetworkGroup
from lederspor.people.models import Person
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Session
from lederspor.texts.services import context_values, filled, get_text, live


def _jti_conversation(field: str) -> Subquery:
    return Subquery(
        Conversation.objects.filter(enrolment=OuterRef("pk"), kind=ConversationKind.JTI_FEEDBACK)
        .exclude(status=ConversationStatus.CANCELLED)
        .order_by("-starts_at")
        .values(field)[:1]
    )


def _count(qs: QuerySet[Any], field: str = "pk") -> Coalesce:
    return Coalesce(
        Subquery(qs.order_by().values(field).annotate(n=Count("pk")).values("n")[:1]),
        0,
        output_field=IntegerField(),
    )


def annotated_enrolments(cohort_id: int) -> QuerySet[Enrolment]:
    """Enrolments of a cohort annotated with their Leder på spring state: `mail_received`,
    `jti_answered_at`, `jti_conversation_id`, `jti_conversation_at`, `homework_done`,
    `talk_id`, `talk_title`, `talk_feedback_count`, `group_tasks`, `group_name`."""
    talk = LeaderTalk.objects.filter(enrolment=OuterRef("pk"))
    group = NetworkGroup.objects.filter(
        memberships__enrolment=OuterRef("pk"),
        round__status=GroupingRound.Status.PUBLISHED,
    ).order_by("-round__number")
    return Enrolment.objects.filter(cohort_id=cohort_id).annotate(
        mail_received=Exists(MailingDelivery.objects.filter(enrolment=OuterRef("pk"))),
        jti_answered_at=Subquery(
            JtiRecord.objects.filter(enrolment=OuterRef("pk")).values("answered_at")[:1]
        ),
        jti_conversation_id=_jti_conversation("pk"),
        jti_conversation_at=_jti_conversation("starts_at"),
        homework_done=_count(HomeworkStatus.objects.filter(enrolment=OuterRef("pk")), "enrolment"),
        talk_id=Subquery(talk.values("pk")[:1]),
        talk_title=Subquery(talk.values("title")[:1]),
        talk_feedback_count=_count(
            LeaderTalkFeedback.objects.filter(talk__enrolment=OuterRef("pk")), "talk"
        ),
        group_name=Subquery(group.values("name")[:1]),
        group_tasks=Subquery(group.values("tasks")[:1]),
    )


@dataclass
class HomeworkRow:
    """A homework task and whether this participant has done it."""

    homework: Homework
    done: bool


@dataclass
class Steps:
    """A participant's Leder på spring steps (seed 002), as the panel shows them."""

    state: Enrolment
    mailing: PreStartMailing | None
    homework: list[HomeworkRow]

    @property
    def homework_done(self) -> int:
        """How many homework tasks the participant has marked done."""
        return sum(1 for h in self.homework if h.done)


def enrolment_steps(*, enrolment: Enrolment, viewer: Person | None) -> Steps:
    """The participant's steps: mailing received, JTI answered and feedback booked, homework
    per teaching day, leader talk and feedback, network-group tasks. `state` also carries
    `jti_conversation_visible`: True when `viewer` (a Person, or None) may open the JTI feedback
    conversation (`conversations.access.visible_q`; the nearest leader and the chef may not).
    Three queries."""
    visible = visible_exists(viewer, "jti_conversation_id")
    state = (
        annotated_enrolments(enrolment.cohort_id)
        .annotate(jti_conversation_visible=visible)
        .get(pk=enrolment.pk)
    )
    mailing = PreStartMailing.objects.filter(cohort_id=enrolment.cohort_id).first()
    if mailing is not None:
        mailing.cohort = enrolment.cohort  # `mailing.send_time` reads it; saves a query
    homework = list(
        Homework.objects.filter(session__cohort_id=enrolment.cohort_id)
        .select_related("session")
        .annotate(
            done=Exists(HomeworkStatus.objects.filter(homework=OuterRef("pk"), enrolment=enrolment))
        )
        .order_by("session__starts_at", "pk")
    )
    return Steps(
        state=state,
        mailing=mailing,
        homework=[HomeworkRow(h, h.done) for h in homework],
    )


@dataclass
class Overview:
    """The consultant's page of a Leder på spring cohort."""

    cohort: Cohort
    days: list[Session]
    mailing: PreStartMailing | None
    rows: list[Enrolment]
    homework_count: int


def cohort_overview(*, cohort: Cohort) -> Overview:
    """Teaching days with their homework, the mailing with its files and deliveries, and one
    annotated row per seated participant. Five queries."""
    days = list(
        cohort.sessions.filter(kind=Session.Kind.TEACHING_DAY)
        .order_by("starts_at")
        .prefetch_related(Prefetch("homework", queryset=Homework.objects.order_by("pk")))
    )
    mailing = (
        PreStartMailing.objects.filter(cohort=cohort)
        .annotate(delivered=Count("deliveries", distinct=True))
        .prefetch_related("attachments")
        .first()
    )
    rows = list(
        annotated_enrolments(cohort.pk)
        .filter(status__in=Enrolment.SEATED)
        .select_related("person__unit")
        .order_by("person__first_name", "person__last_name")
    )
    return Overview(
        cohort=cohort,
        days=days,
        mailing=mailing,
        rows=rows,
        homework_count=sum(len(d.homework.all()) for d in days),
    )


def cohort_talks(*, cohort_id: int) -> list[LeaderTalk]:
    """The cohort's leader talks with their speakers and teaching day, by speaker name."""
    return list(
        LeaderTalk.objects.filter(
            enrolment__cohort_id=cohort_id, enrolment__status__in=Enrolment.SEATED
        )
        .select_related("enrolment__person", "session")
        .annotate(feedback_count=Count("feedback"))
        .order_by("enrolment__person__first_name", "enrolment__person__last_name")
    )


#: the course certificate's template (the view's PDF and the access export's copy)
CERTIFICATE_TEMPLATE = "clarification/certificate_pdf.html"

#: how many of the teaching days a participant may be registered absent from (absent or
#: excused) and still be given the course certificate. Seed 002 gives no threshold: §7 only says
#: "Dit kursus er nu afsluttet – og du står med et kursusbevis." Ours: the certificate confirms
#: the course ("Uddannelsen består af fem undervisningsdage", §1), so one missed day of five is
#: allowed; a day without registered attendance counts neither way (docs/leder-paa-spring.md).
CERTIFICATE_MAX_DAYS_MISSED = 1


@dataclass(frozen=True)
class CertificateDay:
    """A teaching day as the certificate lists it: `number` 1–5 is its place among the cohort's
    teaching days (seed 002 §5 "1. undervisningsdag" …), `attended` True (registered present),
    False (registered absent or excused) or None (not registered)."""

    number: int
    theme: str
    on: dt.date | None
    attended: bool | None


@dataclass(frozen=True)
class CertificateAttendance:
    """The participant's attendance on the cohort's teaching days, for the certificate."""

    days: list[CertificateDay]

    @property
    def registered(self) -> bool:
        """Attendance was registered for at least one teaching day."""
        return any(d.attended is not None for d in self.days)

    @property
    def attended(self) -> list[CertificateDay]:
        """The days registered as attended, in order."""
        return [d for d in self.days if d.attended]

    @property
    def missed(self) -> int:
        """How many days were registered absent or excused."""
        return sum(1 for d in self.days if d.attended is False)

    @property
    def allows_certificate(self) -> bool:
        """At most `CERTIFICATE_MAX_DAYS_MISSED` days missed."""
        return self.missed <= CERTIFICATE_MAX_DAYS_MISSED


def certificate_attendance(enrolment: Enrolment) -> CertificateAttendance:
    """The five teaching days of `enrolment`'s cohort numbered 1–5 by date, each with the
    participant's registered attendance; for a cohort without teaching-day sessions the
    programme's teaching-day elements (seed 002 §5) without dates or attendance. Two queries."""
    days = list(
        Session.objects.filter(cohort_id=enrolment.cohort_id, kind=Session.Kind.TEACHING_DAY)
        .annotate(
            my_status=Subquery(
                Attendance.objects.filter(session=OuterRef("pk"), enrolment=enrolment).values(
                    "status"
                )[:1]
            )
        )
        .order_by("starts_at")
    )
    if days:
        return CertificateAttendance(
            [
                CertificateDay(
                    number=n,
                    theme=d.theme,
                    on=timezone.localdate(d.starts_at),
                    attended=None
                    if d.my_status is None
                    else d.my_status == Attendance.Status.PRESENT,
                )
                for n, d in enumerate(days, start=1)
            ]
        )
    elements = services.teaching_day_elements(enrolment.cohort)
    return CertificateAttendance(
        [
            CertificateDay(number=n, theme=e.theme or e.name, on=None, attended=None)
            for n, e in enumerate(elements, start=1)
        ]
    )


def certificate_context(enrolment: Enrolment) -> dict[str, Any]:
    """The course certificate's template context for a completed `enrolment`: `attendance`
    (`certificate_attendance`: the days numbered 1–5, attended or not), the consultants,
    today's date, `texts` (the editable description, `editable.CERTIFICATE_TEXT`). Four queries."""
    text = get_text(CERTIFICATE_TEXT)
    values = {"enrolment": enrolment}
    return {
        "enrolment": enrolment,
        # the description HR edits on the "Tekster" page (issue #16 §1), filled for `enrolment`
        "texts": filled(text, live(text), context_values(text, values)),
        "attendance": certificate_attendance(enrolment),
        "consultants": list(enrolment.cohort.consultants.order_by("first_name")),
        "today": timezone.localdate(),
    }


def certificate_filename(enrolment: Enrolment) -> str:
    """The certificate's file name, e.g. "kursusbevis-anna-jensen.pdf"."""
    return f"kursusbevis-{slugify(enrolment.person.full_name) or 'deltager'}.pdf"


#: the questions of the conversation before the course whose shared answers are the learning
#: goals (seed 002 §3 "Læringsmål for kurset", templates.toml `leader_before`); §8 carries them
#: into the closing conversation: "Kig sammen på de opsatte læringsmål og tal om, hvordan det er
#: gået."
GOAL_QUESTION_IDS = ("course_goals", "personal_goals", "leader_support")


@dataclass(frozen=True)
class LearningGoals:
    """The learning goals written in the shared record of the conversation before the course:
    `conversation` (kind leader_before) and `goals` as (question text, answer) pairs, in the
    template's order, unanswered questions left out (empty when none is answered yet)."""

    conversation: Conversation
    goals: list[tuple[str, str]]


def learning_goals(*, enrolment_id: int, viewer: Person | None) -> LearningGoals | None:
    """The learning goals of enrolment `enrolment_id` from its newest not cancelled conversation
    before the course (`ConversationKind.LEADER_BEFORE`) that `viewer` may see
    (`conversations.access.visible_q`: its attendees — the participant and the nearest leader;
    not the chef, the consultants or a host). Only the shared record (`answers`), never anyone's
    private preparation. None when there is no such conversation or no viewer. One query."""
    if viewer is None:
        return None
    conversation = (
        Conversation.objects.filter(
            visible_q(viewer), enrolment_id=enrolment_id, kind=ConversationKind.LEADER_BEFORE
        )
        .exclude(status=ConversationStatus.CANCELLED)
        .select_related("template_version")
        .order_by("-starts_at", "-pk")
        .first()
    )
    if conversation is None:
        return None
    goals = [
        (q["text"], conversation.answers[q["id"]].strip())
        for q in conversation.template_version.questions
        if q["id"] in GOAL_QUESTION_IDS and conversation.answers.get(q["id"], "").strip()
    ]
    return LearningGoals(conversation, goals)
