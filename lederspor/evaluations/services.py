"""Writes of evaluations (issue #13 §2): create a questionnaire from a template, edit it while a
draft, schedule it, the worker's sending and one reminder, answering, closing.

Every function runs in one transaction and records one audit row per state change
(`audit.EvaluationAction`); mails are queued with `notifications.services.email_send` and the
worker's tasks (`tasks.py`) are enqueued when the transaction commits.

Anonymity: `response_submit` stores an anonymous questionnaire's answers without a person and
with only the date; the invitation gets `answered_on` (a date) through a queryset update, so
not even its `updated_at` records the moment. The audit row of an anonymous answer has no actor.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.core.tokens import token_hash
from lederspor.evaluations.audit import EvaluationAction
from lederspor.evaluations.models import (
    CHOICE_KINDS,
    SCALE_MAX,
    SCALE_MIN,
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
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person
from lederspor.people.roles import person_for_user
from lederspor.programmes.models import Cohort, Enrolment, Session

#: days after sending that the one reminder goes out
REMINDER_DAYS = 4
#: days after sending that a questionnaire stops taking answers
OPEN_DAYS = 14
#: local hour a programme-end questionnaire is sent on the cohort's last day
PROGRAMME_END_HOUR = 16
SENT, SKIPPED = "sent", "skipped"


# --- tokens ----------------------------------------------------------------------------------


def new_token() -> tuple[str, str]:
    """A fresh random URL-safe token (32 bytes of entropy) and its hash."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def answer_url(token: str) -> str:
    """The absolute link to the answer page that a mail carries for `token`."""
    return absolute_url(reverse("evaluations:answer_token", args=[token]))


# --- defaults --------------------------------------------------------------------------------


def default_times(
    *, cohort: Cohort, session: Session | None
) -> tuple[dt.datetime, dt.datetime, dt.date]:
    """(send_at, reminder_at, closes_on) for a new questionnaire: sent when the session ends
    (a programme-end one at 16:00 local time on the cohort's `ends_on`), the reminder
    `REMINDER_DAYS` later, closing `OPEN_DAYS` after sending."""
    if session is not None:
        send_at = session.ends_at
    else:
        send_at = timezone.make_aware(
            dt.datetime.combine(cohort.ends_on, dt.time(PROGRAMME_END_HOUR))
        )
    reminder_at = send_at + dt.timedelta(days=REMINDER_DAYS)
    closes_on = timezone.localdate(send_at) + dt.timedelta(days=OPEN_DAYS)
    return send_at, reminder_at, closes_on


def recipients(questionnaire: Questionnaire) -> list[Person]:
    """Who is invited: the cohort's seated participants (enrolled or completed), or for the
    leader audience their distinct nearest leaders. One query, ordered by name."""
    seated = Enrolment.objects.filter(
        cohort_id=questionnaire.cohort_id, status__in=Enrolment.SEATED
    )
    if questionnaire.audience == Audience.LEADER:
        people = Person.objects.filter(
            pk__in=seated.exclude(person__manager=None).values("person__manager")
        )
    else:
        people = Person.objects.filter(pk__in=seated.values("person"))
    return list(people.select_related("user").order_by("first_name", "last_name", "pk"))


# --- creating and editing --------------------------------------------------------------------


def _require_draft(questionnaire: Questionnaire) -> None:
    if questionnaire.status != Questionnaire.Status.DRAFT:
        raise ValidationError(
            _("Evalueringen er sendt eller planlagt og kan ikke længere ændres."), code="status"
        )


