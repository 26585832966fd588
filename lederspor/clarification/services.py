"""Writes for 'Leder på spring' (seed 002). One transaction and one audit row per change
(STYLE.md §3); a change of the mailing, a leader talk or talk feedback requires the version its
form was loaded with (`core.concurrency.lock_version`).
"""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.clarification.audit import ClarificationAction
from lederspor.clarification.models import (
    MAX_ATTACHMENT_BYTES,
    TALK_ASPECTS,
    Homework,
    HomeworkStatus,
    JtiRecord,
    LeaderTalk,
    LeaderTalkFeedback,
    MailingAttachment,
    PreStartMailing,
)
from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.core.uploads import UploadLimits, check_file_size
from lederspor.programmes.models import Cohort, Element, Enrolment, ProgrammeKind, Session
from lederspor.programmes.services import session_create

#: the seed's sentence behind the mailing (seed 002 §1)
MAILING_SEED_TEXT = (
    "Cirka 14 dage før kursusstart modtager du pr. mail nogle artikler samt et link til "
    "besvarelse af JTI analysen."
)
DEFAULT_SUBJECT = "Leder på spring: artikler og link til JTI-analysen"
DEFAULT_BODY = (
    "Kære deltager\n\n"
    "Du skal snart begynde på lederafklaringsforløbet ’Leder på spring’. Som lovet i guiden "
    "til forløbet får du her nogle artikler og et link til besvarelse af JTI analysen "
    "(Jungs Type Indikator).\n\n"
    "Læs artiklerne inden første undervisningsdag, og besvar JTI-analysen i god tid. Når du "
    "har besvaret den, kan du markere det under “Mit forløb” i Lederspor. På 2. "
    "undervisningsdag deltager du i en individuel tilbagemeldingssamtale med fokus på at "
    "klarlægge dine præferencer og dine mulige udviklingsområder.\n\n"
    "Husk også at tage initiativ til samtalen med din nærmeste leder, inden forløbet "
    "begynder.\n\n"
    "Vi glæder os til at se dig."
)


def require_clarification(cohort: Cohort) -> None:
    """Raise ValidationError unless `cohort` runs 'Leder på spring' (ProgrammeKind.CLARIFICATION)."""
    if cohort.programme.kind != ProgrammeKind.CLARIFICATION:
        raise ValidationError(_("Holdet kører ikke forløbet Leder på spring."))


# --- teaching days (seed 002 §5) ---------------------------------------------------------------


def teaching_day_elements(cohort: Cohort) -> list[Element]:
    """The programme's teaching-day elements in order (five for seed 002 §5); each has the
    seed's `name` ("1. undervisningsdag"), `theme` and `description` word for word."""
    return list(
        Element.objects.filter(phase__programme_id=cohort.programme_id, kind="teaching_day")
        .select_related("phase")
        .order_by("phase__order", "order")
    )


@transaction.atomic
def teaching_days_create(
    *,
    cohort: Cohort,
    dates: list[dt.date],
    starts: dt.time,
    ends: dt.time,
    place: str,
    by: User,
) -> list[Session]:
    """Create the programme's teaching days (*undervisningsdage*, seed 002 §5) as Sessions of
    kind teaching_day, one per date in `dates` (local dates, strictly increasing, one per
    element), each from `starts` to `ends` local time at `place`. Theme and description come
    word for word from the programme's elements.

    Raises ValidationError (Danish) when the cohort is not Leder på spring, already has teaching
    days, the number of dates is wrong, the dates are not in order, the times are reversed or a
    date lies outside the cohort's period. Returns the sessions in order.
    """
    require_clarification(cohort)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if cohort.sessions.filter(kind=Session.Kind.TEACHING_DAY).exists():
        raise ValidationError(_("Holdet har allerede undervisningsdage."))
    elements = teaching_day_elements(cohort)
    if len(dates) != len(elements):
        raise ValidationError(
            _("Angiv en dato for hver af de %(n)d undervisningsdage.") % {"n": len(elements)}
        )
    if ends <= starts:
        raise ValidationError({"ends": _("Sluttidspunktet skal ligge efter starttidspunktet.")})
    if any(b <= a for a, b in itertools.pairwise(dates)):
        raise ValidationError(_("Undervisningsdagene skal ligge i rækkefølge på hver sin dato."))
    sessions = []
    for element, day in zip(elements, dates, strict=True):
        sessions.append(
            session_create(
                cohort=cohort,
                kind=Session.Kind.TEACHING_DAY,
                theme=element.theme or element.name,
                starts_at=timezone.make_aware(dt.datetime.combine(day, starts)),
                ends_at=timezone.make_aware(dt.datetime.combine(day, ends)),
                place=place.strip(),
                description=element.description,
                by=by,
            )
        )
    audit_record(actor=by, action=ClarificationAction.TEACHING_DAYS, obj=cohort, n=len(sessions))
    return sessions


