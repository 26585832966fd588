"""Writes for programmes: cohorts, sessions, nominations and the enrolment life-cycle.

Every function is one transaction with one audit row per state change (STYLE.md §3).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lederspor.core.audit import audit_record
from lederspor.core.concurrency import lock_version
from lederspor.core.models import User
from lederspor.notifications import ics
from lederspor.notifications.services import absolute_url, email_send
from lederspor.people.models import Person
from lederspor.programmes import calendar
from lederspor.programmes.audit import ProgrammeAction
from lederspor.programmes.extensions import notify_cohort_dates_moved
from lederspor.programmes.models import Attendance, Cohort, Enrolment, Programme, Session

Status = Enrolment.Status


@transaction.atomic
def cohort_create(
    *,
    programme: Programme,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    consultants: list[Person],
    by: User,
    nomination_deadline: dt.date | None = None,
    description: str = "",
) -> Cohort:
    """Create a cohort (*hold*) of `programme`. Raises ValidationError on bad dates/capacity."""
    if not programme.is_operational:
        raise ValidationError(
            _("Forløbet %(name)s kan endnu ikke køres i Lederspor.") % {"name": programme.name}
        )
    cohort = Cohort(
        programme=programme,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        capacity=capacity,
        nomination_deadline=nomination_deadline,
        description=description,
    )
    if starts_on > ends_on:
        raise ValidationError({"ends_on": _("Slutdatoen skal ligge efter startdatoen.")})
    cohort.full_clean()
    cohort.save()
    cohort.consultants.set(consultants)
    audit_record(actor=by, action=ProgrammeAction.COHORT_CREATE, obj=cohort, summary=name)
    return cohort


@transaction.atomic
def cohort_update(
    *,
    cohort: Cohort,
    expected_version: int,
    by: User,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    capacity: int,
    consultants: list[Person],
    nomination_deadline: dt.date | None = None,
    description: str = "",
) -> Cohort:
    """Change a cohort's details; returns the saved cohort (a fresh copy of the row).

    `expected_version`: the cohort's `version` when the form was loaded. Raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError (Danish) if the
    capacity drops below the seats already taken, the dates are reversed or a session would
    fall outside the new period. Moved dates run the hub's `cohort_dates_moved` hooks.
    """
    cohort = lock_version(cohort, expected_version)
    seated = cohort.enrolments.filter(status__in=Enrolment.SEATED).count()
    if capacity < seated:
        raise ValidationError(
            {"capacity": _("Holdet har allerede %(n)d optagne deltagere.") % {"n": seated}}
        )
    if starts_on > ends_on:
        raise ValidationError({"ends_on": _("Slutdatoen skal ligge efter startdatoen.")})
    sessions = list(cohort.sessions.order_by("starts_at"))
    if sessions and (
        timezone.localdate(sessions[0].starts_at) < starts_on
        or timezone.localdate(sessions[-1].ends_at) > ends_on
    ):
        raise ValidationError(
            _("Holdets mødegange ligger uden for den nye periode. Flyt dem først.")
        )
    old_starts_on, old_ends_on = cohort.starts_on, cohort.ends_on
    cohort.name, cohort.starts_on, cohort.ends_on = name, starts_on, ends_on
    cohort.capacity, cohort.nomination_deadline, cohort.description = (
        capacity,
        nomination_deadline,
        description,
    )
    cohort.full_clean()
    cohort.save()
    cohort.consultants.set(consultants)
    audit_record(actor=by, action=ProgrammeAction.COHORT_UPDATE, obj=cohort, summary=name)
    if (old_starts_on, old_ends_on) != (starts_on, ends_on):
        notify_cohort_dates_moved(
            cohort=cohort, old_starts_on=old_starts_on, old_ends_on=old_ends_on, by=by
        )
    return cohort


def _check_session_times(cohort: Cohort, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("Mødegangen skal slutte efter den starter.")})
    first, last = timezone.localdate(starts_at), timezone.localdate(ends_at)
    if first < cohort.starts_on or last > cohort.ends_on:
        raise ValidationError(
            {
                "starts_at": _("Mødegangen skal ligge i holdets periode (%(start)s – %(end)s).")
                % {
                    "start": date_format(cohort.starts_on),
                    "end": date_format(cohort.ends_on),
                }
            }
        )


@transaction.atomic
def session_create(
    *,
    cohort: Cohort,
    kind: str,
    theme: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str = "",
    description: str = "",
    by: User,
) -> Session:
    """Add a dated session (e.g. a network meeting with its theme) to a cohort and queue its
    calendar invitation (METHOD:REQUEST, SEQUENCE 0) to the cohort's seated participants and
    consultants (`programmes.calendar`, issue #3 §6).

    Raises ValidationError if it ends before it starts or lies outside the cohort's period.
    """
    _check_session_times(cohort, starts_at, ends_at)
    session = Session(
        cohort=cohort,
        kind=kind,
        theme=theme,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place,
        description=description,
    )
    session.full_clean()
    session.save()
    audit_record(actor=by, action=ProgrammeAction.SESSION_CREATE, obj=session, summary=theme)
    calendar.session_invite(session)
    return session


@transaction.atomic
def session_update(
    *, session: Session, expected_version: int, by: User, **fields: object
) -> Session:
    """Change a session's kind, theme, times, place or description; returns the saved session
    (a fresh copy of the row, so a form that changed the passed instance cannot hide a move).

    `expected_version`: the session's `version` when the form was loaded; raises
    ConcurrentEditError (code "stale") if it was saved since, ValidationError (Danish) for
    times outside the cohort's period. A change of time or place bumps `ics_sequence` and
    re-sends the invitation (METHOD:REQUEST, same UID) to everyone on the cohort (issue #3 §6).
    """
    session = lock_version(session, expected_version)
    before = (session.starts_at, session.ends_at, session.place)
    for name in ("kind", "theme", "starts_at", "ends_at", "place", "description"):
        if name in fields:
            setattr(session, name, fields[name])
    _check_session_times(session.cohort, session.starts_at, session.ends_at)
    moved = (session.starts_at, session.ends_at, session.place) != before
    if moved:
        session.ics_sequence += 1
    session.full_clean()
    session.save()
    audit_record(
        actor=by, action=ProgrammeAction.SESSION_UPDATE, obj=session, summary=session.theme
    )
    if moved:
        calendar.session_invite(session)
    return session


@transaction.atomic
def session_delete(*, session: Session, by: User) -> None:
    """Delete a session and its attendance rows (audited with its details for undo by hand);
    everyone invited gets METHOD:CANCEL with a bumped SEQUENCE (issue #3 §6)."""
    session.ics_sequence += 1
    calendar.session_invite(session, method=ics.CANCEL)
    audit_record(
        actor=by,
        action=ProgrammeAction.SESSION_DELETE,
        obj=session,
        summary=session.theme,
        cohort=session.cohort_id,
        starts_at=session.starts_at.isoformat(),
        ends_at=session.ends_at.isoformat(),
        place=session.place,
        kind=session.kind,
    )
    session.delete()


@transaction.atomic
def attendance_set(*, session: Session, enrolment: Enrolment, status: str, by: User) -> Attendance:
    """Record whether an enrolled participant attended `session` (one row per pair)."""
    if enrolment.cohort_id != session.cohort_id:
        raise ValidationError(_("Deltageren er ikke på dette hold."))
    if enrolment.status not in Enrolment.SEATED:
        raise ValidationError(_("Kun optagne deltagere kan registreres."))
    attendance, _created = Attendance.objects.update_or_create(
        session=session, enrolment=enrolment, defaults={"status": status}
    )
    audit_record(actor=by, action=ProgrammeAction.ATTENDANCE_SET, obj=attendance, status=status)
    return attendance


@transaction.atomic
def attendance_clear(*, session: Session, enrolment: Enrolment, by: User) -> None:
    """Remove a registered attendance (back to "ikke registreret")."""
    deleted, _rows = Attendance.objects.filter(session=session, enrolment=enrolment).delete()
    if deleted:
        audit_record(
            actor=by, action=ProgrammeAction.ATTENDANCE_CLEAR, obj=enrolment, session=session.pk
        )


@transaction.atomic
def enrolment_reopen(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Undo a completion: completed → enrolled (the consultant clicked too early)."""
    _lock(enrolment)
    if enrolment.status != Status.COMPLETED:
        raise ValidationError(_("Kun gennemførte deltagelser kan genåbnes."))
    enrolment.status = Status.ENROLLED
    enrolment.completed_at = None
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(actor=by, action=ProgrammeAction.ENROLMENT_REOPEN, obj=enrolment)
    return enrolment


@transaction.atomic
def enrolment_nominate(
    *, cohort: Cohort, person: Person, nominated_by: Person, motivation: str, by: User
) -> Enrolment:
    """The nearest leader nominates (*indstiller*) `person` to `cohort` with a motivation.

    Seed 003: "Udgangspunktet for deltagelse i forløbet er en indstilling fra nærmeste leder."
    Raises ValidationError if the nominator is not the person's nearest leader, the motivation is
    empty, the cohort has ended or its deadline passed, the person is already nominated or on the
    cohort, or already nominated or enrolled on another cohort of the same programme. A rejected
    or withdrawn enrolment is reopened.
    """
    if person.manager_id != nominated_by.pk:
        raise ValidationError(_("Du kan kun indstille dine egne medarbejdere."))
    if not motivation.strip():
        raise ValidationError({"motivation": _("Skriv en begrundelse for indstillingen.")})
    today = timezone.localdate()
    if cohort.ends_on < today:
        raise ValidationError(_("Holdet er afsluttet."))
    if cohort.nomination_deadline and cohort.nomination_deadline < today:
        raise ValidationError(_("Fristen for indstilling til holdet er overskredet."))
    elsewhere = (
        Enrolment.objects.filter(
            person=person, cohort__programme_id=cohort.programme_id, status__in=Enrolment.ACTIVE
        )
        .exclude(cohort=cohort)
        .select_related("cohort")
        .first()
    )
    if elsewhere is not None:
        raise ValidationError(
            _(
                "%(name)s er allerede %(status)s på %(cohort)s. Meld fra dér, før du indstiller igen."
            )
            % {
                "name": person.full_name,
                "status": elsewhere.get_status_display().lower(),
                "cohort": elsewhere.cohort.name,
            }
        )
    existing = Enrolment.objects.select_for_update().filter(cohort=cohort, person=person).first()
    if existing and existing.status not in (Status.REJECTED, Status.WITHDRAWN):
        raise ValidationError(
            _("%(name)s er allerede %(status)s på holdet.")
            % {"name": person.full_name, "status": existing.get_status_display().lower()}
        )
    enrolment = existing or Enrolment(cohort=cohort, person=person)
    enrolment.status = Status.NOMINATED
    enrolment.nominated_by = nominated_by
    enrolment.nominated_at = timezone.now()
    enrolment.motivation = motivation.strip()
    enrolment.decided_by = None
    enrolment.decided_at = None
    enrolment.decision_reason = ""
    enrolment.withdrawn_at = None
    enrolment.withdrawal_reason = ""
    enrolment.waitlisted_at = None
    enrolment.save()
    audit_record(
        actor=by, action=ProgrammeAction.ENROLMENT_NOMINATE, obj=enrolment, summary=person.full_name
    )
    return enrolment


def _lock(enrolment: Enrolment) -> Enrolment:
    locked = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    enrolment.status = locked.status
    return enrolment


def _lock_cohort(enrolment: Enrolment) -> Cohort:
    """Lock the enrolment's cohort row (serialises every seat decision), then the enrolment."""
    cohort = Cohort.objects.select_for_update().get(pk=enrolment.cohort_id)
    _lock(enrolment)
    return cohort


@transaction.atomic
def enrolment_approve(
    *, enrolment: Enrolment, decided_by: Person | None, by: User, reason: str = ""
) -> Enrolment:
    """The consultant approves a nomination: the person takes a seat (status enrolled) and gets
    the invitations of the cohort's upcoming sessions (issue #3 §6).

    Raises ValidationError if it is not nominated, the cohort is full (capacity = seats), or
    the free seats belong to those on the waiting list (issue #16 §3: they come first).
    """
    cohort = _lock_cohort(enrolment)
    if enrolment.status != Status.NOMINATED:
        raise ValidationError(_("Kun indstillinger kan godkendes."))
    seated, waiting = _seats_taken_and_waiting(cohort.pk)
    if seated >= enrolment.cohort.capacity:
        raise ValidationError(
            _(
                "Holdet er fuldt (%(n)d pladser). Sæt indstillingen på venteliste, afvis den "
                "eller udvid holdet."
            )
            % {"n": enrolment.cohort.capacity}
        )
    if waiting >= enrolment.cohort.capacity - seated:
        raise ValidationError(
            _(
                "De ledige pladser tilbydes først dem på ventelisten (%(n)d venter). Sæt "
                "indstillingen på venteliste."
            )
            % {"n": waiting}
        )
    enrolment.status = Status.ENROLLED
    enrolment.decided_by = decided_by
    enrolment.decided_at = timezone.now()
    enrolment.decision_reason = reason.strip()
    enrolment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    audit_record(
        actor=by, action=ProgrammeAction.ENROLMENT_APPROVE, obj=enrolment, summary=str(enrolment)
    )
    calendar.enrolment_send_upcoming_sessions(enrolment)
    return enrolment


@transaction.atomic
def enrolment_reject(
    *, enrolment: Enrolment, decided_by: Person | None, by: User, reason: str
) -> Enrolment:
    """The consultant rejects a nomination with a reason (required)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en begrundelse for afvisningen.")})
    _lock(enrolment)
    if enrolment.status != Status.NOMINATED:
        raise ValidationError(_("Kun indstillinger kan afvises."))
    enrolment.status = Status.REJECTED
    enrolment.decided_by = decided_by
    enrolment.decided_at = timezone.now()
    enrolment.decision_reason = reason.strip()
    enrolment.save(
        update_fields=["status", "decided_by", "decided_at", "decision_reason", "updated_at"]
    )
    audit_record(
        actor=by, action=ProgrammeAction.ENROLMENT_REJECT, obj=enrolment, reason=reason.strip()
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, by: User, reason: str) -> Enrolment:
    """Withdraw a nominated, waitlisted or enrolled participant with a reason (required); an
    enrolled one gets METHOD:CANCEL for the cohort's sessions that have not ended (issue #14
    §2). A seat freed while someone waits is offered to the first on the waiting list on the
    cohort page and the nomination queue (`selectors.waitlist_offers`); the consultant
    confirms it with `waitlist_give_place` (issue #16 §3)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Skriv en årsag til udtrædelsen.")})
    _lock(enrolment)
    if enrolment.status not in (Status.NOMINATED, Status.WAITLISTED, Status.ENROLLED):
        raise ValidationError(
            _("Kun indstillede og optagne deltagere og dem på ventelisten kan udtræde.")
        )
    old = enrolment.status
    enrolment.status = Status.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.withdrawal_reason = reason.strip()
    enrolment.save(update_fields=["status", "withdrawn_at", "withdrawal_reason", "updated_at"])
    audit_record(
        actor=by,
        action=ProgrammeAction.ENROLMENT_WITHDRAW,
        obj=enrolment,
        old=old,
        reason=reason.strip(),
    )
    if old == Status.ENROLLED:
        calendar.enrolment_cancel_upcoming_sessions(enrolment)
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Mark an enrolled participant as having completed the programme."""
    _lock(enrolment)
    if enrolment.status != Status.ENROLLED:
        raise ValidationError(_("Kun optagne deltagere kan markeres som gennemført."))
    enrolment.status = Status.COMPLETED
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["status", "completed_at", "updated_at"])
    audit_record(actor=by, action=ProgrammeAction.ENROLMENT_COMPLETE, obj=enrolment)
    return enrolment


# --- the waiting list (issue #16 §3) ----------------------------------------------------------
#
# A nomination beyond the cohort's capacity goes on the waiting list (status waitlisted, in
# the order waitlisted_at, then pk). It counts as a running place (Enrolment.ACTIVE: one per
# person per programme) but takes no seat. When a seat is free (a participant withdrew, or the
# cohort grew) the first on the list is offered it on the cohort page and the nomination queue;
# the consultant confirms ("Giv pladsen til …") or skips them to the back of the list. Every
# write locks the cohort row first, so two consultants deciding at once are serialised and the
# capacity is checked inside the transaction.


def _seats_taken_and_waiting(cohort_id: int) -> tuple[int, int]:
    """(seated, waitlisted) enrolments of the cohort, in one query."""
    counts = Enrolment.objects.filter(cohort_id=cohort_id).aggregate(
        seated=Count("pk", filter=Q(status__in=Enrolment.SEATED)),
        waiting=Count("pk", filter=Q(status=Status.WAITLISTED)),
    )
    return counts["seated"], counts["waiting"]


def waitlist_position(enrolment: Enrolment) -> int:
    """The 1-based place of a waitlisted `enrolment` on its cohort's list (order `waitlisted_at`,
    then pk); one query. Raises ValueError if it is not on the waiting list."""
    if enrolment.status != Status.WAITLISTED or enrolment.waitlisted_at is None:
        raise ValueError("not on the waiting list")
    return Enrolment.objects.filter(
        Q(waitlisted_at__lt=enrolment.waitlisted_at)
        | Q(waitlisted_at=enrolment.waitlisted_at, pk__lte=enrolment.pk),
        cohort_id=enrolment.cohort_id,
        status=Status.WAITLISTED,
    ).count()


def _leaders_to_tell(enrolment: Enrolment) -> list[Person]:
    """Who nominated the participant and their nearest leader now (each once, with e-mail)."""
    people: dict[int, Person] = {}
    for person in (enrolment.nominated_by, enrolment.person.manager):
        if person is not None and person.pk != enrolment.person_id and person.email:
            people.setdefault(person.pk, person)
    return list(people.values())


def _enrolment_url(enrolment: Enrolment) -> str:
    return absolute_url(reverse("programmes:enrolment_detail", args=[enrolment.pk]))


@transaction.atomic
def enrolment_waitlist(*, enrolment: Enrolment, by: User) -> Enrolment:
    """The consultant puts a nomination on the cohort's waiting list ("Sæt på venteliste").

    Allowed when the cohort is full or its free seats already belong to those waiting (issue
    #16 §3). The leaders (`nominated_by` and the nearest leader) get the mail
    `programmes/email/waitlisted` with the position (subject without private content).
    Returns the enrolment (status waitlisted, `waitlisted_at` now). Raises ValidationError if
    it is not a nomination, or a seat is free for it (approve it instead).
    """
    cohort = _lock_cohort(enrolment)
    if enrolment.status != Status.NOMINATED:
        raise ValidationError(_("Kun indstillinger kan sættes på venteliste."))
    seated, waiting = _seats_taken_and_waiting(cohort.pk)
    if seated + waiting < cohort.capacity:
        raise ValidationError(
            _("Der er en ledig plads på holdet til %(name)s. Godkend indstillingen i stedet.")
            % {"name": enrolment.person.full_name}
        )
    enrolment.status = Status.WAITLISTED
    enrolment.waitlisted_at = timezone.now()
    enrolment.save(update_fields=["status", "waitlisted_at", "updated_at"])
    position = waitlist_position(enrolment)
    audit_record(
        actor=by,
        action=ProgrammeAction.WAITLIST_ADD,
        obj=enrolment,
        summary=str(enrolment),
        position=position,
    )
    email_send(
        to=_leaders_to_tell(enrolment),
        template="programmes/email/waitlisted",
        context={
            "enrolment": enrolment,
            "cohort": cohort,
            "position": position,
            "url": _enrolment_url(enrolment),
        },
        kind="programmes.waitlisted",
        about=enrolment,
        cohort_id=cohort.pk,
    )
    return enrolment


def _lock_waitlisted(enrolment: Enrolment) -> Cohort:
    """Lock `enrolment`'s cohort (`_lock_cohort`) and check the enrolment is still on its
    waiting list, with its current place (`waitlisted_at` re-read). Returns the locked cohort.
    Raises ValidationError (Danish) when it has left the list meanwhile."""
    cohort = _lock_cohort(enrolment)
    if enrolment.status != Status.WAITLISTED:
        raise ValidationError(
            _("%(name)s står ikke længere på ventelisten (status: %(status)s).")
            % {
                "name": enrolment.person.full_name,
                "status": enrolment.get_status_display().lower(),
            }
        )
    enrolment.refresh_from_db(fields=["waitlisted_at"])
    return cohort


@transaction.atomic
def waitlist_give_place(*, enrolment: Enrolment, decided_by: Person | None, by: User) -> Enrolment:
    """The consultant gives a free seat to a person on the waiting list ("Giv pladsen til …").

    The person becomes enrolled, gets the invitations of the cohort's upcoming sessions, and
    they and their leaders get the mail `programmes/email/waitlist_place` (issue #16 §3).
    Only the first ones on the list may be given a seat (as many as there are free seats).
    Raises ValidationError if the enrolment is no longer on the waiting list (e.g. another
    consultant just gave it the seat), the seats are taken, or others are before it.
    """
    cohort = _lock_waitlisted(enrolment)
    seated, _waiting = _seats_taken_and_waiting(cohort.pk)
    free = cohort.capacity - seated
    if free <= 0:
        raise ValidationError(
            _("Pladsen er allerede besat: alle %(n)d pladser på holdet er optaget.")
            % {"n": cohort.capacity}
        )
    position = waitlist_position(enrolment)
    if position > free:
        raise ValidationError(
            _("%(name)s er nr. %(position)d på ventelisten. Pladsen tilbydes først dem før.")
            % {"name": enrolment.person.full_name, "position": position}
        )
    enrolment.status = Status.ENROLLED
    enrolment.decided_by = decided_by
    enrolment.decided_at = timezone.now()
    enrolment.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=by,
        action=ProgrammeAction.WAITLIST_GIVE_PLACE,
        obj=enrolment,
        summary=str(enrolment),
        position=position,
    )
    calendar.enrolment_send_upcoming_sessions(enrolment)
    participant = [enrolment.person] if enrolment.person.email else []
    email_send(
        to=participant + _leaders_to_tell(enrolment),
        template="programmes/email/waitlist_place",
        context=lambda person: {
            "enrolment": enrolment,
            "cohort": cohort,
            "for_participant": person.pk == enrolment.person_id,
            "url": _enrolment_url(enrolment),
        },
        kind="programmes.waitlist_place",
        about=enrolment,
        cohort_id=cohort.pk,
    )
    return enrolment


@transaction.atomic
def waitlist_skip(*, enrolment: Enrolment, by: User) -> Enrolment:
    """Skip the person offered a seat ("Spring over"): they move to the back of the waiting
    list (`waitlisted_at` now) and the next one is offered the seat (issue #16 §3). To take
    them off the list instead, withdraw the enrolment (`enrolment_withdraw`, with a reason).

    Raises ValidationError if it is not on the waiting list or nobody else waits.
    """
    cohort = _lock_waitlisted(enrolment)
    _seated, waiting = _seats_taken_and_waiting(cohort.pk)
    if waiting < 2:
        raise ValidationError(
            _("%(name)s er den eneste på ventelisten; der er ingen at springe videre til.")
            % {"name": enrolment.person.full_name}
        )
    old_position = waitlist_position(enrolment)
    enrolment.waitlisted_at = timezone.now()
    enrolment.save(update_fields=["waitlisted_at", "updated_at"])
    audit_record(
        actor=by,
        action=ProgrammeAction.WAITLIST_SKIP,
        obj=enrolment,
        summary=str(enrolment),
        old_position=old_position,
        position=waitlist_position(enrolment),
    )
    return enrolment