@transaction.atomic
def questionnaire_create(
    *,
    cohort: Cohort,
    template: QuestionnaireTemplate,
    session: Session | None = None,
    anonymous: bool = True,
    by: User,
) -> Questionnaire:
    """Create a draft questionnaire for `cohort` from `template`, its questions copied (keys
    kept). A session template needs one of the cohort's sessions; a programme-end template
    none. Times default from `default_times`. The caller checked `by` is a consultant of the
    cohort or HR staff (`programmes.access.get_cohort_for`).

    Raises ValidationError (Danish) when the template belongs to another programme, or the
    session is missing, extra or of another cohort.
    """
    if template.programme_kind and template.programme_kind != cohort.programme.kind:
        raise ValidationError({"template": _("Skabelonen hører til et andet forløb.")})
    if template.moment == Moment.SESSION:
        if session is None:
            raise ValidationError({"session": _("Vælg den mødegang, evalueringen gælder.")})
        if session.cohort_id != cohort.pk:
            raise ValidationError({"session": _("Mødegangen hører ikke til holdet.")})
    elif session is not None:
        raise ValidationError(
            {"session": _("En evaluering ved forløbets afslutning hører ikke til en mødegang.")}
        )
    send_at, reminder_at, closes_on = default_times(cohort=cohort, session=session)
    title = f"{template.name} – {session.theme}" if session is not None else template.name
    creator = person_for_user(by)
    questionnaire = Questionnaire(
        cohort=cohort,
        session=session,
        template=template,
        moment=template.moment,
        audience=template.audience,
        title=title[:200],
        anonymous=anonymous,
        created_by=creator,
        send_at=send_at,
        reminder_at=reminder_at,
        closes_on=closes_on,
    )
    questionnaire.full_clean()
    questionnaire.save()
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            order=q.order,
            key=q.key,
            kind=q.kind,
            text=q.text,
            choices=list(q.choices),
            required=q.required,
        )
        for q in template.questions.all()
    )
    audit_record(
        actor=by,
        action=EvaluationAction.QUESTIONNAIRE_CREATE,
        obj=questionnaire,
        summary=questionnaire.title,
        template=template.key,
        session=session.pk if session else None,
    )
    return questionnaire


def _times_check(send_at: dt.datetime, reminder_at: dt.datetime, closes_on: dt.date) -> None:
    if reminder_at <= send_at:
        raise ValidationError({"reminder_at": _("Påmindelsen skal sendes efter evalueringen.")})
    if closes_on < timezone.localdate(reminder_at):
        raise ValidationError({"closes_on": _("Evalueringen kan ikke lukke før påmindelsen.")})


def _bump(questionnaire: Questionnaire, expected_version: int) -> Questionnaire:
    locked = lock_version(questionnaire, expected_version)
    _require_draft(locked)
    return locked


@transaction.atomic
def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    expected_version: int,
    title: str,
    anonymous: bool,
    send_at: dt.datetime,
    reminder_at: dt.datetime,
    closes_on: dt.date,
    by: User,
) -> Questionnaire:
    """Change a draft's title, anonymity and times. Raises ConcurrentEditError (stale) and
    ValidationError (not a draft; reminder before sending; closing before the reminder)."""
    locked = _bump(questionnaire, expected_version)
    _times_check(send_at, reminder_at, closes_on)
    locked.title, locked.anonymous = title.strip(), anonymous
    locked.send_at, locked.reminder_at, locked.closes_on = send_at, reminder_at, closes_on
    locked.full_clean()
    locked.save(
        update_fields=[
            "title",
            "anonymous",
            "send_at",
            "reminder_at",
            "closes_on",
            "version",
            "updated_at",
        ]
    )
    audit_record(
        actor=by, action=EvaluationAction.QUESTIONNAIRE_EDIT, obj=locked, change="settings"
    )
    return locked


def clean_choices(kind: str, choices: Iterable[str]) -> list[str]:
    """The options of a choice question: trimmed, blank lines dropped. Raises ValidationError
    (field "choices") when a choice question has fewer than two or repeats one."""
    cleaned = [c.strip() for c in choices if c.strip()]
    if kind not in CHOICE_KINDS:
        return []
    if len(cleaned) < 2:
        raise ValidationError({"choices": _("Skriv mindst to svarmuligheder, én pr. linje.")})
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError({"choices": _("Den samme svarmulighed står to gange.")})
    return cleaned