def teaching_days(cohort: Cohort) -> list[Session]:
    """The cohort's teaching days in time order."""
    return list(cohort.sessions.filter(kind=Session.Kind.TEACHING_DAY).order_by("starts_at"))


# --- the mailing 14 days before the start (seed 002 §1) ---------------------------------------


def mailing_initial(cohort: Cohort) -> PreStartMailing:
    """An unsaved mailing for `cohort` with the default subject and text written from seed 002
    §1."""
    return PreStartMailing(cohort=cohort, subject=DEFAULT_SUBJECT, body=DEFAULT_BODY)


def _check_links(article_links: str) -> None:
    probe = PreStartMailing(article_links=article_links)
    bad = [url for _title, url in probe.links() if not url.startswith(("http://", "https://"))]
    if bad:
        raise ValidationError(
            {
                "article_links": _("Linket “%(url)s” skal begynde med https:// eller http://.")
                % {"url": bad[0]}
            }
        )


def _mailing_set(
    mailing: PreStartMailing,
    *,
    subject: str,
    body: str,
    jti_url: str,
    article_links: str,
    days_before: int,
) -> None:
    """Check the mailing's fields and set them on `mailing` (not saved). Raises ValidationError
    (Danish) on an empty subject/text, a bad link or days_before outside 0–120."""
    if not subject.strip():
        raise ValidationError({"subject": _("Skriv et emne.")})
    if not body.strip():
        raise ValidationError({"body": _("Skriv en tekst til deltagerne.")})
    if not 0 <= days_before <= 120:
        raise ValidationError({"days_before": _("Angiv et antal dage mellem 0 og 120.")})
    _check_links(article_links)
    mailing.subject, mailing.body = subject.strip(), body.strip()
    mailing.jti_url, mailing.article_links = jti_url.strip(), article_links.strip()
    mailing.days_before = days_before
    mailing.full_clean(exclude=["cohort"])


@transaction.atomic
def mailing_create(
    *,
    cohort: Cohort,
    subject: str,
    body: str,
    jti_url: str,
    article_links: str,
    days_before: int,
    by: User,
) -> PreStartMailing:
    """Write the cohort's pre-start mailing and schedule its send task
    (`clarification.tasks.mailing_schedule`).

    Raises ValidationError (Danish) on an empty subject/text, a bad link or days_before outside
    0–120, and the mailing's ConcurrentEditError (code "stale") when another consultant wrote
    the cohort's mailing since the page was loaded (change it with `mailing_update`).
    """
    from lederspor.clarification.tasks import mailing_schedule

    require_clarification(cohort)
    Cohort.objects.select_for_update().filter(pk=cohort.pk).first()
    if PreStartMailing.objects.filter(cohort=cohort).exists():
        raise PreStartMailing.stale_error()
    mailing = PreStartMailing(cohort=cohort)
    _mailing_set(
        mailing,
        subject=subject,
        body=body,
        jti_url=jti_url,
        article_links=article_links,
        days_before=days_before,
    )
    mailing.save()
    mailing_schedule(mailing)
    audit_record(
        actor=by,
        action=ClarificationAction.MAILING_CREATE,
        obj=mailing,
        summary=mailing.subject,
        days_before=days_before,
    )
    return mailing


@transaction.atomic
def mailing_update(
    *,
    mailing: PreStartMailing,
    expected_version: int,
    subject: str,
    body: str,
    jti_url: str,
    article_links: str,
    days_before: int,
    by: User,
) -> PreStartMailing:
    """Change the pre-start mailing and reschedule its send task; returns the saved mailing (a
    fresh copy of the row). Editing after it was sent changes nothing already sent.

    `expected_version`: the mailing's `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError (Danish) on an
    empty subject/text, a bad link or days_before outside 0–120.
    """
    from lederspor.clarification.tasks import mailing_schedule

    locked = lock_version(mailing, expected_version)
    _mailing_set(
        locked,
        subject=subject,
        body=body,
        jti_url=jti_url,
        article_links=article_links,
        days_before=days_before,
    )
    locked.save()
    mailing_schedule(locked)
    audit_record(
        actor=by,
        action=ClarificationAction.MAILING_UPDATE,
        obj=locked,
        summary=locked.subject,
        days_before=days_before,
    )
    return locked


