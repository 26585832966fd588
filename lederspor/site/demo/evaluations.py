"""Evaluations in the demo (issue #13 §2): every cohort that exists when the rest of the demo is
built gets questionnaires from the ready templates for its ended teaching days, network
meetings and take-off, and — if it has ended — for the programme's end (participants and
nearest leaders). They were sent when the session ended; 60–85 % of the invited answered,
with answers drawn from `random.Random(seed)`.

Generic over whatever cohorts exist (past years' cohorts included), so it runs last in
`build_demo`. For speed, invitations, responses and answers are bulk-created at the moment the
questionnaire was sent (no mails are queued for the past); the questionnaire itself is made by
`questionnaire_create` at its story moment, and its sending is audited like the worker does.

Two showcases: one questionnaire with fewer than 5 answers (the small-number rule, "< 5"),
and one still open for `open_for` (the demo aspirant) to answer from the programme page.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from lederspor.core.audit import audit_record
from lederspor.evaluations.audit import EvaluationAction
from lederspor.evaluations.models import (
    Answer,
    Audience,
    Invitation,
    Moment,
    Question,
    QuestionKind,
    Questionnaire,
    QuestionnaireTemplate,
    Response,
)
from lederspor.evaluations.services import (
    OPEN_DAYS,
    new_token,
    questionnaire_create,
    recipients,
)
from lederspor.people.models import Person
from lederspor.people.roles import login_of
from lederspor.programmes.models import Cohort, Enrolment, Session
from lederspor.site.demo.story import Story

#: session kinds that get an evaluation in the demo
EVALUATED_KINDS = (
    Session.Kind.TEACHING_DAY,
    Session.Kind.NETWORK_MEETING,
    Session.Kind.TAKE_OFF,
)
#: weights of the answers 1..5 of a scale question (most participants are content)
SCALE_WEIGHTS = (1, 2, 6, 10, 7)
#: free-text answers the demo draws from
TEXTS = (
    "Godt at høre de andres erfaringer.",
    "Mere tid til refleksion i grupperne.",
    "Oplægget var meget relevant for min hverdag.",
    "Jeg savnede flere konkrete eksempler.",
    "Netværksgruppen er det bedste ved forløbet.",
    "Jeg har fået mod på at søge et lederjob.",
    "Tydeligere rammer for hjemmeopgaverne.",
    "Rigtig god dag, tak.",
)
#: the answer rate is drawn in this range for each questionnaire
RATE = (0.6, 0.85)
#: the showcase of the small-number rule gets this many answers
SMALL = 3
#: ... on the first questionnaire sent to fewer than this many (a small group, where the rule
#: bites in practice; a big group answering 3 of 12 would misrepresent the answer rates)
SMALL_GROUP = 10


def _template_for(
    templates: Sequence[QuestionnaireTemplate], kind: str, session: Session | None, audience: str
) -> QuestionnaireTemplate | None:
    """The programme's own template for the session kind (or the programme end and audience),
    else the general one for a session."""
    moment = Moment.SESSION if session is not None else Moment.PROGRAMME_END
    fitting = [
        t
        for t in templates
        if t.moment == moment
        and t.audience == audience
        and t.programme_kind in (kind, "")
        and (session is None or not t.session_kinds or session.kind in t.session_kinds)
    ]
    own = [t for t in fitting if t.programme_kind == kind]
    if session is not None and session.kind == Session.Kind.TAKE_OFF and not own:
        return None
    chosen = own or fitting
    return chosen[0] if chosen else None


def _answer(question: Question, rng: random.Random, response: Response) -> Answer | None:
    if question.kind == QuestionKind.SCALE:
        scale = rng.choices(range(1, 6), weights=SCALE_WEIGHTS)[0]
        return Answer(response=response, question=question, scale=scale)
    if question.kind == QuestionKind.SINGLE:
        return Answer(response=response, question=question, choices=[rng.choice(question.choices)])
    if question.kind == QuestionKind.MULTIPLE:
        k = rng.randint(1, min(3, len(question.choices)))
        chosen = set(rng.sample(question.choices, k))
        return Answer(
            response=response,
            question=question,
            choices=[c for c in question.choices if c in chosen],
        )
    if question.required or rng.random() < 0.6:
        return Answer(response=response, question=question, text=rng.choice(TEXTS))
    return None


class _Builder:
    def __init__(self, story: Story, rng: random.Random, open_for: Person | None) -> None:
        self.story, self.rng, self.open_for = story, rng, open_for
        self.small_done = False
        self.templates = list(QuestionnaireTemplate.objects.prefetch_related("questions"))

    def cohort(self, cohort: Cohort, showcase_session: Session | None) -> None:
        consultant = next(iter(cohort.consultants.all()), None)
        if consultant is None or consultant.user_id is None:
            return
        kind = cohort.programme.kind
        for session in cohort.sessions.all():
            if session.kind not in EVALUATED_KINDS or session.ends_at >= self.story.now:
                continue
            template = _template_for(self.templates, kind, session, Audience.PARTICIPANT)
            if template is not None:
                self.questionnaire(
                    cohort, template, session, consultant, session == showcase_session
                )
        if cohort.ends_on < self.story.today:
            for audience in (Audience.PARTICIPANT, Audience.LEADER):
                template = _template_for(self.templates, kind, None, audience)
                if template is not None:
                    self.questionnaire(cohort, template, None, consultant, False)

    def draft(self, session: Session) -> None:
        """Make `session`'s participant questionnaire now (story time) and leave it a draft."""
        consultant = session.cohort.consultants.exclude(user=None).order_by("pk").first()
        kind = session.cohort.programme.kind
        template = _template_for(self.templates, kind, session, Audience.PARTICIPANT)
        if consultant is None or template is None:
            return
        by = login_of(consultant)
        self.story.do(
            self.story.now,
            lambda: questionnaire_create(
                cohort=session.cohort, template=template, session=session, anonymous=True, by=by
            ),
        )

    def questionnaire(
        self,
        cohort: Cohort,
        template: QuestionnaireTemplate,
        session: Session | None,
        consultant: Person,
        showcase: bool,
    ) -> None:
        by = login_of(consultant)
        if session is not None:
            made_at = session.starts_at - dt.timedelta(days=7)
        else:
            made_at = timezone.make_aware(
                dt.datetime.combine(cohort.ends_on - dt.timedelta(days=7), dt.time(9))
            )
        q = self.story.do(
            made_at,
            lambda: questionnaire_create(
                cohort=cohort, template=template, session=session, anonymous=True, by=by
            ),
        )
        if q.send_at >= self.story.now:
            return
        self.story.do(q.send_at, lambda: self.send(q, showcase))

    def send(self, q: Questionnaire, showcase: bool) -> None:
        """Send `q` now (story time) as the worker does and let the invited answer."""
        rng, now, today = self.rng, timezone.now(), self.story.today
        people = recipients(q)
        closes_on = q.closes_on
        if showcase:  # still open for the demo aspirant to answer
            closes_on = max(closes_on, today + dt.timedelta(days=OPEN_DAYS // 2))
        reminded = q.reminder_at < self.story.now
        closed = closes_on < today
        invitations = Invitation.objects.bulk_create(
            Invitation(
                questionnaire=q,
                person=p,
                token_hash=new_token()[1],
                sent_at=now,
                reminded_at=q.reminder_at if reminded else None,
            )
            for p in people
        )
        audit_record(
            actor=None, action=EvaluationAction.QUESTIONNAIRE_SEND, obj=q, invited=len(people)
        )
        candidates = [
            i
            for i in invitations
            if not (showcase and self.open_for and i.person_id == self.open_for.pk)
        ]
        rng.shuffle(candidates)
        if not self.small_done and SMALL <= len(candidates) < SMALL_GROUP:
            count, self.small_done = SMALL, True
        else:
            count = round(len(candidates) * rng.uniform(*RATE))
        answering = candidates[:count]
        questions = q.questions.all()
        days = max(1, (min(closes_on, today) - timezone.localdate(q.send_at)).days)
        answered_on = {
            i.pk: timezone.localdate(q.send_at) + dt.timedelta(days=rng.randrange(days))
            for i in answering
        }
        responses = Response.objects.bulk_create(
            Response(questionnaire=q, submitted_on=answered_on[i.pk]) for i in answering
        )
        answers = [
            a for r in responses for question in questions if (a := _answer(question, rng, r))
        ]
        Answer.objects.bulk_create(answers)
        for i in answering:
            i.answered_on = answered_on[i.pk]
        Invitation.objects.bulk_update(answering, ["answered_on"])
        Questionnaire.objects.filter(pk=q.pk).update(
            status=Questionnaire.Status.CLOSED if closed else Questionnaire.Status.SENT,
            sent_at=now,
            reminded_at=q.reminder_at if reminded else None,
            closes_on=closes_on,
        )


def build_evaluations(*, story: Story, rng: random.Random, open_for: Person | None) -> None:
    """Questionnaires, invitations and answers for every cohort in the database (run last in
    `build_demo`). `open_for`: the person (the demo aspirant) who keeps one open, unanswered
    questionnaire: the newest ended session's of a cohort they are seated on."""
    builder = _Builder(story, rng, open_for)
    showcase: Session | None = None
    if open_for is not None:
        showcase = (
            Session.objects.filter(
                cohort__enrolments__person=open_for,
                cohort__enrolments__status__in=Enrolment.SEATED,
                kind__in=EVALUATED_KINDS,
                ends_at__lt=story.now,
            )
            .order_by("-ends_at")
            .first()
        )
    cohorts = (
        Cohort.objects.select_related("programme")
        .prefetch_related("consultants__user", "sessions")
        .order_by("starts_on", "pk")
    )
    for cohort in cohorts:
        builder.cohort(cohort, showcase)
    # a draft the consultants still have to send ("Venter på dig", issue #16 §2): the
    # questionnaire of the soonest coming evaluated session, made but not yet scheduled
    coming = (
        Session.objects.filter(kind__in=EVALUATED_KINDS, starts_at__gte=story.now)
        .select_related("cohort__programme")
        .order_by("starts_at", "pk")
        .first()
    )
    if coming is not None:
        builder.draft(coming)