@transaction.atomic
def question_add(
    *,
    questionnaire: Questionnaire,
    expected_version: int,
    kind: str,
    text: str,
    choices: Iterable[str] = (),
    required: bool = True,
    by: User,
) -> Question:
    """Add a question at the end of a draft; its key is made from the text (unique in the
    questionnaire). Raises ConcurrentEditError and ValidationError (not a draft; fewer than two
    choices)."""
    locked = _bump(questionnaire, expected_version)
    options = clean_choices(kind, choices)
    existing = set(locked.questions.values_list("key", flat=True))
    base = slugify(text)[:50] or "spoergsmaal"
    key, n = base, 2
    while key in existing:
        key, n = f"{base}-{n}", n + 1
    last = locked.questions.aggregate(m=Max("order"))["m"] or 0
    question = Question(
        questionnaire=locked,
        order=last + 1,
        key=key,
        kind=kind,
        text=text.strip(),
        choices=options,
        required=required,
    )
    question.full_clean()
    question.save()
    locked.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by, action=EvaluationAction.QUESTIONNAIRE_EDIT, obj=locked, change="add", key=key
    )
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    expected_version: int,
    text: str,
    choices: Iterable[str] = (),
    required: bool = True,
    by: User,
) -> Question:
    """Change a draft's question text, options and whether it must be answered (its key and
    kind stay, so results still group). Raises ConcurrentEditError and ValidationError."""
    locked = _bump(question.questionnaire, expected_version)
    question.text, question.required = text.strip(), required
    question.choices = clean_choices(question.kind, choices)
    question.full_clean()
    question.save(update_fields=["text", "choices", "required", "updated_at"])
    locked.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by,
        action=EvaluationAction.QUESTIONNAIRE_EDIT,
        obj=locked,
        change="update",
        key=question.key,
    )
    return question


@transaction.atomic
def question_remove(*, question: Question, expected_version: int, by: User) -> Questionnaire:
    """Remove a question from a draft. Raises ConcurrentEditError and ValidationError."""
    locked = _bump(question.questionnaire, expected_version)
    key = question.key
    question.delete()
    locked.save(update_fields=["version", "updated_at"])
    audit_record(
        actor=by, action=EvaluationAction.QUESTIONNAIRE_EDIT, obj=locked, change="remove", key=key
    )
    return locked


# --- sending ---------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_schedule(
    *, questionnaire: Questionnaire, expected_version: int, by: User
) -> Questionnaire:
    """Draft → scheduled: the worker sends the invitations at `send_at` (at once if that has
    passed) and the reminder at `reminder_at`. Raises ConcurrentEditError and ValidationError
    (not a draft; no questions; it would close before today)."""
    from lederspor.evaluations.tasks import questionnaire_send_schedule

    locked = _bump(questionnaire, expected_version)
    if not locked.questions.exists():
        raise ValidationError(_("Evalueringen har ingen spørgsmål."), code="empty")
    if locked.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("Lukkedatoen er passeret. Vælg en senere dato.")}, code="closed"
        )
    locked.status = Questionnaire.Status.SCHEDULED
    locked.save(update_fields=["status", "version", "updated_at"])
    questionnaire_send_schedule(locked)
    audit_record(
        actor=by,
        action=EvaluationAction.QUESTIONNAIRE_SCHEDULE,
        obj=locked,
        send_at=locked.send_at.isoformat(),
    )
    return locked


def _mail_context(questionnaire: Questionnaire, tokens: Mapping[int, str]) -> Any:
    def context(person: Person) -> dict[str, Any]:
        return {
            "questionnaire": questionnaire,
            "cohort": questionnaire.cohort,
            "session": questionnaire.session,
            "url": answer_url(tokens[person.pk]),
        }

    return context