def mailing_follow_cohort_dates(
    *, cohort: Cohort, old_starts_on: dt.date, old_ends_on: dt.date, by: User
) -> None:
    """The hub's `cohort_dates_moved` hook: when a Leder på spring cohort's start moves, its
    unsent pre-start mailing is scheduled for the new moment (the task already queued for the
    old moment finds it is no longer current and does nothing; see `tasks.py`). One audit row
    when the send time moved. Runs inside `programmes.services.cohort_update`'s transaction.
    """
    from lederspor.clarification.tasks import mailing_schedule

    if cohort.starts_on == old_starts_on:
        return
    mailing = PreStartMailing.objects.select_for_update().filter(cohort=cohort).first()
    if mailing is None or mailing.sent_at is not None:
        return
    mailing.cohort = cohort
    if mailing_schedule(mailing):
        audit_record(
            actor=by,
            action=ClarificationAction.MAILING_RESCHEDULE,
            obj=mailing,
            summary=mailing.subject,
            old_starts_on=old_starts_on.isoformat(),
            starts_on=cohort.starts_on.isoformat(),
        )


@transaction.atomic
def attachment_add(
    *, mailing: PreStartMailing, title: str, upload: UploadedFile[bytes], by: User
) -> MailingAttachment:
    """Attach an article file (PDF or Word .docx, at most `MAX_ATTACHMENT_BYTES`) to the
    mailing. Raises ValidationError (Danish) on a wrong type, a too large or empty file."""
    name = upload.name or ""
    if not name.lower().endswith((".pdf", ".docx")):
        raise ValidationError({"upload": _("Vedhæft en PDF- eller Word-fil (.pdf eller .docx).")})
    if upload.size is None or upload.size == 0:
        raise ValidationError({"upload": _("Filen er tom.")})
    try:
        check_file_size(
            upload.size, limits=UploadLimits.from_settings(max_bytes=MAX_ATTACHMENT_BYTES)
        )
    except ValidationError as exc:
        raise ValidationError({"upload": exc.messages}) from exc
    head = upload.read(4)
    upload.seek(0)
    expected = b"%PDF" if name.lower().endswith(".pdf") else b"PK\x03\x04"
    if head != expected:
        raise ValidationError({"upload": _("Filen er ikke en gyldig PDF- eller Word-fil.")})
    attachment = MailingAttachment(
        mailing=mailing,
        title=title.strip() or name.rsplit(".", 1)[0],
        size=upload.size,
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit_record(actor=by, action=ClarificationAction.ATTACHMENT_ADD, obj=attachment, summary=name)
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: MailingAttachment, by: User) -> None:
    """Remove an article file from the mailing (the file is deleted after commit)."""
    audit_record(
        actor=by,
        action=ClarificationAction.ATTACHMENT_DELETE,
        obj=attachment,
        summary=attachment.title,
    )
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    if name:  # always: an attachment is saved with its file
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def mailing_send_missing(*, mailing: PreStartMailing, by: User) -> int:
    """Send the mailing now to the enrolled participants who have not had it (e.g. enrolled
    after it went out). Returns how many were queued. Raises ValidationError before the
    mailing has gone out (it is sent by its schedule)."""
    from lederspor.clarification.mailing import mailing_deliver

    mailing = PreStartMailing.objects.select_for_update().get(pk=mailing.pk)
    if mailing.sent_at is None:
        raise ValidationError(_("Mailen er ikke sendt endnu; den sendes som planlagt."))
    count = mailing_deliver(mailing)
    if count:
        audit_record(
            actor=by, action=ClarificationAction.MAILING_SEND_MISSING, obj=mailing, n=count
        )
    return count


# --- JTI (seed 002 §1, §5 day 2) ---------------------------------------------------------------


@transaction.atomic
def jti_answered_set(*, enrolment: Enrolment, answered: bool, by: User) -> JtiRecord | None:
    """The participant records that they have answered the JTI analysis ("Jeg har besvaret
    JTI-analysen") or takes it back. Returns the record or None. Raises ValidationError unless
    the enrolment is enrolled on a Leder på spring cohort."""
    require_clarification(enrolment.cohort)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Kun optagne deltagere kan registrere JTI-analysen."))
    record = JtiRecord.objects.select_for_update().filter(enrolment=enrolment).first()
    if answered:
        if record is None:
            record = JtiRecord.objects.create(enrolment=enrolment, answered_at=timezone.now())
            audit_record(actor=by, action=ClarificationAction.JTI_ANSWERED, obj=enrolment)
        return record
    if record is not None:
        record.delete()
        audit_record(actor=by, action=ClarificationAction.JTI_UNANSWERED, obj=enrolment)
    return None