@transaction.atomic
def questionnaire_send(*, questionnaire_id: int, send_at: str) -> str:
    """The worker's sending (task `tasks.questionnaire_send`): create one invitation with a
    fresh token per recipient (`recipients`) and mail each their link (mail
    `evaluations/email/invitation`: the subject names the programme and session, nothing
    else), mark the questionnaire sent and enqueue its reminder. `send_at`: ISO datetime the
    task was scheduled for. Returns "sent", or "skipped" when it is gone, no longer scheduled or
    its time was moved. Audit "questionnaire.send" (no actor: the worker)."""
    from lederspor.evaluations.tasks import questionnaire_remind_schedule

    questionnaire = (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "session")
        .filter(pk=questionnaire_id)
        .first()
    )
    if (
        questionnaire is None
        or questionnaire.status != Questionnaire.Status.SCHEDULED
        or questionnaire.send_at.isoformat() != send_at
    ):
        return SKIPPED
    now = timezone.now()
    invited = set(questionnaire.invitations.values_list("person_id", flat=True))
    people = [p for p in recipients(questionnaire) if p.pk not in invited]
    tokens: dict[int, str] = {}
    invitations = []
    for person in people:
        token, digest = new_token()
        tokens[person.pk] = token
        invitations.append(
            Invitation(questionnaire=questionnaire, person=person, token_hash=digest, sent_at=now)
        )
    Invitation.objects.bulk_create(invitations)
    email_send(
        to=people,
        template="evaluations/email/invitation",
        context=_mail_context(questionnaire, tokens),
        kind="evaluations.invitation",
        about=questionnaire,
        cohort_id=questionnaire.cohort_id,
    )
    questionnaire.status = Questionnaire.Status.SENT
    questionnaire.sent_at = now
    questionnaire.version += 1  # a form opened before sending is stale now
    questionnaire.save(update_fields=["status", "sent_at", "version", "updated_at"])
    questionnaire_remind_schedule(questionnaire)
    audit_record(
        actor=None,
        action=EvaluationAction.QUESTIONNAIRE_SEND,
        obj=questionnaire,
        invited=len(people),
    )
    return SENT


@transaction.atomic
def questionnaire_remind(*, questionnaire_id: int, reminder_at: str) -> str:
    """The worker's one reminder (task `tasks.questionnaire_remind`): to each invited person
    who has not answered, a mail (`evaluations/email/reminder`) with a fresh link (its token's
    hash in `reminder_token_hash`; the first link still works). Returns "sent", or "skipped"
    when it is gone, not sent, closed, already reminded or its time was moved. Audit
    "questionnaire.remind" (no actor) with the number reminded, never who."""
    questionnaire = (
        Questionnaire.objects.select_for_update(of=("self",))
        .select_related("cohort__programme", "session")
        .filter(pk=questionnaire_id)
        .first()
    )
    if (
        questionnaire is None
        or questionnaire.status != Questionnaire.Status.SENT
        or questionnaire.reminded_at is not None
        or questionnaire.reminder_at.isoformat() != reminder_at
        or questionnaire.closes_on < timezone.localdate()
    ):
        return SKIPPED
    now = timezone.now()
    open_invitations = list(
        questionnaire.invitations.filter(answered_on=None, reminded_at=None).select_related(
            "person__user"
        )
    )
    tokens: dict[int, str] = {}
    for invitation in open_invitations:
        token, digest = new_token()
        tokens[invitation.person_id] = token
        invitation.reminder_token_hash, invitation.reminded_at = digest, now
    Invitation.objects.bulk_update(open_invitations, ["reminder_token_hash", "reminded_at"])
    email_send(
        to=[i.person for i in open_invitations],
        template="evaluations/email/reminder",
        context=_mail_context(questionnaire, tokens),
        kind="evaluations.reminder",
        about=questionnaire,
        cohort_id=questionnaire.cohort_id,
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(reminded_at=now)
    audit_record(
        actor=None,
        action=EvaluationAction.QUESTIONNAIRE_REMIND,
        obj=questionnaire,
        reminded=len(open_invitations),
    )
    return SENT


@transaction.atomic
def questionnaire_close(*, questionnaire: Questionnaire, by: User) -> Questionnaire:
    """Close a scheduled or sent questionnaire: no more answers, no reminder, and a scheduled
    one is never sent. Raises ValidationError when it is a draft or already closed."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.status not in (Questionnaire.Status.SCHEDULED, Questionnaire.Status.SENT):
        raise ValidationError(_("Kun en planlagt eller sendt evaluering kan lukkes."))
    old = locked.status
    locked.status = Questionnaire.Status.CLOSED
    locked.version += 1
    locked.save(update_fields=["status", "version", "updated_at"])
    audit_record(actor=by, action=EvaluationAction.QUESTIONNAIRE_CLOSE, obj=locked, old=old)
    return locked


# --- answering -------------------------------------------------------------------------------


def answer_field(question: Question) -> str:
    """The form field name of `question` on the answer page."""
    return f"q_{question.key}"


def is_open(questionnaire: Questionnaire) -> bool:
    """Whether `questionnaire` takes answers now: sent and not past `closes_on`."""
    return (
        questionnaire.status == Questionnaire.Status.SENT
        and questionnaire.closes_on >= timezone.localdate()
    )


def _clean_answer(question: Question, raw: Any) -> Answer | None:
    """The unsaved Answer for `raw` (a str, or a list for multiple choice), or None for a
    blank optional one. Raises ValidationError on the question's field."""
    name = answer_field(question)
    values = [v for v in (raw if isinstance(raw, list | tuple) else [raw]) if v not in (None, "")]
    values = [str(v).strip() for v in values if str(v).strip()]
    if not values:
        if question.required:
            raise ValidationError({name: _("Besvar venligst spørgsmålet.")})
        return None
    if question.kind == QuestionKind.SCALE:
        try:
            scale = int(values[0])
        except ValueError:
            scale = 0
        if len(values) != 1 or not SCALE_MIN <= scale <= SCALE_MAX:
            raise ValidationError({name: _("Vælg et tal fra 1 til 5.")})
        return Answer(question=question, scale=scale)
    if question.kind in CHOICE_KINDS:
        if any(v not in question.choices for v in values) or (
            question.kind == QuestionKind.SINGLE and len(values) != 1
        ):
            raise ValidationError({name: _("Vælg blandt svarmulighederne.")})
        ordered = [c for c in question.choices if c in values]
        return Answer(question=question, choices=ordered)
    text = values[0][:5000]
    return Answer(question=question, text=text)


@transaction.atomic
def response_submit(
    *, invitation: Invitation, values: Mapping[str, Any], by: User
) -> Response | None:
    """Store `by`'s answers to the questionnaire of `invitation` (theirs: the view checked).

    `values`: form field name (`answer_field`) → str, or list of str for multiple choice.
    An anonymous questionnaire's `Response` has no person and only today's date; the
    invitation gets `answered_on` (a date) and nothing else. Returns the Response (None is
    never returned; the type allows a caller's "nothing saved" branch).

    Raises ValidationError (Danish): already answered, closed (or past `closes_on`), or a
    field error per question (required, outside 1–5, not one of the options). Nothing is
    saved then.
    """
    locked = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("questionnaire")
        .get(pk=invitation.pk)
    )
    questionnaire = locked.questionnaire
    if locked.answered_on is not None:
        raise ValidationError(_("Du har allerede besvaret evalueringen."), code="answered")
    if not is_open(questionnaire):
        raise ValidationError(_("Evalueringen er lukket for besvarelser."), code="closed")
    questions = list(questionnaire.questions.all())
    answers: list[Answer] = []
    errors: dict[str, list[ValidationError]] = {}
    for question in questions:
        try:
            answer = _clean_answer(question, values.get(answer_field(question)))
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(ValidationError(m) for m in messages)
            continue
        if answer is not None:
            answers.append(answer)
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    response = Response.objects.create(
        questionnaire=questionnaire,
        person=None if questionnaire.anonymous else locked.person,
        submitted_on=today,
    )
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    # an update, not save(): the row's updated_at must not record the moment of answering
    Invitation.objects.filter(pk=locked.pk).update(answered_on=today)
    audit_record(
        actor=None if questionnaire.anonymous else by,
        action=EvaluationAction.QUESTIONNAIRE_ANSWER,
        obj=questionnaire,
        anonymous=questionnaire.anonymous,
    )
    return response