# --- homework (seed 002 §1, §6) ----------------------------------------------------------------


@transaction.atomic
def homework_create(
    *, session: Session, title: str, text: str, is_network_group_task: bool, by: User
) -> Homework:
    """Set a homework task for a teaching day. Raises ValidationError without a title or when
    `session` is not a teaching day of a Leder på spring cohort."""
    require_clarification(session.cohort)
    if session.kind != Session.Kind.TEACHING_DAY:
        raise ValidationError(_("Hjemmeopgaver hører til en undervisningsdag."))
    if not title.strip():
        raise ValidationError({"title": _("Skriv en titel på hjemmeopgaven.")})
    homework = Homework.objects.create(
        session=session,
        title=title.strip(),
        text=text.strip(),
        is_network_group_task=is_network_group_task,
    )
    audit_record(actor=by, action=ClarificationAction.HOMEWORK_CREATE, obj=homework, summary=title)
    return homework


@transaction.atomic
def homework_delete(*, homework: Homework, by: User) -> None:
    """Delete a homework task and the participants' done marks (audited with its text)."""
    audit_record(
        actor=by,
        action=ClarificationAction.HOMEWORK_DELETE,
        obj=homework,
        summary=homework.title,
        text=homework.text,
        session=homework.session_id,
    )
    homework.delete()


@transaction.atomic
def homework_mark(*, homework: Homework, enrolment: Enrolment, done: bool, by: User) -> bool:
    """Mark `homework` done (or not done) for `enrolment`. Returns the new state. Raises
    ValidationError when the enrolment is not enrolled on the homework's cohort."""
    if enrolment.cohort_id != homework.session.cohort_id:
        raise ValidationError(_("Hjemmeopgaven hører til et andet hold."))
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Kun optagne deltagere kan markere hjemmeopgaver."))
    existing = HomeworkStatus.objects.filter(homework=homework, enrolment=enrolment)
    if done and not existing.exists():
        HomeworkStatus.objects.create(
            homework=homework, enrolment=enrolment, done_at=timezone.now()
        )
        audit_record(actor=by, action=ClarificationAction.HOMEWORK_DONE, obj=homework)
    elif not done and existing.exists():
        existing.delete()
        audit_record(actor=by, action=ClarificationAction.HOMEWORK_UNDONE, obj=homework)
    return done


# --- the leader talk (seed 002 §5 day 5) -------------------------------------------------------


def _talk_check(enrolment: Enrolment, *, title: str, session: Session | None) -> None:
    """Raise ValidationError without a title, for a session of another cohort or unless the
    enrolment is enrolled on a Leder på spring cohort."""
    require_clarification(enrolment.cohort)
    if enrolment.status != Enrolment.Status.ENROLLED:
        raise ValidationError(_("Kun optagne deltagere kan have et lederindlæg."))
    if not title.strip():
        raise ValidationError({"title": _("Skriv en titel på lederindlægget.")})
    if session is not None and session.cohort_id != enrolment.cohort_id:
        raise ValidationError({"session": _("Vælg en af holdets undervisningsdage.")})


@transaction.atomic
def leader_talk_create(
    *, enrolment: Enrolment, title: str, session: Session | None, by: User
) -> LeaderTalk:
    """Register the participant's leader talk (*lederindlæg*) and the teaching day it is
    delivered on. Raises ValidationError without a title, for a session of another cohort or
    unless the enrolment is enrolled on a Leder på spring cohort, and the talk's
    ConcurrentEditError (code "stale") when the participant already has one (registered since
    the page was loaded; change it with `leader_talk_update`)."""
    _talk_check(enrolment, title=title, session=session)
    Enrolment.objects.select_for_update().filter(pk=enrolment.pk).first()
    if LeaderTalk.objects.filter(enrolment=enrolment).exists():
        raise LeaderTalk.stale_error()
    talk = LeaderTalk.objects.create(enrolment=enrolment, title=title.strip(), session=session)
    audit_record(actor=by, action=ClarificationAction.TALK_CREATE, obj=talk, summary=talk.title)
    return talk


@transaction.atomic
def leader_talk_update(
    *, talk: LeaderTalk, expected_version: int, title: str, session: Session | None, by: User
) -> LeaderTalk:
    """Rename the leader talk or move it to another teaching day; returns the saved talk (a
    fresh copy of the row). `expected_version`: the talk's `version` when the form was loaded;
    raises ConcurrentEditError (code "stale") if it was saved since (the participant and the
    consultants share it), ValidationError as `leader_talk_create`."""
    locked = lock_version(talk, expected_version)
    _talk_check(locked.enrolment, title=title, session=session)
    locked.title, locked.session = title.strip(), session
    locked.save(update_fields=["title", "session", "version", "updated_at"])
    audit_record(actor=by, action=ClarificationAction.TALK_UPDATE, obj=locked, summary=locked.title)
    return locked


def talk_feedback_opens_on(talk: LeaderTalk) -> dt.date | None:
    """The local date from which peers may give feedback on `talk`: the day of its teaching
    day (the talk is delivered on the 5th teaching day, seed 002 §5), or None when no day is
    set. Uses `talk.session` (select it with the talk)."""
    if talk.session is None:
        return None
    return timezone.localdate(talk.session.starts_at)


def talk_feedback_refusal(talk: LeaderTalk, today: dt.date | None = None) -> str:
    """ "" when peers may give feedback on `talk` on `today` (default: the local date), else
    the Danish reason: the talk has no teaching day yet, or it is held on a later day."""
    opens = talk_feedback_opens_on(talk)
    if opens is None:
        return _(
            "Lederindlægget har ikke fået en undervisningsdag endnu. Feedback kan gives fra den "
            "dag, indlægget holdes."
        )
    if (today or timezone.localdate()) < opens:
        return _("Lederindlægget holdes %(d)s. Feedback kan gives fra den dag.") % {
            "d": date_format(opens)
        }
    return ""


FEEDBACK_FIELDS = tuple(
    f"{key}_{part}" for key, _label in TALK_ASPECTS for part in ("feedback", "feedforward")
)


def _feedback_values(talk: LeaderTalk, author: Enrolment, values: dict[str, str]) -> dict[str, str]:
    """The `FEEDBACK_FIELDS` of `values`, stripped. Raises ValidationError (Danish) when the
    author is the speaker, not a seated peer on the talk's cohort, the talk is not held yet
    (before its teaching day, or no day set: `talk_feedback_refusal`), or writes nothing."""
    speaker = talk.enrolment
    if author.pk == speaker.pk:
        raise ValidationError(_("Du kan ikke give feedback på dit eget lederindlæg."))
    if author.cohort_id != speaker.cohort_id or author.status not in Enrolment.SEATED:
        raise ValidationError(_("Kun deltagere på samme hold kan give feedback."))
    refusal = talk_feedback_refusal(talk)
    if refusal:
        raise ValidationError(refusal)
    cleaned = {name: (values.get(name) or "").strip() for name in FEEDBACK_FIELDS}
    if not any(cleaned.values()):
        raise ValidationError(_("Skriv feedback eller feedforward til mindst ét punkt."))
    return cleaned


@transaction.atomic
def talk_feedback_create(
    *, talk: LeaderTalk, author: Enrolment, values: dict[str, str], by: User
) -> LeaderTalkFeedback:
    """Write `author`'s structured feedback and feedforward on `talk`; `values` maps the
    `FEEDBACK_FIELDS` to text.

    Raises ValidationError (Danish) when the author is the speaker, not a seated peer on the
    talk's cohort, the talk is not held yet (before its teaching day, or no day set:
    `talk_feedback_refusal`), or writes nothing; the feedback's ConcurrentEditError (code
    "stale") when the author already gave feedback on the talk since the page was loaded (e.g.
    in another tab; change it with `talk_feedback_update`).
    """
    cleaned = _feedback_values(talk, author, values)
    LeaderTalk.objects.select_for_update().filter(pk=talk.pk).first()
    if LeaderTalkFeedback.objects.filter(talk=talk, author=author).exists():
        raise LeaderTalkFeedback.stale_error()
    feedback = LeaderTalkFeedback.objects.create(talk=talk, author=author, **cleaned)
    audit_record(
        actor=by, action=ClarificationAction.FEEDBACK_CREATE, obj=feedback, summary=str(talk)
    )
    return feedback


@transaction.atomic
def talk_feedback_update(
    *,
    feedback: LeaderTalkFeedback,
    expected_version: int,
    values: dict[str, str],
    by: User,
) -> LeaderTalkFeedback:
    """Change the author's feedback and feedforward; returns the saved feedback (a fresh copy
    of the row). `expected_version`: its `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if it was saved since (e.g. in another tab),
    ValidationError as `talk_feedback_create`.
    """
    locked = lock_version(feedback, expected_version)
    cleaned = _feedback_values(locked.talk, locked.author, values)
    for name, text in cleaned.items():
        setattr(locked, name, text)
    locked.save(update_fields=[*cleaned, "version", "updated_at"])
    audit_record(
        actor=by,
        action=ClarificationAction.FEEDBACK_UPDATE,
        obj=locked,
        summary=str(locked.talk),
    )
    return locked
